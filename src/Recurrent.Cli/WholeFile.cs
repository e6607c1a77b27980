// How the command line writes an output file that is not a model (a plot, a forecast): whole or not at all, through
// a temporary sibling and a rename, so that a failed write leaves the earlier file as it was; a write that fails is
// the user's one-line error, not a stack trace.
namespace Recurrent.Cli;

internal static class WholeFile
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>, replacing any file there.</summary>
    /// <param name="what">What the file is, for the message: "the plot", "the forecast".</param>
    /// <exception cref="RecurrentException">The file cannot be written; a file already there is left as it was.</exception>
    public static void Write(string path, byte[] bytes, string what)
    {
        string temporary = path + ".tmp";
        try
        {
            File.WriteAllBytes(temporary, bytes);
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
            throw new RecurrentException($"Cannot write {what} '{path}': {e.Message}", e);
        }
    }
}
