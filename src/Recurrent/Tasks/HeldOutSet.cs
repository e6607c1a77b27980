// The fixed test sequences a task run is evaluated on: drawn once, from a seed of their own that no training
// stream uses, so every run (any cell, any --seed) is measured on the same sequences and never trains on them.
using Recurrent.Numerics;

namespace Recurrent.Tasks;

/// <summary>N held-out sequences of a task, in batches of up to <see cref="ChunkSize"/>.</summary>
public sealed class HeldOutSet
{
    /// <summary>The seed of held-out sequences; training streams are seeded from --seed through another mix.</summary>
    public const ulong DefaultSeed = 0x7E57_5E7D_A7A5_0001UL;

    /// <summary>Sequences per evaluation batch.</summary>
    public const int ChunkSize = 100;

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is not positive.</exception>
    public HeldOutSet(SequenceTask task, int size, ulong seed = DefaultSeed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        Task = task;
        Count = size;
        var rng = new Rng(seed);
        var batches = new List<TaskBatch>();
        for (int start = 0; start < size; start += ChunkSize)
            batches.Add(task.NewBatch(rng, Math.Min(ChunkSize, size - start)));
        Batches = batches;
    }

    public SequenceTask Task { get; }

    /// <summary>N, the number of sequences.</summary>
    public int Count { get; }

    /// <summary>The sequences, in batches of <see cref="ChunkSize"/> (the last may be smaller).</summary>
    public IReadOnlyList<TaskBatch> Batches { get; }
}
