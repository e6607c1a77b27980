// Which recurrent cell a model uses; the checkpoint stores it as "rnn", "lstm" or "gru".
namespace Recurrent.Models;

/// <summary>The recurrent cell of every layer of a model.</summary>
public enum CellKind
{
    /// <summary>Elman RNN, h = tanh(W_ih·x + b_ih + W_hh·h + b_hh); one gate block.</summary>
    Rnn,
    /// <summary>LSTM with gates i, f, g (C~), o; four gate blocks in PyTorch's order.</summary>
    Lstm,
    /// <summary>GRU with gates r, z, n as torch.nn.GRU; three gate blocks.</summary>
    Gru,
}

/// <summary>Names and sizes that follow from a <see cref="CellKind"/>.</summary>
public static class CellKinds
{
    /// <summary>Gate blocks per hidden unit (G in the G·H rows of weight_ih / weight_hh).</summary>
    public static int GateCount(this CellKind cell) => cell switch
    {
        CellKind.Rnn => 1,
        CellKind.Lstm => 4,
        CellKind.Gru => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(cell), cell, null),
    };

    /// <summary>The name used on the command line and in checkpoints: "rnn", "lstm" or "gru".</summary>
    public static string ToName(this CellKind cell) => cell switch
    {
        CellKind.Rnn => "rnn",
        CellKind.Lstm => "lstm",
        CellKind.Gru => "gru",
        _ => throw new ArgumentOutOfRangeException(nameof(cell), cell, null),
    };

    /// <summary>Parses "rnn", "lstm" or "gru" (case-insensitive); false for anything else.</summary>
    public static bool TryParse(string? name, out CellKind cell)
    {
        switch (name?.ToLowerInvariant())
        {
            case "rnn": cell = CellKind.Rnn; return true;
            case "lstm": cell = CellKind.Lstm; return true;
            case "gru": cell = CellKind.Gru; return true;
            default: cell = default; return false;
        }
    }
}
