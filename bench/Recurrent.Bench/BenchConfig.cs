// A model configuration of the comparison: cell, L layers of H units; named "lstm-2x512".
using System.Globalization;

namespace Recurrent.Bench;

/// <summary>Cell ("lstm", "rnn", "gru"), hidden size H and layer count L.</summary>
internal sealed record BenchConfig(string Cell, int Layers, int Hidden)
{
    /// <summary>The configurations of issue 4's table.</summary>
    public static readonly IReadOnlyList<BenchConfig> Standard =
    [
        new("lstm", 1, 128), new("lstm", 2, 256), new("lstm", 2, 512), new("gru", 2, 512), new("rnn", 2, 512),
    ];

    /// <summary>"lstm-2x512": the command-line and CSV name.</summary>
    public string Name => $"{Cell}-{Layers}x{Hidden}";

    /// <summary>"LSTM 2x512": the table name.</summary>
    public string Display => $"{Cell.ToUpperInvariant()} {Layers}x{Hidden}";

    /// <summary>Parses "lstm-2x512" (cell lstm, rnn or gru).</summary>
    public static bool TryParse(string text, out BenchConfig config)
    {
        config = new BenchConfig("", 0, 0);
        string[] parts = text.Trim().ToLowerInvariant().Split('-');
        if (parts.Length != 2 || parts[0] is not ("lstm" or "rnn" or "gru"))
            return false;
        string[] size = parts[1].Split('x');
        if (size.Length != 2
            || !int.TryParse(size[0], NumberStyles.None, CultureInfo.InvariantCulture, out int layers)
            || !int.TryParse(size[1], NumberStyles.None, CultureInfo.InvariantCulture, out int hidden)
            || layers < 1 || hidden < 1)
            return false;
        config = new BenchConfig(parts[0], layers, hidden);
        return true;
    }
}
