// The one exception type for problems a user can fix (bad data, bad options, bad files).
// Its message is a complete sentence meant to be shown as is; the CLI prints it without a stack trace.
// A message that asks the user to change a setting names the library's own parameter (batch, seqLen,
// learningRate...) and lists it in Parameters, so that a front end can say it in its own words (the CLI
// puts its flag in its place).
namespace Recurrent;

/// <summary>A user-facing error: the message says what is wrong and, where possible, how to fix it.</summary>
public class RecurrentException : Exception
{
    /// <summary>An error with a complete, user-facing <paramref name="message"/> and no parameters named.</summary>
    /// <param name="message">A sentence that says what is wrong and, where possible, how to fix it.</param>
    public RecurrentException(string message) : base(message) { }

    /// <summary>An error caused by <paramref name="inner"/> (an I/O failure, a parse error), with a user-facing <paramref name="message"/>.</summary>
    /// <param name="message">A sentence that says what is wrong and, where possible, how to fix it.</param>
    /// <param name="inner">The exception that revealed the problem.</param>
    public RecurrentException(string message, Exception inner) : base(message, inner) { }

    /// <param name="message">A sentence that names each of <paramref name="parameters"/> as a whole word.</param>
    /// <param name="parameters">The library parameters (as spelled in the message) the user may change.</param>
    public RecurrentException(string message, params string[] parameters) : base(message) => Parameters = parameters;

    /// <summary>The library parameters the message names, spelled as in the message (e.g. "batch", "seqLen"); may be empty.</summary>
    public IReadOnlyList<string> Parameters { get; } = [];
}
