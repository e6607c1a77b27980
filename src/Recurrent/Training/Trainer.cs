// Truncated backpropagation through time over a text's streams: each step reads the next window,
// starts from the state the previous window ended in (zero at the start of an epoch), computes the
// exact gradient within the window, clips it and lets the optimizer update the parameters.
// The state carries across windows; the gradient does not.
using System.Numerics;
using Recurrent.Data;
using Recurrent.Models;

namespace Recurrent.Training;

/// <summary>Runs training steps of a character model; all working memory is sized in the constructor.</summary>
public sealed class Trainer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly RecurrentModel<T> _model;
    private readonly TextStreams _streams;
    private readonly Optimizer<T> _optimizer;
    private readonly ModelWorkspace<T> _workspace;
    private readonly RecurrentState<T> _state;

    /// <param name="clip">Maximum global gradient norm; 0 turns clipping off.</param>
    public Trainer(RecurrentModel<T> model, TextStreams streams, Optimizer<T> optimizer, double clip)
    {
        if (!model.Spec.TakesTokens)
            throw new ArgumentException("Text training needs a one-hot (character) model.", nameof(model));
        ArgumentOutOfRangeException.ThrowIfNegative(clip);
        _model = model;
        _streams = streams;
        _optimizer = optimizer;
        Clip = clip;
        _workspace = model.CreateWorkspace(streams.Steps, streams.Batch);
        _state = model.CreateState(streams.Batch);
    }

    public double Clip { get; }

    /// <summary>Steps taken so far; the next step reads window StepsDone mod W.</summary>
    public long StepsDone { get; private set; }

    /// <summary>The state carried into the next window.</summary>
    public RecurrentState<T> State => _state;

    /// <summary>One step: forward, loss, backward, clip, update.</summary>
    /// <exception cref="RecurrentException">The loss is NaN or infinite (the parameters are left as they were).</exception>
    public TrainingStep Step()
    {
        int window = _streams.Fill(StepsDone, _workspace.Tokens, _workspace.Targets);
        if (window == 0)
            _state.Reset();
        _model.Parameters.ZeroGradients();
        _model.Forward(_workspace, _streams.Steps, _state);
        double loss = _model.Loss(_workspace);
        if (!double.IsFinite(loss))
            throw new RecurrentException(
                $"The training loss became {loss} at step {StepsDone + 1}; training stopped. Try a lower --lr or a --clip value.");
        _model.Backward(_workspace);
        _workspace.CopyFinalState(_state);
        double norm = GradientClipping.ClipByGlobalNorm<T>(_model.Parameters.Gradients, Clip);
        _optimizer.Step(_model.Parameters.Values, _model.Parameters.Gradients);
        StepsDone++;
        return new TrainingStep(StepsDone, (StepsDone - 1) / _streams.WindowsPerEpoch, window, loss, norm);
    }
}
