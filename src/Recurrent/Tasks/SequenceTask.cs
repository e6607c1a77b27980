// A long-range task: a distribution over fixed-length sequences with a target each, drawn from a seeded generator.
// A task says what its model must look like (input form and size, head and output size), how to draw one
// sequence, and when a prediction counts as solving a sequence. Subclasses: AddingTask, TemporalOrderTask,
// RecallTask, EmbeddedReberTask.
using Recurrent.Models;
using Recurrent.Numerics;

namespace Recurrent.Tasks;

/// <summary>A generator of (inputs, target) sequences of T steps for a many-to-one model.</summary>
public abstract class SequenceTask
{
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is below the task's minimum.</exception>
    protected SequenceTask(int length, int minimumLength)
    {
        if (length < minimumLength)
            throw new ArgumentOutOfRangeException(nameof(length), length, $"The sequence length must be at least {minimumLength}.");
        Length = length;
    }

    /// <summary>The name used on the command line.</summary>
    public abstract string Name { get; }

    /// <summary>T, the steps of every sequence.</summary>
    public int Length { get; }

    /// <summary>Dense vectors or one-hot symbols.</summary>
    public abstract InputKind Input { get; }

    /// <summary>I: the values per step, or the number of symbols.</summary>
    public abstract int InputSize { get; }

    /// <summary>Regression (O values) or classification (C classes), read on the last step.</summary>
    public abstract HeadKind Head { get; }

    /// <summary>O values (regression) or C classes (classification).</summary>
    public abstract int OutputSize { get; }

    /// <summary>The fraction of sequences a predictor without memory solves: 1/C for the balanced classification tasks.</summary>
    public abstract double Chance { get; }

    /// <summary>
    /// Regression: the prediction of the best input-independent predictor, E[target] (NaN for classification), and its
    /// expected squared error, Var(target): the level a model that remembers nothing stays at.
    /// </summary>
    public virtual (double Prediction, double ExpectedMse) ConstantPredictor => (double.NaN, double.NaN);

    /// <summary>Draws sequence b of <paramref name="batch"/> (inputs at every step and its target).</summary>
    protected abstract void Draw(Rng rng, TaskBatch batch, int b);

    /// <summary>Whether a regression prediction solves a sequence (classification: the arg-max class equals the target).</summary>
    public virtual bool Solves(ReadOnlySpan<double> prediction, ReadOnlySpan<double> target) =>
        throw new NotSupportedException($"{Name} is not a regression task.");

    /// <summary>The spec of a model for this task with the given cell and sizes: its input, and its head on the last step.</summary>
    public ModelSpec ModelSpec(CellKind cell, int hidden, int layers) =>
        new(cell, Input, InputSize, hidden, layers, OutputSize) { Head = Head, Readout = Readout.LastStep };

    /// <summary>Whether a model of <paramref name="spec"/> reads this task's inputs and has its head, on the last step (any cell and sizes).</summary>
    public bool Fits(ModelSpec spec) =>
        spec.Input == Input && spec.InputSize == InputSize && spec.Head == Head && spec.OutputSize == OutputSize && spec.Readout == Readout.LastStep;

    /// <summary>Fills every sequence of <paramref name="batch"/> with fresh draws from <paramref name="rng"/>.</summary>
    /// <exception cref="ArgumentException">The batch was made for another task.</exception>
    public void Fill(Rng rng, TaskBatch batch)
    {
        if (batch.Task != this)
            throw new ArgumentException("The batch was made for another task.", nameof(batch));
        for (int b = 0; b < batch.Batch; b++)
            Draw(rng, batch, b);
    }

    /// <summary>A new batch of <paramref name="size"/> sequences drawn from <paramref name="rng"/>.</summary>
    public TaskBatch NewBatch(Rng rng, int size)
    {
        var batch = new TaskBatch(this, size);
        Fill(rng, batch);
        return batch;
    }

    /// <summary>A short description of the task, its input and its target, for reports.</summary>
    public abstract string Describe();
}
