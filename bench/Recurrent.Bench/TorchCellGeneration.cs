// TorchSharp at batch 1 through one nn.LSTMCell / RNNCell / GRUCell per layer, under no_grad: the other way a
// PyTorch user writes a sampling loop; the benchmark reports the faster of this and the sequence module.
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Recurrent.Bench;

internal sealed class TorchCellGeneration : IWorkload
{
    private readonly BenchConfig _config;
    private readonly LSTMCell[] _lstm = [];
    private readonly RNNCell[] _rnn = [];
    private readonly GRUCell[] _gru = [];
    private readonly Linear _head;
    private readonly TorchState[] _states;
    private readonly TorchData _data;
    private int _position;

    public TorchCellGeneration(BenchConfig config, BenchShape shape, TorchData data)
    {
        _config = config;
        int layers = config.Layers;
        long InputSize(int k) => k == 0 ? shape.Vocabulary : config.Hidden;
        switch (config.Cell)
        {
            case "lstm": _lstm = Enumerable.Range(0, layers).Select(k => nn.LSTMCell(InputSize(k), config.Hidden)).ToArray(); break;
            case "rnn": _rnn = Enumerable.Range(0, layers).Select(k => nn.RNNCell(InputSize(k), config.Hidden)).ToArray(); break;
            case "gru": _gru = Enumerable.Range(0, layers).Select(k => nn.GRUCell(InputSize(k), config.Hidden)).ToArray(); break;
            default: throw new ArgumentException($"No TorchSharp cell for {config.Cell}.", nameof(config));
        }
        _head = nn.Linear(config.Hidden, shape.Vocabulary);
        // (1, H) per layer
        _states = Enumerable.Range(0, layers)
            .Select(_ => new TorchState(1, 1, config.Hidden, config.Cell == "lstm", batchDimension: false)).ToArray();
        _data = data;
    }

    public string Name => $"TorchSharp nn.{_config.Cell.ToUpperInvariant()}Cell per layer";

    public int ItemsPerCall => 1;

    public void Call()
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        Tensor x = _data.Rows[_data.Stream[_position++ % _data.Stream.Length]];
        for (int k = 0; k < _states.Length; k++)
        {
            TorchState state = _states[k];
            Tensor hidden;
            Tensor? cell = null;
            if (_lstm.Length > 0)
                (hidden, cell) = _lstm[k].forward(x, (state.Hidden, state.Cell!));
            else
                hidden = _rnn.Length > 0 ? _rnn[k].forward(x, state.Hidden) : _gru[k].forward(x, state.Hidden);
            state.Carry(hidden, cell);
            x = state.Hidden;
        }
        nn.functional.softmax(_head.forward(x), -1);
    }

    public void Dispose()
    {
        foreach (var state in _states)
            state.Dispose();
        foreach (IDisposable cell in _lstm.Cast<IDisposable>().Concat(_rnn).Concat(_gru))
            cell.Dispose();
        _head.Dispose();
    }
}
