// How a text classifier turns a text into tokens: one per character (a Unicode scalar value), from a vocabulary made
// of the training part's characters in order of first appearance after an unknown entry, index 0, that every
// character first met later maps to (validation, test and prediction texts); the count of those is reported, since a
// model cannot learn what it never saw. Optionally lowercased first (invariant culture), and cut to a maximum length
// keeping the head or the tail. The vocabulary travels in the model file, the other settings in ClassifierSettings.
using System.Text;
using Recurrent.Data;

namespace Recurrent.Classification;

/// <summary>Characters to token indices for a classifier, with an unknown entry and the reading rules of its settings.</summary>
public sealed class TextTokens
{
    /// <summary>The unknown entry, index 0 of every classifier vocabulary: U+FFFD, the replacement character.</summary>
    public const string Unknown = "\uFFFD";

    private readonly Dictionary<int, int> _indexOf = [];

    /// <param name="vocabulary">The model's vocabulary, <see cref="Unknown"/> first.</param>
    /// <param name="settings">Lowercasing and the maximum length.</param>
    /// <exception cref="ArgumentException">The vocabulary does not start with the unknown entry.</exception>
    public TextTokens(Vocabulary vocabulary, ClassifierSettings settings)
    {
        if (vocabulary.Count == 0 || vocabulary.Symbols[0] != Unknown)
            throw new ArgumentException("A classifier's vocabulary starts with the unknown entry, U+FFFD.", nameof(vocabulary));
        Vocabulary = vocabulary;
        Settings = settings;
        for (int k = 1; k < vocabulary.Count; k++)
            _indexOf[Rune.GetRuneAt(vocabulary.Symbols[k], 0).Value] = k;
    }

    /// <summary>The vocabulary: the unknown entry, then the training part's characters.</summary>
    public Vocabulary Vocabulary { get; }

    /// <summary>How texts are read.</summary>
    public ClassifierSettings Settings { get; }

    /// <summary>
    /// The tokens of <paramref name="texts"/> (the training part): the unknown entry, then every character in order of
    /// first appearance, after lowercasing when the settings say so.
    /// </summary>
    public static TextTokens Fit(IEnumerable<string> texts, ClassifierSettings settings)
    {
        var symbols = new List<string> { Unknown };
        var seen = new HashSet<int> { Rune.GetRuneAt(Unknown, 0).Value };
        foreach (string text in texts)
            foreach (Rune rune in Prepared(text, settings).EnumerateRunes())
                if (seen.Add(rune.Value))
                    symbols.Add(rune.ToString());
        return new TextTokens(new Vocabulary(symbols), settings);
    }

    /// <summary>
    /// The tokens of <paramref name="text"/>, lowercased and cut as the settings say; <paramref name="unknown"/> counts
    /// the characters of the kept part that the vocabulary lacks (read as the unknown entry; a character cut off is
    /// not read at all). An empty text gives one unknown token.
    /// </summary>
    public int[] Encode(string text, out int unknown)
    {
        var tokens = new List<int>(text.Length);
        foreach (Rune rune in Prepared(text, Settings).EnumerateRunes())
            tokens.Add(_indexOf.TryGetValue(rune.Value, out int token) ? token : -1); // -1: unknown, until counted
        unknown = 0;
        if (tokens.Count == 0)
            return [0];
        int max = Settings.MaxLength;
        int[] kept = max > 0 && tokens.Count > max
            ? Settings.Truncation == Truncation.KeepTail ? [.. tokens[^max..]] : [.. tokens[..max]]
            : [.. tokens];
        for (int t = 0; t < kept.Length; t++)
            if (kept[t] < 0)
            {
                kept[t] = 0;
                unknown++;
            }
        return kept;
    }

    private static string Prepared(string text, ClassifierSettings settings) =>
        settings.Lowercase ? text.ToLowerInvariant() : text;
}
