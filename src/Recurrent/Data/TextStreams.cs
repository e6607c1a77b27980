// The char-rnn batching of a training text: B contiguous streams of length S = floor(n/B) (the rest
// is dropped), read in windows of T steps. An epoch has W = floor((S-1)/T) windows; step k reads
// window j = k mod W: inputs are characters [jT, jT+T) of every stream, targets one position later.
// Because stream b's window j+1 continues its window j, the hidden state can carry across windows.
using System.Numerics;

namespace Recurrent.Data;

/// <summary>Cuts a token sequence into B streams and fills (T × B) input/target windows from them.</summary>
public sealed class TextStreams : IBatchSource
{
    private readonly ReadOnlyMemory<int> _tokens; // a view: the training part of a text is never copied

    /// <exception cref="RecurrentException">The text is too short for a single window.</exception>
    public TextStreams(ReadOnlyMemory<int> tokens, int batch, int steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        _tokens = tokens;
        Batch = batch;
        Steps = steps;
        StreamLength = tokens.Length / batch;
        WindowsPerEpoch = StreamLength > 0 ? (StreamLength - 1) / steps : 0;
        if (WindowsPerEpoch < 1)
            throw new RecurrentException(
                $"The training text has {tokens.Length} characters, too few for {batch} stream(s) of {steps + 1} " +
                $"(batch × (seqLen + 1) = {(long)batch * (steps + 1)}); lower batch or seqLen, or use more text.", "batch", "seqLen");
    }

    /// <summary>B, the number of streams.</summary>
    public int Batch { get; }

    /// <summary>T, the steps of a window.</summary>
    public int Steps { get; }

    /// <summary>S = floor(n/B), the length of each stream.</summary>
    public int StreamLength { get; }

    /// <summary>W = floor((S-1)/T), windows in an epoch.</summary>
    public int WindowsPerEpoch { get; }

    /// <summary>True: stream b's window j+1 continues its window j.</summary>
    public bool CarriesState => true;

    /// <summary>The window that step k reads: k mod W. Window 0 starts an epoch (and a zero state).</summary>
    public int WindowOf(long step) => (int)(step % WindowsPerEpoch);

    /// <summary>Fills input tokens and target classes (T × B, row t·B + b) for step <paramref name="step"/>; returns its window j.</summary>
    /// <exception cref="ArgumentException">The buffers are not token inputs with a class target at every step.</exception>
    public int Fill<T>(long step, BatchBuffers<T> batch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = Steps * Batch;
        Span<int> inputs = batch.Tokens, targets = batch.Targets;
        if (inputs.Length != rows || targets.Length != rows || !batch.Inputs.IsEmpty || !batch.TargetValues.IsEmpty)
            throw new ArgumentException($"A text's windows need {rows} input tokens and {rows} target classes (a token model with a class head at every step).",
                nameof(batch));
        int window = WindowOf(step);
        ReadOnlySpan<int> tokens = _tokens.Span;
        for (int t = 0; t < Steps; t++)
        {
            for (int b = 0; b < Batch; b++)
            {
                int position = b * StreamLength + window * Steps + t;
                inputs[t * Batch + b] = tokens[position];
                targets[t * Batch + b] = tokens[position + 1];
            }
        }
        return window;
    }

    /// <summary>Null: a window is a function of the step alone.</summary>
    public ulong[]? GetState() => null;

    /// <summary>Nothing to restore.</summary>
    public void SetState(ulong[] state)
    {
    }
}
