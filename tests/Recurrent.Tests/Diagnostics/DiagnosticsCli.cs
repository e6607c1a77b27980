// Runs `recurrent trace` and `recurrent gradients` in process through the app itself.
using Recurrent.Tests.Cli;

namespace Recurrent.Tests.Diagnostics;

internal static class DiagnosticsCli
{
    public static CliRun Run(params string[] args) => CliRunner.Run(args);
}
