// Reads a training or evaluation text strictly: a missing, empty or non-UTF-8 file is refused with a
// message that says which and where, rather than training on replacement characters.
// Read gives the whole string (small texts, the CLI's sampling prompts); ReadEncoded goes from the
// bytes to token indices a chunk at a time, for large corpora, with the same checks and messages.
using System.Text;

namespace Recurrent.Data;

/// <summary>Strict UTF-8 text file reading for user-supplied data.</summary>
public static class TextFile
{
    /// <summary>How many bytes <see cref="ReadEncoded(string)"/> reads at a time.</summary>
    public const int DefaultChunkBytes = 1 << 18;

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The file's text, without a leading byte-order mark.</summary>
    /// <exception cref="RecurrentException">The file is missing, unreadable, empty, or not valid UTF-8.</exception>
    public static string Read(string path)
    {
        CheckExists(path);
        byte[] bytes;
        try
        {
            // Its length at opening, and no more: a device that never ends reads as empty, a pipe is refused.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            if (!stream.CanSeek)
                throw NotAFile(path);
            if (stream.Length > Array.MaxLength)
                throw new RecurrentException($"{Subject(path)} has {stream.Length:N0} bytes, more than the {Array.MaxLength:N0} one text can hold.");
            bytes = new byte[stream.Length];
            bytes = bytes[..stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false)];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(path, e);
        }
        return Decode(bytes, Subject(path));
    }

    /// <summary>
    /// Text from bytes read elsewhere (standard input, a network stream), with a file's checks: without a leading
    /// byte-order mark, not empty, strict UTF-8.
    /// </summary>
    /// <param name="bytes">The bytes.</param>
    /// <param name="source">What they are, as the subject of the error messages: "Standard input".</param>
    /// <exception cref="RecurrentException">The bytes are empty (after a mark) or not valid UTF-8.</exception>
    public static string Decode(ReadOnlySpan<byte> bytes, string source)
    {
        ReadOnlySpan<byte> body = bytes;
        if (body.StartsWith(Encoding.UTF8.Preamble))
            body = body[Encoding.UTF8.Preamble.Length..];
        if (body.IsEmpty)
            throw IsEmpty(source);
        try
        {
            return Strict.GetString(body);
        }
        catch (DecoderFallbackException e)
        {
            throw IsNotUtf8(source, e.Index, e);
        }
    }

    /// <summary>
    /// The file's text as tokens over its own vocabulary (characters in order of first appearance, as
    /// <see cref="Vocabulary.FromText"/>), decoded a chunk at a time without building a string: the same
    /// result as <c>EncodedText.FromText(Read(path))</c>, in about 4 bytes a character. Two passes over the
    /// file: one validates it and collects the vocabulary and the length n, the other fills the int[n].
    /// </summary>
    /// <exception cref="RecurrentException">As <see cref="Read"/>; or the file has over <see cref="Array.MaxLength"/> characters, or changed while being read.</exception>
    public static EncodedText ReadEncoded(string path) => ReadEncoded(path, null, DefaultChunkBytes);

    /// <summary>
    /// The file's text as tokens over a given vocabulary (a checkpoint's), as <see cref="Vocabulary.Encode"/>
    /// would give for <see cref="Read"/>'s string, without building the string.
    /// </summary>
    /// <exception cref="RecurrentException">As <see cref="ReadEncoded(string)"/>; or a character is not in <paramref name="vocabulary"/>.</exception>
    public static EncodedText ReadEncoded(string path, Vocabulary vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        return ReadEncoded(path, vocabulary, DefaultChunkBytes);
    }

    /// <summary><see cref="ReadEncoded(string)"/> with a chosen chunk size, so tests can cut sequences at every place.</summary>
    internal static EncodedText ReadEncoded(string path, Vocabulary? vocabulary, int chunkBytes)
    {
        var index = vocabulary is null ? new ScalarIndex() : ScalarIndex.Of(vocabulary);
        var symbols = new List<string>();
        long count = 0;
        int[] scalars;
        using (var reader = Utf8ScalarReader.Open(path, chunkBytes))
        {
            scalars = new int[reader.MaxScalars];
            for (int got; (got = reader.Read(scalars)) > 0; count += got)
            {
                foreach (int scalar in scalars.AsSpan(0, got))
                {
                    if (index[scalar] >= 0)
                        continue;
                    if (vocabulary is not null)
                        throw new RecurrentException(
                            $"The character {Vocabulary.Describe(new Rune(scalar))} is not in the model's vocabulary of {vocabulary.Count} characters.");
                    index.Add(scalar, symbols.Count);
                    symbols.Add(char.ConvertFromUtf32(scalar));
                }
            }
        }
        if (count > Array.MaxLength)
            throw new RecurrentException($"{Subject(path)} has {count} characters, more than the {Array.MaxLength} one text can hold.");

        var tokens = new int[count];
        int filled = 0;
        using (var reader = Utf8ScalarReader.Open(path, chunkBytes))
        {
            for (int got; (got = reader.Read(scalars)) > 0; filled += got)
            {
                if (got > tokens.Length - filled)
                    throw Changed(path);
                Span<int> into = tokens.AsSpan(filled, got);
                for (int k = 0; k < got; k++)
                {
                    int token = index[scalars[k]];
                    if (token < 0)
                        throw Changed(path);
                    into[k] = token;
                }
            }
        }
        if (filled != tokens.Length)
            throw Changed(path);
        return new EncodedText(vocabulary ?? new Vocabulary(symbols), tokens);
    }

    /// <exception cref="RecurrentException">The path is a directory or does not exist.</exception>
    internal static void CheckExists(string path)
    {
        if (Directory.Exists(path))
            throw new RecurrentException($"{Subject(path)} is a directory.");
        if (!File.Exists(path))
            throw new RecurrentException($"{Subject(path)} does not exist.");
    }

    internal static RecurrentException Unreadable(string path, Exception e) =>
        new($"Cannot read the data file '{path}': {e.Message}", e);

    internal static RecurrentException Empty(string path) => IsEmpty(Subject(path));

    internal static RecurrentException NotAFile(string path) =>
        new($"{Subject(path)} is a pipe or a stream without a length, not a file: read it into a file first.");

    /// <summary>The error for a file that is not valid UTF-8, naming the file and the offset of the first bad byte.</summary>
    /// <param name="path">The data file.</param>
    /// <param name="offset">The first bad byte's offset in the body, after any byte-order mark.</param>
    /// <param name="inner">The decoder's exception, if there is one; null otherwise.</param>
    internal static RecurrentException NotUtf8(string path, long offset, Exception? inner) => IsNotUtf8(Subject(path), offset, inner);

    /// <summary>"The data file 'x'": what a file's messages are about (standard input's say "Standard input").</summary>
    private static string Subject(string path) => $"The data file '{path}'";

    private static RecurrentException IsEmpty(string subject) => new($"{subject} is empty.");

    private static RecurrentException IsNotUtf8(string subject, long offset, Exception? inner)
    {
        string message = $"{subject} is not valid UTF-8 (bad byte at offset {offset}); convert it to UTF-8 first.";
        return inner is null ? new RecurrentException(message) : new RecurrentException(message, inner);
    }

    private static RecurrentException Changed(string path) =>
        new($"{Subject(path)} changed while it was being read; read it again.");
}
