// Raised when a file is not a valid checkpoint: truncated, bad header, wrong shapes, unknown cell.
namespace Recurrent.IO;

/// <summary>The file cannot be read as a Recurrent checkpoint; the message names the file and the fault.</summary>
public sealed class CheckpointException : RecurrentException
{
    /// <summary>A checkpoint error with a complete, user-facing <paramref name="message"/>.</summary>
    /// <param name="message">A sentence that names the file and what is wrong with it.</param>
    public CheckpointException(string message) : base(message) { }

    /// <summary>A checkpoint error caused by <paramref name="inner"/> (an I/O or parse failure).</summary>
    /// <param name="message">A sentence that names the file and what is wrong with it.</param>
    /// <param name="inner">The exception that revealed the fault.</param>
    public CheckpointException(string message, Exception inner) : base(message, inner) { }
}
