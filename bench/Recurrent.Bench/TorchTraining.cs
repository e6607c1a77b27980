// TorchSharp's training step, as a PyTorch user writes it: zero_grad, nn.LSTM/RNN/GRU + Linear, cross_entropy,
// backward, clip_grad_norm_(5), Adam (lr 1e-3), loss.item(); the final state is detached and carried.
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Recurrent.Bench;

internal sealed class TorchTraining : IWorkload
{
    private readonly TorchNet _net;
    private readonly TorchData _data;
    private readonly TorchState _state;
    private readonly Parameter[] _parameters;
    private readonly optim.Optimizer _adam;
    private readonly int _vocabulary;
    private int _window;

    public TorchTraining(BenchConfig config, BenchShape shape, TorchData data)
    {
        _net = new TorchNet(config, shape.Vocabulary);
        _data = data;
        _state = new TorchState(config.Layers, shape.Batch, config.Hidden, _net.HasCellState);
        _parameters = _net.Parameters().ToArray();
        _adam = optim.Adam(_parameters, lr: 1e-3);
        _vocabulary = shape.Vocabulary;
        ItemsPerCall = shape.Steps * shape.Batch;
    }

    public string Name => $"TorchSharp nn.{_net.Config.Cell.ToUpperInvariant()}";

    public int ItemsPerCall { get; }

    public void Call()
    {
        int window = _window++ % TokenData.WindowCount;
        using var scope = NewDisposeScope();
        _adam.zero_grad();
        var (output, hidden, cell) = _net.Forward(_data.Inputs[window], _state);
        var logits = _net.Head.forward(output).view(-1, _vocabulary);
        var loss = nn.functional.cross_entropy(logits, _data.Targets[window]);
        loss.backward();
        nn.utils.clip_grad_norm_(_parameters, 5.0);
        _adam.step();
        float value = loss.item<float>();
        if (!float.IsFinite(value))
            throw new InvalidOperationException($"TorchSharp's training loss became {value}.");
        _state.Carry(hidden, cell);
    }

    public void Dispose()
    {
        _adam.Dispose();
        _state.Dispose();
        _net.Dispose();
    }
}
