// Crash-safe file writing: the bytes go to a temporary sibling, which is flushed to disk and then moved over the
// destination, so a crash, a full disk or a refused write leaves either the old file or the new one, never a part.
using System.Security.Cryptography;

namespace Recurrent.IO;

/// <summary>Writes a file through a flushed temporary sibling and a rename.</summary>
public static class AtomicFile
{
    /// <summary>Creates a temporary file beside <paramref name="path"/>, lets <paramref name="write"/> fill it, and renames it over the path.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="what">What the file is, for messages: "the safetensors file", "the plot".</param>
    /// <param name="write">Writes the whole content into the stream it is given.</param>
    /// <exception cref="RecurrentException">The file system refused the write; an existing file is unchanged.</exception>
    public static void Write(string path, string what, Action<Stream> write)
    {
        string temp = path + ".tmp-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception e)
        {
            TryDelete(temp);
            // The inner message names the temp file, which the user never asked for; say it in terms of path.
            if (e is DirectoryNotFoundException)
                throw new RecurrentException($"Cannot write {what} '{path}': its directory does not exist.", e);
            if (e is IOException or UnauthorizedAccessException)
                throw new RecurrentException($"Cannot write {what} '{path}': {e.Message}", e);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The original failure is the one worth reporting; a leftover temp file is harmless.
        }
    }
}
