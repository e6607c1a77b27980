// The validation of a model on a fixed set of independent examples (windows of a series, labelled sequences, a
// task's held-out sequences): every example once, in order, in batches of a chosen size (the last one smaller),
// each from the zero state, without dropout. The loss is the model's own, averaged over every output row of the set
// (the mean of the batches' losses weighted by their rows); the accuracy is the fraction of rows classified right
// (a classification head), or solved by a criterion the caller gives (a regression head; none: no accuracy).
// Workspaces are made once per batch size, with the validation, so repeated validations allocate only their result.
using System.Numerics;
using Recurrent.Data;
using Recurrent.Models;

namespace Recurrent.Training;

/// <summary>Scores a model on an <see cref="IExampleSet"/>: mean loss and, where defined, accuracy.</summary>
public sealed class ExampleValidation<T> : IValidator where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly RecurrentModel<T> _model;
    private readonly IExampleSet _set;
    private readonly int _batch;
    private readonly SolvesTarget? _solves;
    private readonly double[] _prediction, _target; // one output row, for the criterion; empty without one
    private readonly Dictionary<int, (ModelWorkspace<T> Workspace, RecurrentState<T> Zero)> _workspaces = [];

    /// <param name="model">The model to score, as its weights are at each validation.</param>
    /// <param name="set">The held-out examples.</param>
    /// <param name="batch">Examples per Forward.</param>
    /// <param name="solves">For a regression head: when a prediction counts as right (null: no accuracy).</param>
    /// <exception cref="ArgumentOutOfRangeException">The batch is not positive.</exception>
    public ExampleValidation(RecurrentModel<T> model, IExampleSet set, int batch = 100, SolvesTarget? solves = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        _model = model;
        _set = set;
        _batch = batch;
        _solves = solves;
        int outputs = solves is null ? 0 : model.Spec.OutputSize;
        _prediction = new double[outputs];
        _target = new double[outputs];
        Workspace(Math.Min(batch, set.Count)); // the memory of the full batches (and of the last, below) before any training
        if (set.Count % batch != 0 && set.Count > batch)
            Workspace(set.Count % batch);
    }

    /// <summary>
    /// Runs every example once, in order, from the zero state and without dropout. Loss: the model's loss averaged over
    /// every output row of the set. Accuracy: the fraction of rows whose arg-max class is the target (classification),
    /// or that the criterion solves (regression); null for regression without one.
    /// </summary>
    public ValidationScore Validate()
    {
        var spec = _model.Spec;
        bool classes = spec.Head == HeadKind.Classification;
        double loss = 0;
        long rows = 0, right = 0;
        for (int start = 0; start < _set.Count; start += _batch)
        {
            int count = Math.Min(_batch, _set.Count - start);
            var (ws, zero) = Workspace(count);
            _set.Fill(start, count, ws.Buffers);
            _model.Forward(ws, _set.StepsOf(start, count), zero);
            int outputRows = ws.OutputRows, valid = 0;
            for (int r = 0; r < outputRows; r++)
                if (ws.IsValidRow(r))
                    valid++;
            loss += _model.Loss(ws) * valid; // the loss is a mean over the valid rows (all of them, without lengths)
            rows += valid;
            for (int r = 0; r < outputRows; r++)
            {
                if (!ws.IsValidRow(r))
                    continue;
                if (classes)
                {
                    if (ws.PredictedClass(r) == ws.Targets[r])
                        right++;
                    continue;
                }
                if (_solves is null)
                    continue;
                ReadOnlySpan<T> output = ws.OutputOf(r), expected = ws.TargetValues.AsSpan(r * spec.OutputSize, spec.OutputSize);
                for (int k = 0; k < output.Length; k++)
                {
                    _prediction[k] = double.CreateChecked(output[k]);
                    _target[k] = double.CreateChecked(expected[k]);
                }
                if (_solves(_prediction, _target))
                    right++;
            }
        }
        return new ValidationScore(loss / rows, classes || _solves is not null ? (double)right / rows : null);
    }

    private (ModelWorkspace<T>, RecurrentState<T>) Workspace(int batch)
    {
        if (!_workspaces.TryGetValue(batch, out var made))
            _workspaces[batch] = made = (_model.CreateWorkspace(_set.Steps, batch, forBackward: false), _model.CreateState(batch));
        return made;
    }
}
