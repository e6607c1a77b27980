// The fixed test sequences a task run is evaluated on: drawn once, from a seed of their own that no training
// stream uses, so every run (any cell, any --seed) is measured on the same sequences and never trains on them.
using System.Numerics;
using Recurrent.Data;
using Recurrent.Models;
using Recurrent.Numerics;

namespace Recurrent.Tasks;

/// <summary>N held-out sequences of a task, in batches of up to <see cref="ChunkSize"/>; an example set for validations.</summary>
public sealed class HeldOutSet : IExampleSet
{
    /// <summary>The seed of held-out sequences; training streams are seeded from --seed through another mix.</summary>
    public const ulong DefaultSeed = 0x7E57_5E7D_A7A5_0001UL;

    /// <summary>Sequences per evaluation batch.</summary>
    public const int ChunkSize = 100;

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is not positive.</exception>
    public HeldOutSet(SequenceTask task, int size, ulong seed = DefaultSeed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        long values = MemoryBudget.Product(task.Length, size, task.Input == InputKind.Dense ? task.InputSize : 1);
        MemoryBudget.Ensure(values, MemoryBudget.Product(values, sizeof(double)), $"a held-out set of {size:N0} sequences of {task.Length:N0} steps",
            "testSize", "length");
        Task = task;
        Count = size;
        var rng = new Rng(seed);
        var batches = new List<TaskBatch>();
        for (int start = 0; start < size; start += ChunkSize)
            batches.Add(task.NewBatch(rng, Math.Min(ChunkSize, size - start)));
        Batches = batches;
    }

    /// <summary>The task the sequences were drawn from.</summary>
    public SequenceTask Task { get; }

    /// <summary>N, the number of sequences.</summary>
    public int Count { get; }

    /// <summary>The sequences, in batches of <see cref="ChunkSize"/> (the last may be smaller).</summary>
    public IReadOnlyList<TaskBatch> Batches { get; }

    /// <summary>T, the task's length.</summary>
    public int Steps => Task.Length;

    /// <summary>Sequences [start, start + count) as one batch of <paramref name="count"/>.</summary>
    public void Fill<T>(int start, int count, BatchBuffers<T> batch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (start < 0 || count < 1 || start > Count - count)
            throw new ArgumentOutOfRangeException(nameof(start), $"Sequences [{start}, {start + count}) are not within [0, {Count}).");
        int rows = Steps * count;
        if (batch.Tokens.Length != (Task.Input == InputKind.Dense ? 0 : rows) || batch.Inputs.Length != (Task.Input == InputKind.Dense ? rows * Task.InputSize : 0)
            || batch.Targets.Length != (Task.Head == HeadKind.Classification ? count : 0)
            || batch.TargetValues.Length != (Task.Head == HeadKind.Regression ? count * Task.OutputSize : 0))
            throw new ArgumentException($"The buffers do not hold {count} sequences of {Steps} steps of {Task.Name} and their targets " +
                "(a model of the task's input with its head on the last step).", nameof(batch));
        if (start % ChunkSize == 0 && Batches[start / ChunkSize].Batch == count)
        {
            Batches[start / ChunkSize].CopyTo(batch); // a whole stored batch: as drawn
            return;
        }
        int inputs = Task.InputSize, outputs = Task.OutputSize;
        for (int b = 0; b < count; b++)
        {
            var from = Batches[(start + b) / ChunkSize];
            int within = (start + b) % ChunkSize;
            for (int t = 0; t < Steps; t++)
            {
                if (from.Tokens.Length > 0)
                    batch.Tokens[t * count + b] = from.Token(t, within);
                else
                    for (int i = 0; i < inputs; i++)
                        batch.Inputs[(t * count + b) * inputs + i] = T.CreateChecked(from.Input(t, within, i));
            }
            if (from.TargetClasses.Length > 0)
                batch.Targets[b] = from.TargetClasses[within];
            for (int o = 0; o < from.TargetValues.Length / from.Batch; o++)
                batch.TargetValues[b * outputs + o] = T.CreateChecked(from.TargetValues[within * outputs + o]);
        }
    }
}
