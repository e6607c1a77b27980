// Where every plot is written (loss curves, task curves, gate traces, gradient flow): checked before any work starts
// where an option names it, so a typo in the path fails at once, and written whole or not at all (a temporary
// sibling, then a rename).
namespace Recurrent.Cli.Plotting;

/// <summary>Checks and writes a PNG file named by an option.</summary>
internal static class PngOutput
{
    /// <summary>Fails when <paramref name="path"/> could not be written as a PNG.</summary>
    /// <exception cref="UsageException">Not a .png name, a directory, or in a directory that does not exist.</exception>
    public static void Check(string option, string path)
    {
        if (!string.Equals(Path.GetExtension(path), ".png", StringComparison.OrdinalIgnoreCase))
            throw new UsageException($"{option} must name a .png file (got '{path}').");
        if (Directory.Exists(path))
            throw new UsageException($"{option}: '{path}' is a directory.");
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
            throw new UsageException($"{option}: the directory '{directory}' does not exist.");
    }

    /// <summary>Renders with <paramref name="render"/> and writes the bytes to <paramref name="path"/>, replacing any file there.</summary>
    /// <exception cref="RecurrentException">The native drawing library cannot be loaded, or the file cannot be written.</exception>
    public static void Write(string path, Func<byte[]> render)
    {
        byte[] png;
        try
        {
            png = render();
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException)
        {
            throw new RecurrentException($"Cannot draw the plot: the SkiaSharp native library did not load ({e.GetBaseException().Message}).", e);
        }
        string temporary = path + ".tmp";
        try
        {
            File.WriteAllBytes(temporary, png);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try
            {
                File.Delete(temporary);
            }
            catch (Exception ignored) when (ignored is IOException or UnauthorizedAccessException)
            {
                // The write already failed; that error is the one to report.
            }
            throw new RecurrentException($"Cannot write the plot '{path}': {e.Message}", e);
        }
    }
}
