// Reads a training or evaluation text strictly: a missing, empty or non-UTF-8 file is refused with a
// message that says which and where, rather than training on replacement characters.
using System.Text;

namespace Recurrent.Data;

/// <summary>Strict UTF-8 text file reading for user-supplied data.</summary>
public static class TextFile
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The file's text, without a leading byte-order mark.</summary>
    /// <exception cref="RecurrentException">The file is missing, unreadable, empty, or not valid UTF-8.</exception>
    public static string Read(string path)
    {
        if (Directory.Exists(path))
            throw new RecurrentException($"The data file '{path}' is a directory.");
        if (!File.Exists(path))
            throw new RecurrentException($"The data file '{path}' does not exist.");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RecurrentException($"Cannot read the data file '{path}': {e.Message}", e);
        }
        ReadOnlySpan<byte> body = bytes;
        if (body.StartsWith(Encoding.UTF8.Preamble))
            body = body[Encoding.UTF8.Preamble.Length..];
        if (body.IsEmpty)
            throw new RecurrentException($"The data file '{path}' is empty.");
        try
        {
            return Strict.GetString(body);
        }
        catch (DecoderFallbackException e)
        {
            throw new RecurrentException(
                $"The data file '{path}' is not valid UTF-8 (bad byte at offset {e.Index}); convert it to UTF-8 first.", e);
        }
    }
}
