// Truncated backpropagation through time over a text's streams: each step reads the next window,
// starts from the state the previous window ended in (zero at the start of an epoch), computes the
// exact gradient within the window, clips it and lets the optimizer update the parameters.
// The state carries across windows; the gradient does not. Everything a step depends on (window,
// carried state, dropout generator, optimizer state, learning rate from the schedule) is either a
// function of the step number or saved by a training checkpoint, so a resumed run continues exactly.
using System.Numerics;
using Recurrent.Data;
using Recurrent.Models;
using Recurrent.Numerics;

namespace Recurrent.Training;

/// <summary>Runs training steps of a token model; all working memory is sized in the constructor.</summary>
public sealed class Trainer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly RecurrentModel<T> _model;
    private readonly TextStreams _streams;
    private readonly Optimizer<T> _optimizer;
    private readonly ModelWorkspace<T> _workspace;
    private readonly RecurrentState<T> _state;
    private readonly LearningRateSchedule _schedule;
    private readonly double _baseLearningRate;

    /// <param name="clip">Maximum global gradient norm; 0 turns clipping off.</param>
    /// <param name="dropoutRng">Draws the dropout masks; required when the model has dropout.</param>
    /// <param name="schedule">Factor on the optimizer's learning rate (as constructed) per step; null = constant.</param>
    public Trainer(RecurrentModel<T> model, TextStreams streams, Optimizer<T> optimizer, double clip,
        Rng? dropoutRng = null, LearningRateSchedule? schedule = null)
    {
        if (!model.Spec.TakesTokens)
            throw new ArgumentException("Text training needs a token (character) model.", nameof(model));
        ArgumentOutOfRangeException.ThrowIfNegative(clip);
        if (model.Spec.Dropout > 0 && dropoutRng is null)
            throw new ArgumentException("A model with dropout needs a generator for its masks.", nameof(dropoutRng));
        _model = model;
        _streams = streams;
        _optimizer = optimizer;
        Clip = clip;
        DropoutRng = dropoutRng;
        _schedule = schedule ?? new LearningRateSchedule.Constant();
        _baseLearningRate = optimizer.LearningRate;
        _workspace = model.CreateWorkspace(streams.Steps, streams.Batch);
        _state = model.CreateState(streams.Batch);
    }

    public double Clip { get; }

    /// <summary>The generator of the dropout masks (null without dropout); its state is part of a training checkpoint.</summary>
    public Rng? DropoutRng { get; }

    public Optimizer<T> Optimizer => _optimizer;

    /// <summary>Steps taken so far; the next step reads window StepsDone mod W.</summary>
    public long StepsDone { get; private set; }

    /// <summary>The epoch of the next step.</summary>
    public long Epoch => StepsDone / _streams.WindowsPerEpoch;

    /// <summary>The state carried into the next window.</summary>
    public RecurrentState<T> State => _state;

    /// <summary>Continues from a checkpoint: the steps already taken (the carried state and optimizer are restored by the caller).</summary>
    public void RestoreProgress(long stepsDone)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepsDone);
        StepsDone = stepsDone;
    }

    /// <summary>One step: forward, loss, backward, clip, update.</summary>
    /// <exception cref="RecurrentException">The loss is NaN or infinite (the parameters are left as they were).</exception>
    public TrainingStep Step()
    {
        int window = _streams.Fill(StepsDone, _workspace.Tokens, _workspace.Targets);
        if (window == 0)
            _state.Reset();
        _optimizer.LearningRate = _baseLearningRate * _schedule.Factor(StepsDone, Epoch);
        bool dropping = _model.Spec.Dropout > 0;
        if (dropping)
            _model.SampleDropoutMasks(_workspace, _streams.Steps, DropoutRng!);
        _model.Parameters.ZeroGradients();
        _model.Forward(_workspace, _streams.Steps, _state, training: dropping);
        double loss = _model.Loss(_workspace);
        if (!double.IsFinite(loss))
            throw new RecurrentException(
                $"The training loss became {loss} at step {StepsDone + 1}; training stopped. Try a lower --lr or a --clip value.");
        _model.Backward(_workspace);
        _workspace.CopyFinalState(_state);
        double norm = GradientClipping.ClipByGlobalNorm<T>(_model.Parameters.Gradients, Clip);
        _optimizer.Step(_model.Parameters.Values, _model.Parameters.Gradients);
        StepsDone++;
        return new TrainingStep(StepsDone, (StepsDone - 1) / _streams.WindowsPerEpoch, window, loss, norm, _optimizer.LearningRate);
    }
}
