// The packed workload's TorchSharp model, as a PyTorch user writes a classifier over sequences of mixed lengths:
// nn.Embedding(V, D) → pack_padded_sequence(enforce_sorted: false) → nn.LSTM/GRU/RNN(D, H, L, bidirectional) →
// pad_packed_sequence → out[length − 1, b] (both directions) → nn.Linear(2H, C). The head reads what Recurrent's head
// on the last step reads, so both compute the same function; it starts from Recurrent's initial weights, copied by
// their PyTorch names, so that both also train the same model (and the agreement check can compare them).
using Recurrent.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Recurrent.Bench;

internal sealed class TorchPackedNet : IDisposable
{
    private readonly Embedding _embed;
    private readonly LSTM? _lstm;
    private readonly GRU? _gru;
    private readonly RNN? _rnn;
    private readonly Linear _head;

    /// <param name="initial">Recurrent's parameters of the same spec, copied into the modules.</param>
    public TorchPackedNet(BenchConfig config, PackedShape shape, ParameterSet<float> initial)
    {
        _embed = nn.Embedding(shape.Vocabulary, PackedShape.Embedding);
        switch (config.Cell)
        {
            case "lstm": _lstm = nn.LSTM(PackedShape.Embedding, config.Hidden, config.Layers, bidirectional: true); break;
            case "gru": _gru = nn.GRU(PackedShape.Embedding, config.Hidden, config.Layers, bidirectional: true); break;
            case "rnn": _rnn = nn.RNN(PackedShape.Embedding, config.Hidden, config.Layers, bidirectional: true); break;
            default: throw new ArgumentException($"No TorchSharp module for cell {config.Cell}.", nameof(config));
        }
        _head = nn.Linear(2L * config.Hidden, PackedShape.Classes);
        Name = $"TorchSharp nn.{config.Cell.ToUpperInvariant()} packed";
        using var noGrad = no_grad();
        foreach (var (name, parameter) in NamedParameters())
        {
            ParameterInfo info = initial[name];
            using var values = tensor(initial.Value(info).ToArray(), [.. info.Shape.Select(d => (long)d)]);
            parameter.copy_(values);
        }
    }

    /// <summary>"TorchSharp nn.LSTM packed": the report's name for this side.</summary>
    public string Name { get; }

    /// <summary>Every parameter under Recurrent's (and a PyTorch state_dict's) name: embed.weight, rnn.*, head.weight, head.bias.</summary>
    public IEnumerable<(string Name, Parameter Parameter)> NamedParameters()
    {
        yield return (ParameterNames.EmbeddingWeight, _embed.weight!);
        foreach (var (name, parameter) in (_lstm as nn.Module ?? _gru as nn.Module ?? _rnn!).named_parameters())
            yield return ($"rnn.{name}", parameter);
        yield return (ParameterNames.HeadWeight, _head.weight!);
        yield return (ParameterNames.HeadBias, _head.bias!);
    }

    /// <summary>(B, C) logits of a batch, from the zero state.</summary>
    public Tensor Forward(TorchPackedBatch batch)
    {
        using var embedded = _embed.forward(batch.Tokens);                          // (T, B, D)
        using var packed = nn.utils.rnn.pack_padded_sequence(embedded, batch.Lengths, batch_first: false, enforce_sorted: false);
        using var output = Recur(packed);
        var (padded, _) = nn.utils.rnn.pad_packed_sequence(output);                 // (T, B, 2H), zeros past each end
        using var last = padded[batch.LastSteps, batch.Rows];                       // (B, 2H): out[length − 1, b]
        padded.Dispose();
        return _head.forward(last);
    }

    private nn.utils.rnn.PackedSequence Recur(nn.utils.rnn.PackedSequence input)
    {
        if (_lstm is not null)
        {
            var (output, h, c) = _lstm.call(input);
            h.Dispose();
            c.Dispose();
            return output;
        }
        var (outputs, last) = _gru is not null ? _gru.call(input) : _rnn!.call(input);
        last.Dispose();
        return outputs;
    }

    public IEnumerable<Parameter> Parameters() => NamedParameters().Select(p => p.Parameter);

    public void Dispose()
    {
        _embed.Dispose();
        _lstm?.Dispose();
        _gru?.Dispose();
        _rnn?.Dispose();
        _head.Dispose();
    }
}
