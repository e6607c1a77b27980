// Shows a character so that whitespace and control characters stay visible in a listing.
using System.Text;

namespace Recurrent.Cli;

/// <summary>Printable forms of characters for predictions.</summary>
public static class CharDisplay
{
    /// <summary>'a', ' ', '\n', '\t', '\\', '\u0007'-style escapes for other control characters.</summary>
    public static string Quote(string symbol)
    {
        string inner = symbol switch
        {
            "\n" => "\\n",
            "\r" => "\\r",
            "\t" => "\\t",
            "\\" => "\\\\",
            "'" => "\\'",
            _ when Rune.GetRuneAt(symbol, 0) is var rune && Rune.IsControl(rune) => $"\\u{rune.Value:x4}",
            _ => symbol,
        };
        return $"'{inner}'";
    }
}
