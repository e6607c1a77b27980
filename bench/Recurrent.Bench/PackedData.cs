// The packed workload's sequences, made once from one seed so that both sides read the same batches. Batches are
// formed as a bucketing data loader forms them: sequences ordered by length and cut into batches of B, so that a
// batch pads little, and the batches visited in a shuffled (fixed) order. Within a batch the rows stay in length
// order; TorchSharp's pack_padded_sequence(enforce_sorted: false) sorts each batch itself either way.
using Recurrent.Numerics;

namespace Recurrent.Bench;

internal sealed class PackedData
{
    public PackedData(PackedShape shape, ulong seed = 1414)
    {
        Shape = shape;
        var rng = new Rng(seed);
        var sequences = new int[shape.Sequences][];
        var labels = new int[shape.Sequences];
        for (int n = 0; n < sequences.Length; n++)
        {
            sequences[n] = new int[shape.MinLength + rng.NextInt(shape.MaxLength - shape.MinLength + 1)];
            for (int t = 0; t < sequences[n].Length; t++)
                sequences[n][t] = rng.NextInt(shape.Vocabulary);
            labels[n] = rng.NextInt(PackedShape.Classes);
        }
        int[] byLength = [.. Enumerable.Range(0, sequences.Length).OrderBy(n => sequences[n].Length).ThenBy(n => n)];
        Batches = new PackedBatch[shape.Batches];
        for (int k = 0; k < Batches.Length; k++)
        {
            var members = byLength.AsSpan(k * shape.Batch, shape.Batch).ToArray();
            Batches[k] = new PackedBatch([.. members.Select(n => sequences[n])], [.. members.Select(n => labels[n])]);
        }
        for (int k = Batches.Length - 1; k > 0; k--) // Fisher-Yates over the batch order
        {
            int j = rng.NextInt(k + 1);
            (Batches[k], Batches[j]) = (Batches[j], Batches[k]);
        }
        // The agreement check's batch: the first B sequences as drawn, so its lengths spread over the whole range and
        // the masking (and each reverse direction's start) is exercised, which the sorted batches barely do.
        Check = new PackedBatch(sequences[..shape.Batch], labels[..shape.Batch]);
        MaxSteps = Batches.Max(b => b.Steps);
        ValidSteps = Batches.Sum(b => (long)b.Lengths.Sum());
        PaddedSteps = Batches.Sum(b => (long)b.Steps * b.Batch);
    }

    public PackedShape Shape { get; }

    /// <summary>The batches of a pass, in the order both sides visit them.</summary>
    public PackedBatch[] Batches { get; }

    /// <summary>A batch of widely spread lengths, for the agreement check (not timed).</summary>
    public PackedBatch Check { get; }

    /// <summary>The longest batch's T: the steps Recurrent's workspace is sized for.</summary>
    public int MaxSteps { get; }

    /// <summary>Σ lengths over a pass: the steps a packed LSTM computes per layer and direction.</summary>
    public long ValidSteps { get; }

    /// <summary>Σ T·B over a pass: the steps Recurrent computes (it masks the padding, but still runs every row of every step).</summary>
    public long PaddedSteps { get; }
}
