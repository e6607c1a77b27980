// Runs `recurrent trace` and `recurrent gradients` in process, as CliApp.Run does (same exit codes and one-line
// errors), with a root that holds just these two commands, so their tests do not depend on CliApp's registration.
using System.CommandLine;
using Recurrent.Cli;
using Recurrent.Tests.Cli;

namespace Recurrent.Tests.Diagnostics;

internal static class DiagnosticsCli
{
    public static CliRun Run(params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var context = new CliContext(output, error);
        var root = new Command("recurrent") { TraceCommand.Create(context), GradientsCommand.Create(context) };
        return new CliRun(Invoke(root, args, context), output.ToString(), error.ToString());
    }

    private static int Invoke(Command root, string[] args, CliContext context)
    {
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            context.Error.WriteLine($"error: {parsed.Errors[0].Message}");
            return CliApp.BadUsage;
        }
        try
        {
            return parsed.Invoke(new InvocationConfiguration { Output = context.Out, Error = context.Error, EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            context.Error.WriteLine($"error: {e.Message}");
            return CliApp.BadUsage;
        }
        catch (RecurrentException e)
        {
            context.Error.WriteLine($"error: {e.Message}");
            return CliApp.UserError;
        }
    }
}
