// How the command line writes an output file that is not a model (a plot, a forecast, a page): whole or not at all,
// through the library's AtomicFile (a flushed temporary sibling and a rename), so that a failed write leaves the
// earlier file as it was; a write that fails is the user's one-line error, not a stack trace.
using Recurrent.IO;

namespace Recurrent.Cli;

internal static class WholeFile
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/>, replacing any file there.</summary>
    /// <param name="what">What the file is, for the message: "the plot", "the forecast".</param>
    /// <exception cref="RecurrentException">The file cannot be written; a file already there is left as it was.</exception>
    public static void Write(string path, byte[] bytes, string what) => AtomicFile.Write(path, what, stream => stream.Write(bytes));
}
