// Recurrent over a whole window without gradients: forward over B×T tokens, softmax of every row, state carried.
using Recurrent.Layers;
using Recurrent.Models;

namespace Recurrent.Bench;

internal sealed class RecurrentInference : IWorkload
{
    private readonly RecurrentModel<float> _model;
    private readonly ModelWorkspace<float> _workspace;
    private readonly RecurrentState<float> _state;
    private readonly TokenData _data;
    private readonly int _steps, _vocabulary;
    private int _window;

    public RecurrentInference(RecurrentModel<float> model, BenchShape shape, TokenData data)
    {
        _model = model;
        _workspace = _model.CreateWorkspace(shape.Steps, shape.Batch, forBackward: false);
        _state = _model.CreateState(shape.Batch);
        _data = data;
        _steps = shape.Steps;
        _vocabulary = shape.Vocabulary;
        ItemsPerCall = shape.Steps * shape.Batch;
    }

    public string Name => RecurrentSide.Name;

    public int ItemsPerCall { get; }

    public void Call()
    {
        _data.Inputs[_window++ % TokenData.WindowCount].CopyTo(_workspace.Tokens, 0);
        _model.Forward(_workspace, _steps, _state);
        _workspace.CopyFinalState(_state);
        // (T·B × V) probabilities, as torch.softmax(logits, -1) on the other side
        SoftmaxCrossEntropy.SoftmaxRows<float>(_workspace.Outputs.AsSpan(0, ItemsPerCall * _vocabulary),
            _workspace.Probabilities.AsSpan(0, ItemsPerCall * _vocabulary), _vocabulary);
    }

    public void Dispose()
    {
    }
}
