// Measures a many-to-one model on a held-out set from the zero state: the mean loss, the fraction solved, and for
// regression the constant predictor's MSE on the same sequences. Workspaces are made once per batch size, so
// repeated evaluations during training allocate only their result.
using System.Numerics;
using Recurrent.Models;

namespace Recurrent.Tasks;

/// <summary>Scores a model on a <see cref="HeldOutSet"/>.</summary>
public sealed class TaskEvaluator<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly RecurrentModel<T> _model;
    private readonly HeldOutSet _set;
    private readonly Dictionary<int, (ModelWorkspace<T> Workspace, RecurrentState<T> Zero)> _workspaces = [];
    private readonly double _constantMse;

    /// <exception cref="ArgumentException">The model's input or head does not fit the task.</exception>
    public TaskEvaluator(RecurrentModel<T> model, HeldOutSet set)
    {
        var task = set.Task;
        if (model.Spec.Input != task.Input || model.Spec.InputSize != task.InputSize || model.Spec.Head != task.Head || model.Spec.Readout != Readout.LastStep
            || model.Spec.OutputSize != task.OutputSize)
            throw new ArgumentException($"The model does not fit the task {task.Name}.", nameof(model));
        _model = model;
        _set = set;
        foreach (var batch in set.Batches)
            if (!_workspaces.ContainsKey(batch.Batch))
                _workspaces[batch.Batch] = (model.CreateWorkspace(task.Length, batch.Batch, forBackward: false), model.CreateState(batch.Batch));
        _constantMse = ConstantMse(set);
    }

    /// <summary>Runs every held-out sequence through the model (no dropout) and scores the predictions.</summary>
    public TaskScore Evaluate()
    {
        var task = _set.Task;
        double loss = 0;
        int solved = 0;
        Span<double> prediction = stackalloc double[task.OutputSize];
        foreach (var batch in _set.Batches)
        {
            var (ws, zero) = _workspaces[batch.Batch];
            batch.CopyTo(ws.Buffers);
            _model.Forward(ws, task.Length, zero);
            loss += _model.Loss(ws) * batch.Batch;
            for (int b = 0; b < batch.Batch; b++)
            {
                if (task.Head == HeadKind.Classification)
                {
                    if (ws.PredictedClass(b) == batch.TargetClasses[b])
                        solved++;
                    continue;
                }
                ReadOnlySpan<T> output = ws.OutputOf(b);
                for (int k = 0; k < output.Length; k++)
                    prediction[k] = double.CreateChecked(output[k]);
                if (task.Solves(prediction, batch.TargetValues.AsSpan(b * task.OutputSize, task.OutputSize)))
                    solved++;
            }
        }
        return new TaskScore(loss / _set.Count, (double)solved / _set.Count, _constantMse);
    }

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
