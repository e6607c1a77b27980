// The `recurrent` command tree and the one place where errors become exit codes: user errors
// (RecurrentException, parse errors) print one line on stderr; anything else is a bug and keeps
// its stack trace. Parse errors are said in the tool's words: an unknown verb lists the verbs, and a value that is
// not a number names what the option takes instead of a .NET type.
using System.CommandLine;
using System.CommandLine.Help;
using System.Text.RegularExpressions;
using Recurrent.Numerics;

namespace Recurrent.Cli;

/// <summary>Builds and runs the command line.</summary>
public static class CliApp
{
    /// <summary>
    /// Exit codes: 0 success, 1 user error (bad data, bad checkpoint), 2 bad usage, 130 interrupted (Ctrl+C), 143 stopped
    /// by SIGTERM, 129 by SIGHUP (after saving, as for Ctrl+C).
    /// </summary>
    public const int Ok = 0, UserError = 1, BadUsage = 2, Interrupted = 130;

    private const string ThreadsName = "--threads";

    public static Command BuildRoot(CliContext context)
    {
        // The thread count is an option of every verb that computes, like torch.set_num_threads; no result depends on it.
        var threads = new Option<int>(ThreadsName)
        {
            DefaultValueFactory = _ => Math.Min(Environment.ProcessorCount, Parallelism.MaxThreads),
            Description = "Threads for the matrix products and cells (default: one per processor); results are identical for any count",
        };
        // A plain command named for the tool, not RootCommand, whose name is the assembly's (Recurrent.Cli).
        var root = new Command("recurrent", "Recurrent: RNN, LSTM and GRU models, trained with backpropagation through time.")
        {
            new HelpOption(), new VersionOption(),
        };
        Command[] verbs =
        [
            TrainCommand.Create(context), EvalCommand.Create(context), PredictCommand.Create(context), SampleCommand.Create(context),
            PlotCommand.Create(context), BenchCommand.Create(context), TraceCommand.Create(context), GradientsCommand.Create(context),
            TaskCommand.Create(context), ForecastCommand.Create(context), ClassifyCommand.Create(context), SpeechCommand.Create(context), ExportCommand.Create(context), QuantizeCommand.Create(context), SweepCommand.Create(context), DemoCommand.Create(context),
        ];
        foreach (var verb in verbs)
        {
            // Drawing a PNG computes nothing the thread count speeds up; a verb of verbs (forecast) gives it to each of its own.
            foreach (var computing in verb.Subcommands.Count > 0 ? verb.Subcommands : verb.Name == "plot" ? [] : [verb])
                computing.Options.Add(threads);
            root.Subcommands.Add(verb);
        }
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the process exit code.</summary>
    public static int Run(string[] args, CliContext context)
    {
        var root = BuildRoot(context);
        ParseResult parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            context.Error.WriteLine($"error: {Describe(parsed, root)} (see 'recurrent {CommandPath(parsed)}--help')");
            return BadUsage;
        }
        try
        {
            if (parsed.CommandResult.Command.Options.FirstOrDefault(o => o.Name == ThreadsName) is Option<int> threads)
                ApplyThreads(parsed.GetValue(threads));
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

    /// <summary>The first parse error in the tool's words.</summary>
    private static string Describe(ParseResult parsed, Command root)
    {
        string message = parsed.Errors[0].Message;
        if (parsed.CommandResult.Command == root)
        {
            string verbs = string.Join(", ", root.Subcommands.Select(c => c.Name));
            var unknown = parsed.UnmatchedTokens.FirstOrDefault() ?? parsed.Tokens.FirstOrDefault()?.Value;
            return unknown is null || unknown.StartsWith('-')
                ? $"give a verb: {verbs}."
                : $"'{unknown}' is not a verb of recurrent; the verbs are {verbs}.";
        }
        var command = parsed.CommandResult.Command;
        if (command.Subcommands.Count > 0) // a verb of verbs: `recurrent forecast`
        {
            string verbs = string.Join(", ", command.Subcommands.Select(c => c.Name));
            string? unknown = parsed.UnmatchedTokens.FirstOrDefault();
            return unknown is null || unknown.StartsWith('-')
                ? $"give a verb of recurrent {command.Name}: {verbs}."
                : $"'{unknown}' is not a verb of recurrent {command.Name}; the verbs are {verbs}.";
        }
        // "Unrecognized command or argument '--frob'."
        if (parsed.UnmatchedTokens.FirstOrDefault() is string stray)
            return $"'{stray}' is not {(stray.StartsWith('-') ? "an option" : "an argument")} of recurrent {parsed.CommandResult.Command.Name}.";
        // "Cannot parse argument 'inf' for option '--lr' as expected type 'System.Nullable`1[System.Double]'."
        var typed = Regex.Match(message, @"^Cannot parse argument '(?<value>.*)' for option '(?<option>[^']+)' as expected type '(?<type>[^']+)'");
        if (typed.Success)
            return $"{typed.Groups["option"].Value} must be {Expected(typed.Groups["type"].Value)} (got '{typed.Groups["value"].Value}').";
        return message;
    }

    /// <summary>What a .NET type name means to a user.</summary>
    private static string Expected(string type) => type switch
    {
        _ when type.Contains("Double") || type.Contains("Single") => "a finite number",
        _ when type.Contains("UInt64") || type.Contains("UInt32") => "a whole number of at least 0",
        _ when type.Contains("Int32") || type.Contains("Int64") => "a whole number",
        _ when type.Contains("Boolean") => "true or false",
        _ => "a value of another form",
    };

    private static void ApplyThreads(int threads)
    {
        if (threads < 1 || threads > Parallelism.MaxThreads)
            throw new UsageException($"--threads must be a whole number from 1 to {Parallelism.MaxThreads} (got {threads}).");
        Parallelism.Threads = threads;
    }

    /// <summary>The verbs under the root that the parse reached, each followed by a space ("forecast train "), or "".</summary>
    private static string CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var result = parsed.CommandResult; result.Parent is System.CommandLine.Parsing.CommandResult parent; result = parent)
            names.Insert(0, result.Command.Name);
        return string.Concat(names.Select(name => name + " "));
    }
}
