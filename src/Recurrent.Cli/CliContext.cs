// Where a command writes and how it learns that the user asked it to stop; tests pass their own.
namespace Recurrent.Cli;

/// <summary>Standard output and error writers and the Ctrl+C token for one run of the app.</summary>
public sealed record CliContext(TextWriter Out, TextWriter Error, CancellationToken Cancellation = default);
