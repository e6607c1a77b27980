// TorchSharp at batch 1, one token per call through the sequence module (T = 1), under no_grad:
// nn.LSTM/RNN/GRU with the carried state, Linear, softmax.
using static TorchSharp.torch;

namespace Recurrent.Bench;

internal sealed class TorchGeneration : IWorkload
{
    private readonly TorchNet _net;
    private readonly TorchData _data;
    private readonly TorchState _state;
    private int _position;

    public TorchGeneration(BenchConfig config, BenchShape shape, TorchData data)
    {
        _net = new TorchNet(config, shape.Vocabulary);
        _data = data;
        _state = new TorchState(config.Layers, 1, config.Hidden, _net.HasCellState);
    }

    public string Name => $"TorchSharp nn.{_net.Config.Cell.ToUpperInvariant()} per step";

    public int ItemsPerCall => 1;

    public void Call()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        int token = _data.Stream[_position++ % _data.Stream.Length];
        var (output, hidden, cell) = _net.Forward(_data.Steps[token], _state);
        nn.functional.softmax(_net.Head.forward(output), -1);
        _state.Carry(hidden, cell);
    }

    public void Dispose()
    {
        _state.Dispose();
        _net.Dispose();
    }
}
