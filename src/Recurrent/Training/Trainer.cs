// The training step, the one place it is written: read the next batch from a source, forward from the state the
// previous window ended in (for a source whose windows continue each other; zero at the start of an epoch) or
// from the initial state (for independent windows), loss, a stop on a NaN or infinite loss, exact gradient within
// the window, clipping, the optimizer's update. The state carries across windows; the gradient does not.
// Everything a step depends on (batch, carried state, the generator of the dropout and zoneout masks, optimizer state, learning rate from the
// schedule) is either a function of the step number or saved by a training checkpoint, so a resumed run
// continues exactly. A step allocates nothing.
using System.Numerics;
using Recurrent.Data;
using Recurrent.Models;
using Recurrent.Numerics;

namespace Recurrent.Training;

/// <summary>Runs training steps of a model on a batch source; all working memory is sized in the constructor.</summary>
public sealed class Trainer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly RecurrentModel<T> _model;
    private readonly IBatchSource _source;
    private readonly LearningRateSchedule _schedule;
    private readonly double _baseLearningRate;
    private readonly bool _lockedDropout;
    private readonly DroppedWeights<T>? _droppedWeights;
    private readonly double _activationPenalty, _temporalPenalty;

    /// <param name="model">The model to train; its Parameters are updated in place.</param>
    /// <param name="source">The batches, one per step.</param>
    /// <param name="optimizer">The update rule, built for the model's parameter count; its learning rate is the base rate.</param>
    /// <param name="clip">Maximum global gradient norm; 0 turns clipping off.</param>
    /// <param name="dropoutRng">
    /// Draws the dropout masks of a model with dropout (then the zoneout masks of a model with zoneout) before every step;
    /// required for such a model unless <paramref name="fixedDropoutMasks"/>.
    /// </param>
    /// <param name="schedule">Factor on the optimizer's learning rate (as constructed) per step; null = constant.</param>
    /// <param name="fixedDropoutMasks">
    /// True: a model with dropout (or zoneout) applies the masks in the workspace as the caller wrote them, every step
    /// (fixed masks, as in the PyTorch reference fixtures), instead of drawing new ones.
    /// </param>
    /// <param name="lockedDropout">Variational dropout: one mask per sequence and unit for the whole window.</param>
    /// <param name="droppedWeights">Weight drop and embedding dropout around every step (their masks drawn from
    /// <paramref name="dropoutRng"/> after the dropout masks, or left as the caller wrote them when it is null).</param>
    /// <param name="activationPenalty">α of AR (<see cref="OutputPenalties.Activation"/>), added to what a step minimises; 0: none.</param>
    /// <param name="temporalPenalty">β of TAR (<see cref="OutputPenalties.Temporal"/>), likewise; 0: none.</param>
    /// <exception cref="ArgumentOutOfRangeException">The clip is negative or not a number.</exception>
    /// <exception cref="ArgumentException">
    /// The optimizer was built for another parameter count, a model with dropout or zoneout has neither a generator nor fixed masks, or a
    /// bidirectional model is given a source that carries the state from window to window.
    /// </exception>
    public Trainer(RecurrentModel<T> model, IBatchSource source, Optimizer<T> optimizer, double clip,
        Rng? dropoutRng = null, LearningRateSchedule? schedule = null, bool fixedDropoutMasks = false, bool lockedDropout = false,
        DroppedWeights<T>? droppedWeights = null, double activationPenalty = 0, double temporalPenalty = 0)
    {
        model.EnsureFloatWeights();
        if (!(activationPenalty >= 0 && double.IsFinite(activationPenalty)))
            throw new ArgumentOutOfRangeException(nameof(activationPenalty), activationPenalty, "The AR penalty must be a finite number of at least 0.");
        if (!(temporalPenalty >= 0 && double.IsFinite(temporalPenalty)))
            throw new ArgumentOutOfRangeException(nameof(temporalPenalty), temporalPenalty, "The TAR penalty must be a finite number of at least 0.");
        if (model.Spec.Dropout > 0 && dropoutRng is null && !fixedDropoutMasks)
            throw new ArgumentException("A model with dropout needs a generator for its masks (or fixedDropoutMasks, to use masks written into the workspace).",
                nameof(dropoutRng));
        if (model.Spec.HasZoneout && dropoutRng is null && !fixedDropoutMasks)
            throw new ArgumentException("A model with zoneout needs a generator for its masks (or fixedDropoutMasks, to use masks written into the workspace).",
                nameof(dropoutRng));
        if (droppedWeights is { Active: true } && dropoutRng is null && !fixedDropoutMasks)
            throw new ArgumentException("Weight drop and embedding dropout need a generator for their masks (or fixedDropoutMasks, to use masks the caller wrote).",
                nameof(droppedWeights));
        if (!(clip >= 0))
            throw new ArgumentOutOfRangeException(nameof(clip), clip, "The clip must be a number of at least 0.");
        if (optimizer.ParameterCount != model.Parameters.Count)
            throw new ArgumentException($"The optimizer was built for {optimizer.ParameterCount} parameters, the model has {model.Parameters.Count}.",
                nameof(optimizer));
        if (model.Spec.Bidirectional && source.CarriesState)
            throw new ArgumentException("A bidirectional model reads each window from both ends, so no state carries from one window into the next; " +
                "train it on a source of independent sequences (CarriesState false).", nameof(source));
        _model = model;
        _source = source;
        Optimizer = optimizer;
        Clip = clip;
        DropoutRng = dropoutRng;
        _schedule = schedule ?? new LearningRateSchedule.Constant();
        _baseLearningRate = optimizer.LearningRate;
        _lockedDropout = lockedDropout;
        _activationPenalty = activationPenalty;
        _temporalPenalty = temporalPenalty;
        _droppedWeights = droppedWeights is { Active: true } ? droppedWeights : null;
        Workspace = model.CreateWorkspace(source.Steps, source.Batch);
        State = model.CreateState(source.Batch);
    }

    /// <summary>The model being trained.</summary>
    public RecurrentModel<T> Model => _model;

    /// <summary>Where the batches come from.</summary>
    public IBatchSource Source => _source;

    /// <summary>The maximum global gradient norm a step leaves; 0: no clipping.</summary>
    public double Clip { get; }

    /// <summary>The generator of the dropout masks (null without dropout, or with caller-written masks); its state is part of a training checkpoint.</summary>
    public Rng? DropoutRng { get; }

    /// <summary>Weight drop and embedding dropout around every step, or null when neither is on.</summary>
    public DroppedWeights<T>? DroppedWeights => _droppedWeights;

    /// <summary>The update rule and its state; each step sets its learning rate to the base rate times the schedule's factor.</summary>
    public Optimizer<T> Optimizer { get; }

    /// <summary>The working memory of a step: the batch the last step read, its outputs and gradients.</summary>
    public ModelWorkspace<T> Workspace { get; }

    /// <summary>
    /// The state the next window starts from: carried from the last window when the source's windows continue each other;
    /// otherwise the initial state of every window, zero unless the caller writes one into it.
    /// </summary>
    public RecurrentState<T> State { get; }

    /// <summary>Steps taken so far; the next step reads batch StepsDone.</summary>
    public long StepsDone { get; private set; }

    /// <summary>The epoch of the next step (0 for a source without epochs).</summary>
    public long Epoch => EpochOf(StepsDone);

    /// <summary>Continues from a checkpoint: the steps already taken (the carried state and optimizer are restored by the caller).</summary>
    public void RestoreProgress(long stepsDone)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(stepsDone);
        StepsDone = stepsDone;
    }

    /// <summary>One step: batch, forward, loss, backward, clip, update.</summary>
    /// <exception cref="RecurrentException">The loss is NaN or infinite (the parameters are left as they were).</exception>
    public TrainingStep Step()
    {
        int steps = _source.StepsOf(StepsDone), window = _source.Fill(StepsDone, Workspace.Buffers);
        long epoch = EpochOf(StepsDone);
        if (_source.CarriesState && window == 0)
            State.Reset();
        Optimizer.LearningRate = _baseLearningRate * _schedule.Factor(StepsDone, epoch);
        bool dropping = _model.Spec.Dropout > 0, zoning = _model.Spec.HasZoneout;
        if (dropping && DropoutRng is not null)
            _model.SampleDropoutMasks(Workspace, steps, DropoutRng, _lockedDropout);
        if (zoning && DropoutRng is not null)
            _model.SampleZoneoutMasks(Workspace, steps, DropoutRng);
        if (_droppedWeights is not null && DropoutRng is not null)
            _droppedWeights.Sample(DropoutRng);
        _model.Parameters.ZeroGradients();
        double loss;
        _droppedWeights?.Apply(); // the step runs on W ⊙ M; the trained W come back, and dL/dW = dL/dW' ⊙ M
        try
        {
            _model.Forward(Workspace, steps, State, training: dropping || zoning);
            loss = _model.Loss(Workspace);
            if (!double.IsFinite(loss))
                throw new RecurrentException(
                    $"The training loss became {loss} at step {StepsDone + 1}; training stopped. Try a lower learningRate or a clip value.",
                    "learningRate", "clip");
            _model.Backward(Workspace, _activationPenalty, _temporalPenalty);
        }
        finally
        {
            _droppedWeights?.Restore();
        }
        if (_source.CarriesState)
            Workspace.CopyFinalState(State);
        double norm = GradientClipping.ClipByGlobalNorm<T>(_model.Parameters.Gradients, Clip);
        Optimizer.Step(_model.Parameters.Values, _model.Parameters.Gradients);
        StepsDone++;
        return new TrainingStep(StepsDone, epoch, window, loss, norm, Optimizer.LearningRate);
    }

    private long EpochOf(long step) => _source.WindowsPerEpoch > 0 ? step / _source.WindowsPerEpoch : 0;
}
