// The characters a character model knows, in order of first appearance in its training text,
// so "help" gives h=0, e=1, l=2, p=3 as in the notes. A character is a Unicode scalar value:
// a surrogate pair (an emoji, say) is one character, never two halves.
using System.Buffers;
using System.Text;

namespace Recurrent.Data;

/// <summary>Maps characters (Unicode scalar values) to indices and back.</summary>
public sealed class Vocabulary
{
    private readonly string[] _symbols;
    private readonly Dictionary<int, int> _indexOf;

    /// <summary>A vocabulary of the given distinct characters, in index order.</summary>
    /// <exception cref="RecurrentException">An entry is not exactly one character, or repeats.</exception>
    public Vocabulary(IEnumerable<string> symbols)
    {
        _symbols = symbols.ToArray();
        _indexOf = new Dictionary<int, int>(_symbols.Length);
        for (int k = 0; k < _symbols.Length; k++)
        {
            string symbol = _symbols[k];
            if (Rune.DecodeFromUtf16(symbol, out Rune rune, out int used) != OperationStatus.Done || used != symbol.Length)
                throw new RecurrentException($"Vocabulary entry {k} is not a single character.");
            if (!_indexOf.TryAdd(rune.Value, k))
                throw new RecurrentException($"Vocabulary entry {k} ({Describe(rune)}) appears twice.");
        }
    }

    /// <summary>The distinct characters of <paramref name="text"/>, in order of first appearance.</summary>
    public static Vocabulary FromText(string text)
    {
        var seen = new HashSet<int>();
        var symbols = new List<string>();
        foreach (Rune rune in text.EnumerateRunes())
            if (seen.Add(rune.Value))
                symbols.Add(rune.ToString());
        return new Vocabulary(symbols);
    }

    /// <summary>V, the number of characters.</summary>
    public int Count => _symbols.Length;

    /// <summary>The characters in index order.</summary>
    public IReadOnlyList<string> Symbols => _symbols;

    /// <summary>The character at an index.</summary>
    public string this[int index] => _symbols[index];

    /// <summary>Whether the character is known.</summary>
    public bool Contains(Rune rune) => _indexOf.ContainsKey(rune.Value);

    /// <summary>The index of every character of <paramref name="text"/>.</summary>
    /// <exception cref="RecurrentException">A character is not in the vocabulary.</exception>
    public int[] Encode(string text)
    {
        var indices = new List<int>(text.Length);
        foreach (Rune rune in text.EnumerateRunes())
        {
            if (!_indexOf.TryGetValue(rune.Value, out int index))
                throw new RecurrentException($"The character {Describe(rune)} is not in the model's vocabulary of {Count} characters.");
            indices.Add(index);
        }
        return indices.ToArray();
    }

    /// <summary>The text of a sequence of indices.</summary>
    public string Decode(IEnumerable<int> indices)
    {
        var builder = new StringBuilder();
        foreach (int index in indices)
            builder.Append(_symbols[index]);
        return builder.ToString();
    }

    /// <summary>A character as a reader can see it: 'a' (U+0061), or its escape for control characters.</summary>
    public static string Describe(Rune rune)
    {
        string shown = rune.Value switch
        {
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            _ when Rune.IsControl(rune) => "",
            _ => rune.ToString(),
        };
        return shown.Length > 0 ? $"'{shown}' (U+{rune.Value:X4})" : $"U+{rune.Value:X4}";
    }
}
