// The `recurrent` command tree and the one place where errors become exit codes: user errors
// (RecurrentException, parse errors) print one line on stderr; anything else is a bug and keeps
// its stack trace.
using System.CommandLine;
using System.CommandLine.Help;
using Recurrent.Numerics;

namespace Recurrent.Cli;

/// <summary>Builds and runs the command line.</summary>
public static class CliApp
{
    /// <summary>Exit codes: 0 success, 1 user error (bad data, bad checkpoint), 2 bad usage, 130 interrupted.</summary>
    public const int Ok = 0, UserError = 1, BadUsage = 2, Interrupted = 130;

    private const string ThreadsName = "--threads";

    public static Command BuildRoot(CliContext context)
    {
        // The thread count is an option of every verb, like torch.set_num_threads; no result depends on it.
        var threads = new Option<int>(ThreadsName)
        {
            DefaultValueFactory = _ => Math.Min(Environment.ProcessorCount, Parallelism.MaxThreads),
            Description = "Threads for the matrix products and cells (default: one per processor); results are identical for any count",
            Recursive = true,
        };
        // A plain command named for the tool, not RootCommand, whose name is the assembly's (Recurrent.Cli).
        var root = new Command("recurrent", "Recurrent: RNN and LSTM character models, trained with backpropagation through time.")
        {
            new HelpOption(), new VersionOption(), threads,
        };
        root.Subcommands.Add(TrainCommand.Create(context));
        root.Subcommands.Add(EvalCommand.Create(context));
        root.Subcommands.Add(PredictCommand.Create(context));
        root.Subcommands.Add(SampleCommand.Create(context));
        root.Subcommands.Add(PlotCommand.Create(context));
        root.Subcommands.Add(BenchCommand.Create(context));
        root.Subcommands.Add(TraceCommand.Create(context));
        root.Subcommands.Add(GradientsCommand.Create(context));
        root.Subcommands.Add(TaskCommand.Create(context));
        root.Subcommands.Add(DemoCommand.Create(context));
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the process exit code.</summary>
    public static int Run(string[] args, CliContext context)
    {
        var root = BuildRoot(context);
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            context.Error.WriteLine($"error: {parsed.Errors[0].Message} (see 'recurrent {CommandPath(parsed)}--help')");
            return BadUsage;
        }
        try
        {
            ApplyThreads(parsed.GetValue<int>(ThreadsName));
            return parsed.Invoke(new InvocationConfiguration
            {
                Output = context.Out,
                Error = context.Error,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (OperationCanceledException)
        {
            context.Error.WriteLine("interrupted");
            return Interrupted;
        }
        catch (UsageException e)
        {
            context.Error.WriteLine($"error: {e.Message}");
            return BadUsage;
        }
        catch (RecurrentException e)
        {
            context.Error.WriteLine($"error: {LibraryParameters.Translate(e)}");
            return UserError;
        }
    }

    private static void ApplyThreads(int threads)
    {
        if (threads < 1 || threads > Parallelism.MaxThreads)
            throw new UsageException($"--threads must be a whole number from 1 to {Parallelism.MaxThreads} (got {threads}).");
        Parallelism.Threads = threads;
    }

    private static string CommandPath(ParseResult parsed) =>
        parsed.CommandResult.Command == parsed.RootCommandResult.Command ? "" : parsed.CommandResult.Command.Name + " ";
}
