// The random tokens both sides read, made once from one seed so that both see the same data.
// A few windows are cycled: the cost of a step does not depend on which tokens it reads. Recurrent's trainer
// reads them as a batch source whose windows carry the state (reset every WindowCount windows, an "epoch").
using System.Numerics;
using Recurrent.Data;
using Recurrent.Numerics;

namespace Recurrent.Bench;

/// <summary>W windows of (T × B) input and target tokens, time-major, and a stream for generation.</summary>
internal sealed class TokenData : IBatchSource
{
    public const int WindowCount = 4, StreamLength = 4096;

    public TokenData(BenchShape shape, ulong seed = 1234)
    {
        Batch = shape.Batch;
        Steps = shape.Steps;
        var rng = new Rng(seed);
        int rows = shape.Steps * shape.Batch;
        Inputs = new int[WindowCount][];
        Targets = new int[WindowCount][];
        for (int w = 0; w < WindowCount; w++)
        {
            Inputs[w] = new int[rows];
            Targets[w] = new int[rows];
            for (int r = 0; r < rows; r++)
            {
                Inputs[w][r] = rng.NextInt(shape.Vocabulary);
                Targets[w][r] = rng.NextInt(shape.Vocabulary);
            }
        }
        Stream = new int[StreamLength];
        for (int k = 0; k < Stream.Length; k++)
            Stream[k] = rng.NextInt(shape.Vocabulary);
    }

    /// <summary>(W) windows of (T × B) input tokens, row t·B + b.</summary>
    public int[][] Inputs { get; }

    /// <summary>(W) windows of (T × B) target tokens.</summary>
    public int[][] Targets { get; }

    /// <summary>Tokens fed one at a time when generating.</summary>
    public int[] Stream { get; }

    public int Batch { get; }

    public int Steps { get; }

    public bool CarriesState => true;

    public int WindowsPerEpoch => WindowCount;

    /// <summary>Window step mod W into the trainer's buffers.</summary>
    public int Fill<T>(long step, BatchBuffers<T> batch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int window = (int)(step % WindowCount);
        Inputs[window].CopyTo(batch.Tokens);
        Targets[window].CopyTo(batch.Targets);
        return window;
    }

    public ulong[]? GetState() => null;

    public void SetState(ulong[] state)
    {
    }
}
