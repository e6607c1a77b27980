// The one exception type for problems a user can fix (bad data, bad options, bad files).
// Its message is a complete sentence meant to be shown as is; the CLI prints it without a stack trace.
namespace Recurrent;

/// <summary>A user-facing error: the message says what is wrong and, where possible, how to fix it.</summary>
public class RecurrentException : Exception
{
    public RecurrentException(string message) : base(message) { }
    public RecurrentException(string message, Exception inner) : base(message, inner) { }
}
