// Runs `recurrent task ...` in process. Through CliApp once `task` is registered there; until then through the
// same command tree with TaskCommand added, mapping errors to exit codes as CliApp.Run does.
using System.CommandLine;
using Recurrent.Cli;
using Recurrent.Tests.Cli;

namespace Recurrent.Tests.Tasks;

internal static class TaskCli
{
    public static CliRun Run(params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var context = new CliContext(output, error);
        var root = CliApp.BuildRoot(context);
        if (root.Subcommands.Any(c => c.Name == "task"))
            return CliRunner.Run(args);
        root.Subcommands.Add(TaskCommand.Create(context));
        int code;
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            error.WriteLine($"error: {parsed.Errors[0].Message}");
            code = CliApp.BadUsage;
        }
        else
        {
            try
            {
                code = parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
            }
            catch (UsageException e)
            {
                error.WriteLine($"error: {e.Message}");
                code = CliApp.BadUsage;
            }
            catch (RecurrentException e)
            {
                error.WriteLine($"error: {e.Message}");
                code = CliApp.UserError;
            }
        }
        return new CliRun(code, output.ToString(), error.ToString());
    }
}
