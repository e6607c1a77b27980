// Training steps of a many-to-one model on whole sequences: every step starts from the zero state (each batch is a
// fresh set of sequences, nothing carries over), runs full BPTT over all T steps, clips and updates. The caller
// writes a batch's inputs and targets into Workspace before each step. Working memory is sized in the constructor
// and a step allocates nothing.
using System.Numerics;
using Recurrent.Models;
using Recurrent.Numerics;

namespace Recurrent.Training;

/// <summary>Forward, loss, backward, clip and update for batches of B sequences of T steps.</summary>
public sealed class ManyToOneTrainer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly RecurrentModel<T> _model;
    private readonly RecurrentState<T> _zero;
    private readonly int _steps;

    /// <param name="steps">T, the length of every training sequence.</param>
    /// <param name="batch">B, the sequences per step.</param>
    /// <param name="clip">Maximum global gradient norm; 0 turns clipping off.</param>
    /// <param name="dropoutRng">Draws the dropout masks; required when the model has dropout.</param>
    /// <exception cref="ArgumentException">A dropout model without a generator, or a negative clip.</exception>
    public ManyToOneTrainer(RecurrentModel<T> model, Optimizer<T> optimizer, int steps, int batch, double clip, Rng? dropoutRng = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(clip);
        if (model.Spec.Dropout > 0 && dropoutRng is null)
            throw new ArgumentException("A model with dropout needs a generator for its masks.", nameof(dropoutRng));
        _model = model;
        Optimizer = optimizer;
        Clip = clip;
        DropoutRng = dropoutRng;
        _steps = steps;
        Workspace = model.CreateWorkspace(steps, batch);
        _zero = model.CreateState(batch);
    }

    public Optimizer<T> Optimizer { get; }

    public double Clip { get; }

    public Rng? DropoutRng { get; }

    /// <summary>Where the caller writes the next batch's inputs and targets.</summary>
    public ModelWorkspace<T> Workspace { get; }

    /// <summary>Steps taken so far.</summary>
    public long StepsDone { get; private set; }

    /// <summary>One step on the batch in <see cref="Workspace"/>: forward from the zero state, loss, backward, clip, update.</summary>
    /// <exception cref="RecurrentException">The loss is NaN or infinite (the parameters are left as they were).</exception>
    public ManyToOneStep Step()
    {
        bool dropping = _model.Spec.Dropout > 0;
        if (dropping)
            _model.SampleDropoutMasks(Workspace, _steps, DropoutRng!);
        _model.Parameters.ZeroGradients();
        _model.Forward(Workspace, _steps, _zero, training: dropping);
        double loss = _model.Loss(Workspace);
        if (!double.IsFinite(loss))
            throw new RecurrentException(
                $"The training loss became {loss} at step {StepsDone + 1}; training stopped. Try a lower --lr or a smaller --clip.");
        _model.Backward(Workspace);
        double norm = GradientClipping.ClipByGlobalNorm<T>(_model.Parameters.Gradients, Clip);
        Optimizer.Step(_model.Parameters.Values, _model.Parameters.Gradients);
        StepsDone++;
        return new ManyToOneStep(StepsDone, loss, norm);
    }
}
