// Where every plot is written (loss curves, task curves, gate traces, gradient flow): checked before any work starts
// where an option names it, so a typo in the path fails at once, and written whole or not at all (WholeFile).
namespace Recurrent.Cli.Plotting;

/// <summary>Checks and writes a PNG file named by an option.</summary>
internal static class PngOutput
{
    /// <summary>The path to write the PNG <paramref name="path"/> names (through a symbolic link), its folder made when missing.</summary>
    /// <exception cref="UsageException">Empty, not a .png name, or not a path a file can be written at (see <see cref="Paths.Output"/>).</exception>
    public static string Check(string option, string? path)
    {
        Paths.NotEmpty(option, path);
        if (!string.Equals(Path.GetExtension(path), ".png", StringComparison.OrdinalIgnoreCase))
            throw new UsageException($"{option} must name a .png file (got '{path}').");
        return Paths.Output(option, path);
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
        WholeFile.Write(path, png, "the plot");
    }
}
