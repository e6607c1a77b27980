// One batch of the packed workload as both sides read it: B sequences padded to the longest of them (token 0), time-major.
using Recurrent.Models;

namespace Recurrent.Bench;

/// <summary>(T × B) padded tokens, row t·B + b, with T the batch's longest length; each sequence's length and class.</summary>
internal sealed class PackedBatch
{
    /// <summary>Pads <paramref name="sequences"/> to the longest (token 0 after each one's end).</summary>
    public PackedBatch(IReadOnlyList<int[]> sequences, IReadOnlyList<int> labels)
    {
        int batch = sequences.Count;
        Steps = sequences.Max(s => s.Length);
        Tokens = new int[Steps * batch];
        Lengths = new int[batch];
        Labels = [.. labels];
        for (int b = 0; b < batch; b++)
        {
            Lengths[b] = sequences[b].Length;
            for (int t = 0; t < Lengths[b]; t++)
                Tokens[t * batch + b] = sequences[b][t];
        }
    }

    /// <summary>T, the batch's longest length: the steps a Forward over it runs.</summary>
    public int Steps { get; }

    /// <summary>(T × B) tokens, 0 past each sequence's end.</summary>
    public int[] Tokens { get; }

    /// <summary>(B) each sequence's length.</summary>
    public int[] Lengths { get; }

    /// <summary>(B) each sequence's class.</summary>
    public int[] Labels { get; }

    /// <summary>B, the sequences.</summary>
    public int Batch => Lengths.Length;

    /// <summary>Writes tokens, lengths and classes into a workspace of B sequences and at least T steps (copies, no allocation).</summary>
    public void WriteTo(ModelWorkspace<float> workspace)
    {
        Tokens.CopyTo(workspace.Tokens, 0);
        Lengths.CopyTo(workspace.Lengths, 0);
        Labels.CopyTo(workspace.Targets, 0);
    }
}
