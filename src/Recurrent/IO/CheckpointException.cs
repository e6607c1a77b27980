// Raised when a file is not a valid checkpoint: truncated, bad header, wrong shapes, unknown cell.
namespace Recurrent.IO;

/// <summary>The file cannot be read as a Recurrent checkpoint; the message names the file and the fault.</summary>
public sealed class CheckpointException : RecurrentException
{
    public CheckpointException(string message) : base(message) { }
    public CheckpointException(string message, Exception inner) : base(message, inner) { }
}
