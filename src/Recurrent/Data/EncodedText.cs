// A text as a character model trains on it: its vocabulary and the index of every character, at
// 4 bytes a character and with no string of the whole text behind it. TextFile.ReadEncoded builds one
// straight from a file's bytes, so a 100 MB corpus costs about 4 x 100 MB (for ASCII text) plus a
// chunk, instead of the bytes, a 2-byte-a-character string, a growing list and an array.
namespace Recurrent.Data;

/// <summary>A vocabulary and a token sequence over it (each token an index into the vocabulary).</summary>
public sealed class EncodedText
{
    /// <exception cref="ArgumentOutOfRangeException">A token is not an index of <paramref name="vocabulary"/>.</exception>
    public EncodedText(Vocabulary vocabulary, int[] tokens)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentNullException.ThrowIfNull(tokens);
        foreach (int token in tokens)
            if ((uint)token >= (uint)vocabulary.Count)
                throw new ArgumentOutOfRangeException(nameof(tokens), $"Token {token} is outside the vocabulary of {vocabulary.Count} characters.");
        Vocabulary = vocabulary;
        Tokens = tokens;
    }

    /// <summary>The characters, in order of first appearance unless a fixed vocabulary was given.</summary>
    public Vocabulary Vocabulary { get; }

    /// <summary>(n) the index of every character of the text, in order.</summary>
    public int[] Tokens { get; }

    /// <summary>n, the number of characters (Unicode scalar values).</summary>
    public int Length => Tokens.Length;

    /// <summary>The encoding of an in-memory text: <see cref="Vocabulary.FromText"/> and <see cref="Vocabulary.Encode"/>.</summary>
    public static EncodedText FromText(string text)
    {
        var vocabulary = Vocabulary.FromText(text);
        return new EncodedText(vocabulary, vocabulary.Encode(text));
    }
}
