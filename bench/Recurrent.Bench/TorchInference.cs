// TorchSharp over a whole window under no_grad: nn.LSTM/RNN/GRU + Linear + softmax, state carried.
using static TorchSharp.torch;

namespace Recurrent.Bench;

internal sealed class TorchInference : IWorkload
{
    private readonly TorchNet _net;
    private readonly TorchData _data;
    private readonly TorchState _state;
    private int _window;

    public TorchInference(BenchConfig config, BenchShape shape, TorchData data)
    {
        _net = new TorchNet(config, shape.Vocabulary);
        _data = data;
        _state = new TorchState(config.Layers, shape.Batch, config.Hidden, _net.HasCellState);
        ItemsPerCall = shape.Steps * shape.Batch;
    }

    public string Name => $"TorchSharp nn.{_net.Config.Cell.ToUpperInvariant()}";

    public int ItemsPerCall { get; }

    public void Call()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (output, hidden, cell) = _net.Forward(_data.Inputs[_window++ % TokenData.WindowCount], _state);
        nn.functional.softmax(_net.Head.forward(output), -1);
        _state.Carry(hidden, cell);
    }

    public void Dispose()
    {
        _state.Dispose();
        _net.Dispose();
    }
}
