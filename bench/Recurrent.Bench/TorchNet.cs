// The TorchSharp model of a config: torch.nn.LSTM / RNN / GRU (input V, hidden H, L layers, time-major)
// followed by torch.nn.Linear(H, V): the same architecture and parameter count as Recurrent's model.
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Recurrent.Bench;

internal sealed class TorchNet : IDisposable
{
    private readonly LSTM? _lstm;
    private readonly RNN? _rnn;
    private readonly GRU? _gru;

    public TorchNet(BenchConfig config, int vocabulary)
    {
        Config = config;
        switch (config.Cell)
        {
            case "lstm": _lstm = nn.LSTM(vocabulary, config.Hidden, config.Layers); break;
            case "rnn": _rnn = nn.RNN(vocabulary, config.Hidden, config.Layers); break;
            case "gru": _gru = nn.GRU(vocabulary, config.Hidden, config.Layers); break;
            default: throw new ArgumentException($"No TorchSharp module for cell {config.Cell}.", nameof(config));
        }
        Head = nn.Linear(config.Hidden, vocabulary);
    }

    public BenchConfig Config { get; }

    public Linear Head { get; }

    public bool HasCellState => _lstm is not null;

    public IEnumerable<Parameter> Parameters() =>
        (_lstm?.parameters() ?? _rnn?.parameters() ?? _gru!.parameters()).Concat(Head.parameters());

    /// <summary>(T, B, V) inputs from the state → (T, B, H) top-layer outputs and the final (L, B, H) h and c.</summary>
    public (Tensor Output, Tensor Hidden, Tensor? Cell) Forward(Tensor input, TorchState state)
    {
        if (_lstm is not null)
        {
            var (output, hidden, cell) = _lstm.forward(input, (state.Hidden, state.Cell!));
            return (output, hidden, cell);
        }
        var (outputs, last) = _rnn is not null ? _rnn.forward(input, state.Hidden) : _gru!.forward(input, state.Hidden);
        return (outputs, last, null);
    }

    public void Dispose()
    {
        _lstm?.Dispose();
        _rnn?.Dispose();
        _gru?.Dispose();
        Head.Dispose();
    }
}
