// Recurrent's training step, as Trainer<float>.Step does it: read a window, forward, loss, backward,
// carry the state, clip the global norm at 5, Adam (lr 1e-3). Random tokens instead of a text.
using Recurrent.Models;
using Recurrent.Training;

namespace Recurrent.Bench;

internal sealed class RecurrentTraining : IWorkload
{
    private readonly RecurrentModel<float> _model;
    private readonly ModelWorkspace<float> _workspace;
    private readonly RecurrentState<float> _state;
    private readonly Adam<float> _adam;
    private readonly TokenData _data;
    private readonly int _steps;
    private int _window;

    public RecurrentTraining(ModelSpec spec, BenchShape shape, TokenData data)
    {
        _model = new RecurrentModel<float>(spec);
        _model.Initialize(seed: 1);
        _workspace = _model.CreateWorkspace(shape.Steps, shape.Batch);
        _state = _model.CreateState(shape.Batch);
        _adam = new Adam<float>(_model.Parameters.Count, learningRate: 1e-3);
        _data = data;
        _steps = shape.Steps;
        TokensPerCall = shape.Steps * shape.Batch;
    }

    public string Name => RecurrentSide.Name;

    public int TokensPerCall { get; }

    public void Call()
    {
        int window = _window++ % TokenData.WindowCount;
        _data.Inputs[window].CopyTo(_workspace.Tokens, 0);
        _data.Targets[window].CopyTo(_workspace.Targets, 0);
        _model.Parameters.ZeroGradients();
        _model.Forward(_workspace, _steps, _state);
        double loss = _model.Loss(_workspace);
        if (!double.IsFinite(loss))
            throw new InvalidOperationException($"Recurrent's training loss became {loss}.");
        _model.Backward(_workspace);
        _workspace.CopyFinalState(_state);
        GradientClipping.ClipByGlobalNorm<float>(_model.Parameters.Gradients, 5.0);
        _adam.Step(_model.Parameters.Values, _model.Parameters.Gradients);
    }

    public void Dispose()
    {
    }
}
