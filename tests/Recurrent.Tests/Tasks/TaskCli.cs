// Runs `recurrent task ...` in process through the app itself.
using Recurrent.Tests.Cli;

namespace Recurrent.Tests.Tasks;

internal static class TaskCli
{
    public static CliRun Run(params string[] args) => CliRunner.Run(args);
}
