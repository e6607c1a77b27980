// A bad option value, reported like any other user error: one line, non-zero exit code.
namespace Recurrent.Cli;

/// <summary>An option value out of range or malformed; the message names the option.</summary>
public sealed class UsageException(string message) : RecurrentException(message);
