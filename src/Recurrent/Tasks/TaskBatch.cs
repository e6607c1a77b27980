// B generated sequences of one task, laid out as a model's workspace wants them (time-major, row t·B + b), with
// their targets. Generators fill it in place, so a training loop draws a fresh batch every step without allocating.
using System.Numerics;
using Recurrent.Data;
using Recurrent.Models;
using Recurrent.Numerics;

namespace Recurrent.Tasks;

/// <summary>Inputs (T × B tokens, or T × B × I values) and targets (B classes, or B × O values) of one batch.</summary>
public sealed class TaskBatch
{
    /// <summary>Room for <paramref name="batch"/> sequences of <paramref name="task"/>.</summary>
    /// <exception cref="RecurrentException">The sequences would not fit in one array or in the memory free now.</exception>
    public TaskBatch(SequenceTask task, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        Task = task;
        Batch = batch;
        bool tokens = task.Input != InputKind.Dense;
        long values = MemoryBudget.Product(task.Length, batch, tokens ? 1 : task.InputSize);
        MemoryBudget.Ensure(values, MemoryBudget.Product(values, tokens ? sizeof(int) : sizeof(double)),
            $"{batch:N0} sequences of {task.Length:N0} steps of {task.Name}", "batch", "length");
        Tokens = tokens ? new int[task.Length * batch] : [];
        Inputs = tokens ? [] : new double[task.Length * batch * task.InputSize];
        TargetValues = task.Head == HeadKind.Regression ? new double[batch * task.OutputSize] : [];
        TargetClasses = task.Head == HeadKind.Classification ? new int[batch] : [];
    }

    /// <summary>The task whose sequences the batch holds; it sets T, the input form and the targets.</summary>
    public SequenceTask Task { get; }

    /// <summary>B, the number of sequences.</summary>
    public int Batch { get; }

    /// <summary>T, the steps of every sequence.</summary>
    public int Steps => Task.Length;

    /// <summary>(T × B) input symbols, for token tasks; empty otherwise.</summary>
    public int[] Tokens { get; }

    /// <summary>(T × B × I) input vectors, for dense tasks; empty otherwise.</summary>
    public double[] Inputs { get; }

    /// <summary>(B × O) regression targets; empty for classification tasks.</summary>
    public double[] TargetValues { get; }

    /// <summary>(B) target classes; empty for regression tasks.</summary>
    public int[] TargetClasses { get; }

    /// <summary>The symbol of sequence b at step t.</summary>
    public ref int Token(int t, int b) => ref Tokens[t * Batch + b];

    /// <summary>Element i of sequence b's input vector at step t.</summary>
    public ref double Input(int t, int b, int i) => ref Inputs[(t * Batch + b) * Task.InputSize + i];

    /// <summary>Copies the inputs and targets into a batch's buffers (a workspace's <c>Buffers</c> for B sequences of T steps).</summary>
    /// <exception cref="ArgumentException">The buffers do not hold this batch's inputs and targets.</exception>
    public void CopyTo<T>(BatchBuffers<T> buffers) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (buffers.Tokens.Length != Tokens.Length || buffers.Inputs.Length != Inputs.Length
            || buffers.TargetValues.Length != TargetValues.Length || buffers.Targets.Length != TargetClasses.Length)
            throw new ArgumentException($"The buffers do not hold {Batch} sequences of {Steps} steps of {Task.Name} and their targets.", nameof(buffers));
        Tokens.CopyTo(buffers.Tokens);
        for (int k = 0; k < Inputs.Length; k++)
            buffers.Inputs[k] = T.CreateChecked(Inputs[k]);
        for (int k = 0; k < TargetValues.Length; k++)
            buffers.TargetValues[k] = T.CreateChecked(TargetValues[k]);
        TargetClasses.CopyTo(buffers.Targets);
    }
}
