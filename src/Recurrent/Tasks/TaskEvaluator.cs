// Measures a model on a task's held-out set from the zero state: the mean loss, the fraction solved (the right class,
// or a regression within the task's tolerance), and for regression the constant predictor's MSE on the same
// sequences. The scoring is ExampleValidation's, in the held-out set's batches of 100.
using System.Numerics;
using Recurrent.Models;
using Recurrent.Training;

namespace Recurrent.Tasks;

/// <summary>Scores a model on a <see cref="HeldOutSet"/>; as a training session's validator, the loss and the fraction solved.</summary>
public sealed class TaskEvaluator<T> : IValidator where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ExampleValidation<T> _validation;

    /// <exception cref="ArgumentException">The model's input or head does not fit the task.</exception>
    public TaskEvaluator(RecurrentModel<T> model, HeldOutSet set)
    {
        var task = set.Task;
        if (!task.Fits(model.Spec))
            throw new ArgumentException($"The model does not fit the task {task.Name}.", nameof(model));
        _validation = new ExampleValidation<T>(model, set, HeldOutSet.ChunkSize, task.Head == HeadKind.Regression ? task.Solves : null);
        ConstantMseOfSet = ConstantMse(set);
    }

    /// <summary>The constant predictor's MSE on this set (see <see cref="ConstantMse(HeldOutSet)"/>).</summary>
    public double ConstantMseOfSet { get; }

    /// <summary>Runs every held-out sequence through the model (no dropout) and scores the predictions.</summary>
    public TaskScore Evaluate()
    {
        var score = _validation.Validate();
        return new TaskScore(score.Loss, score.Accuracy ?? double.NaN, ConstantMseOfSet);
    }

    /// <summary>The held-out loss, and the fraction solved as the accuracy.</summary>
    public ValidationScore Validate() => _validation.Validate();

    /// <summary>The mean over the set of (target − constant prediction)², or NaN for classification.</summary>
    public static double ConstantMse(HeldOutSet set)
    {
        var (constant, _) = set.Task.ConstantPredictor;
        if (set.Task.Head != HeadKind.Regression || double.IsNaN(constant))
            return double.NaN;
        double sum = 0;
        int count = 0;
        foreach (var batch in set.Batches)
            foreach (double target in batch.TargetValues)
            {
                sum += (target - constant) * (target - constant);
                count++;
            }
        return sum / count;
    }
}
