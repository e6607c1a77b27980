// `recurrent task NAME`: trains a fresh many-to-one model on a long-range task (adding, temporal-order, recall,
// reber) with fresh generated batches every step, evaluates it on held-out sequences every N steps, and stops when
// the held-out set is solved, the steps or the time budget run out, or on Ctrl+C. Prints a progress line per
// evaluation and the final metrics (adding: fraction solved, MSE and the constant predictor's; classification:
// accuracy and chance); --json prints one JSON document instead (progress then goes to stderr); --plot draws the
// held-out curve, with --compare adding the curves of runs saved earlier with --json.
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Recurrent.Cli.Plotting;
using Recurrent.Models;
using Recurrent.Tasks;

namespace Recurrent.Cli;

public static class TaskCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string>("NAME") { Description = $"The task: {string.Join(", ", TaskCatalog.Names)}" };
        // task and model
        var length = new Option<int?>("--length") { Description = "T, the steps of every sequence (default 100; reber: a window of 30)" };
        var cell = new Option<string>("--cell") { Description = "Recurrent cell: lstm, gru or rnn", DefaultValueFactory = _ => "lstm" };
        var hidden = new Option<int>("--hidden") { Description = "Hidden units per layer (H)", DefaultValueFactory = _ => 64 };
        var layers = new Option<int>("--layers") { Description = "Stacked recurrent layers (L)", DefaultValueFactory = _ => 1 };
        // optimisation
        var chrono = new Option<bool>("--chrono") { Description = "LSTM: chrono initialisation of the forget and input biases for lags up to T" };
        var batch = new Option<int>("--batch") { Description = "Fresh sequences per step (B)", DefaultValueFactory = _ => 32 };
        var lr = new Option<double>("--lr") { Description = "Adam's learning rate", DefaultValueFactory = _ => 1e-3 };
        var clip = new Option<double>("--clip") { Description = "Clip the global gradient norm to this; 0 turns clipping off", DefaultValueFactory = _ => 1 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the initial weights and the training sequences", DefaultValueFactory = _ => 1 };
        // stopping and evaluation
        var steps = new Option<long>("--steps") { Description = "At most this many steps", DefaultValueFactory = _ => 1_000_000 };
        var minutes = new Option<double>("--minutes") { Description = "Time budget in minutes, evaluations included; 0 = none", DefaultValueFactory = _ => 10 };
        var evalEvery = new Option<int>("--eval-every") { Description = "Evaluate on the held-out set every N steps", DefaultValueFactory = _ => 100 };
        var testSize = new Option<int>("--test-size") { Description = "Held-out sequences (drawn from their own seed)", DefaultValueFactory = _ => 1000 };
        var target = new Option<double>("--target") { Description = "Stop when this fraction of the held-out set is solved (above 1: never)", DefaultValueFactory = _ => 0.95 };
        // output
        var output = new Option<string?>("--out") { Description = "Save the trained model here (.safetensors)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON document with the settings, the final metrics and every evaluation" };
        var plot = new Option<string?>("--plot") { Description = "Draw the held-out curve to this PNG" };
        var compare = new Option<string[]>("--compare") { Description = "With --plot: also draw the curve of a run saved with --json (repeatable)", AllowMultipleArgumentsPerToken = false };

        var command = new Command("task", "Train a many-to-one model on a long-range task and measure it on held-out sequences")
        {
            name, length, cell, hidden, layers, chrono, batch, lr, clip, seed, steps, minutes, evalEvery, testSize, target, output, json, plot, compare,
        };
        command.SetAction(parsed =>
        {
            string given = parsed.GetValue(name)!;
            string taskName = TaskCatalog.Normalize(given)
                ?? throw new UsageException($"NAME must be one of {string.Join(", ", TaskCatalog.Names)} (got '{given}').");
            int t = parsed.GetValue(length) ?? TaskCatalog.DefaultLength(taskName);
            if (t < TaskCatalog.MinimumLength(taskName))
                throw new UsageException($"--length must be at least {TaskCatalog.MinimumLength(taskName)} for {taskName} (got {t}).");
            var options = new TaskOptions
            {
                Cell = OptionChecks.Cell("--cell", parsed.GetValue(cell)!),
                Hidden = OptionChecks.AtLeast("--hidden", parsed.GetValue(hidden), 1),
                Layers = OptionChecks.AtLeast("--layers", parsed.GetValue(layers), 1),
                Chrono = parsed.GetValue(chrono),
                Batch = OptionChecks.AtLeast("--batch", parsed.GetValue(batch), 1),
                LearningRate = OptionChecks.Positive("--lr", parsed.GetValue(lr)),
                Clip = OptionChecks.InRange("--clip", parsed.GetValue(clip), 0, double.PositiveInfinity),
                Seed = parsed.GetValue(seed),
                Steps = OptionChecks.AtLeast("--steps", parsed.GetValue(steps), 0),
                Minutes = OptionChecks.InRange("--minutes", parsed.GetValue(minutes), 0, double.PositiveInfinity),
                EvalEvery = OptionChecks.AtLeast("--eval-every", parsed.GetValue(evalEvery), 1),
                TestSize = OptionChecks.AtLeast("--test-size", parsed.GetValue(testSize), 1),
                Target = OptionChecks.Positive("--target", parsed.GetValue(target)),
            };
            if (options.Chrono && options.Cell != CellKind.Lstm)
                throw new UsageException("--chrono applies to --cell lstm only (it sets forget-gate biases).");
            string? outPath = parsed.GetValue(output), plotPath = parsed.GetValue(plot);
            string[] comparePaths = parsed.GetValue(compare) ?? [];
            if (outPath is not null)
                CheckWritable("--out", outPath);
            if (plotPath is not null)
            {
                if (!string.Equals(Path.GetExtension(plotPath), ".png", StringComparison.OrdinalIgnoreCase))
                    throw new UsageException($"--plot must name a .png file (got '{plotPath}').");
                CheckWritable("--plot", plotPath);
            }
            else if (comparePaths.Length > 0)
                throw new UsageException("--compare draws into the --plot PNG: give --plot too.");
            var task = TaskCatalog.Create(taskName, t);
            var compared = comparePaths.Select(path => ReadRun(path, task)).ToList(); // before training: fail early
            return Run(context, task, options, parsed.GetValue(json), outPath, plotPath, compared);
        });
        return command;
    }

    private static int Run(CliContext context, SequenceTask task, TaskOptions options, bool json, string? outPath, string? plotPath,
        List<(string Label, IReadOnlyList<TaskEvaluation> History)> compared)
    {
        var progress = json ? context.Error : context.Out;
        var run = new TaskRun(task, options);
        progress.WriteLine($"task: {task.Describe()}");
        progress.WriteLine($"model: {options.Cell.ToName()}, {options.Layers} layer(s) of {options.Hidden}{(options.Chrono ? " (chrono biases)" : "")}, " +
            $"{run.Model.Parameters.Count} parameters; " +
            Invariant($"adam lr {options.LearningRate:G4}, clip {options.Clip:G4}, batch {options.Batch}; held-out: {run.HeldOut.Count} sequences; ") +
            Invariant($"stops at {Percent(options.Target, 0)} solved, {options.Steps} steps or ") +
            (options.Minutes > 0 ? Invariant($"{options.Minutes:G4} minutes") : "no time limit"));
        var outcome = run.Run(evaluation => progress.WriteLine(ProgressLine(task, evaluation)), context.Cancellation);
        if (outPath is not null)
            TaskModelFile.Save(outPath, run.Model, task, outcome);
        if (plotPath is not null)
            TaskPlot.Write(task, [(Label(options), outcome.History), .. compared], plotPath, Invariant($"{task.Name}, T = {task.Length}"));

        if (json)
            context.Out.WriteLine(Json(task, options, outcome).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        else
        {
            foreach (string line in Summary(task, options, outcome))
                context.Out.WriteLine(line);
            if (outPath is not null)
                context.Out.WriteLine($"model: {outPath}");
            if (plotPath is not null)
                context.Out.WriteLine($"plot: {plotPath}");
        }
        return outcome.End == TaskEnd.Interrupted ? CliApp.Interrupted : CliApp.Ok;
    }

    /// <summary>One line per evaluation: step, time, training loss, held-out loss and how much of it is solved.</summary>
    internal static string ProgressLine(SequenceTask task, TaskEvaluation e)
    {
        string train = double.IsNaN(e.TrainLoss) ? "       -" : Invariant($"{e.TrainLoss,8:F5}");
        string test = task.Head == HeadKind.Regression
            ? Invariant($"test mse {e.Test.Loss:F5} (constant {e.Test.ConstantMse:F5})  solved {Percent(e.Test.Solved, 1),7}")
            : Invariant($"test loss {e.Test.Loss:F4}  accuracy {Percent(e.Test.Accuracy, 1),7} (chance {Percent(task.Chance, 1)})");
        return Invariant($"step {e.Step,7}  {Duration(e.Seconds)}  train {train}  {test}");
    }

    private static IEnumerable<string> Summary(SequenceTask task, TaskOptions options, TaskOutcome outcome)
    {
        var final = outcome.Final.Test;
        string how = outcome.End switch
        {
            TaskEnd.Solved => "solved",
            TaskEnd.TimeUp => Invariant($"stopped: the time budget of {options.Minutes:G4} minute(s) ran out"),
            TaskEnd.StepsDone => "stopped: all steps done",
            _ => "interrupted",
        };
        yield return Invariant($"{how} after {outcome.Steps} steps in {Duration(outcome.Seconds)} ({outcome.Steps * options.Batch} training sequences)");
        if (task.Head == HeadKind.Regression)
        {
            var (_, expected) = task.ConstantPredictor;
            yield return Invariant($"held-out: {Percent(final.Solved, 1)} of {options.TestSize} sequences solved (|error| < {AddingTask.Tolerance}); target {Percent(options.Target, 0)}");
            yield return Invariant($"held-out MSE {final.Loss:F5}; constant predictor {final.ConstantMse:F5} on these sequences ") +
                Invariant($"({expected:F5} expected); ratio {final.Loss / final.ConstantMse:F3}");
        }
        else
            yield return Invariant($"held-out accuracy {Percent(final.Accuracy, 1)} of {options.TestSize} sequences (chance {Percent(task.Chance, 1)}); target {Percent(options.Target, 0)}");
        if (outcome.FirstSolved(options.Target) is { } first && outcome.End == TaskEnd.Solved)
            yield return Invariant($"reached {Percent(options.Target, 0)} at step {first.Step}, {Duration(first.Seconds)}");
    }

    private static JsonObject Json(SequenceTask task, TaskOptions options, TaskOutcome outcome)
    {
        var (_, expected) = task.ConstantPredictor;
        return new JsonObject
        {
            ["task"] = task.Name,
            ["length"] = task.Length,
            ["head"] = task.Head == HeadKind.Regression ? "regression" : "classification",
            ["cell"] = options.Cell.ToName(),
            ["hidden"] = options.Hidden,
            ["layers"] = options.Layers,
            ["chrono"] = options.Chrono,
            ["batch"] = options.Batch,
            ["lr"] = options.LearningRate,
            ["clip"] = options.Clip,
            ["seed"] = options.Seed,
            ["test_size"] = options.TestSize,
            ["target"] = options.Target,
            ["end"] = outcome.End.ToString().ToLowerInvariant(),
            ["steps"] = outcome.Steps,
            ["seconds"] = Round(outcome.Seconds),
            ["chance"] = Number(task.Chance),
            ["constant_mse_expected"] = Number(expected),
            ["final"] = Point(outcome.Final),
            ["history"] = new JsonArray(outcome.History.Select(e => (JsonNode)Point(e)).ToArray()),
        };
    }

    private static JsonObject Point(TaskEvaluation e) => new()
    {
        ["step"] = e.Step,
        ["seconds"] = Round(e.Seconds),
        ["train_loss"] = Number(e.TrainLoss),
        ["test_loss"] = Number(e.Test.Loss),
        ["solved"] = Number(e.Test.Solved),
        ["constant_mse"] = Number(e.Test.ConstantMse),
    };

    /// <summary>A run saved with --json, as a curve for --compare; it must be a run of the same task and length.</summary>
    private static (string Label, IReadOnlyList<TaskEvaluation> History) ReadRun(string path, SequenceTask task)
    {
        if (!File.Exists(path))
            throw new UsageException($"--compare: '{path}' does not exist.");
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            string name = root.GetProperty("task").GetString()!;
            int length = root.GetProperty("length").GetInt32();
            if (name != task.Name || length != task.Length)
                throw new UsageException($"--compare: '{path}' is a run of {name} at T = {length}, not {task.Name} at T = {task.Length}.");
            var history = root.GetProperty("history").EnumerateArray().Select(e => new TaskEvaluation(
                e.GetProperty("step").GetInt64(), e.GetProperty("seconds").GetDouble(), Read(e, "train_loss"),
                new TaskScore(Read(e, "test_loss"), Read(e, "solved"), Read(e, "constant_mse")))).ToList();
            if (history.Count == 0)
                throw new UsageException($"--compare: '{path}' has no evaluations.");
            string label = Label(root.GetProperty("cell").GetString()!, root.GetProperty("layers").GetInt32(), root.GetProperty("hidden").GetInt32(),
                root.TryGetProperty("chrono", out var chrono) && chrono.GetBoolean());
            return (label, history);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new UsageException($"--compare: '{path}' is not the JSON of a task run (recurrent task ... --json).");
        }
    }

    private static string Label(TaskOptions options) => Label(options.Cell.ToName(), options.Layers, options.Hidden, options.Chrono);

    private static string Label(string cell, int layers, int hidden, bool chrono) => $"{cell}, {layers}x{hidden}{(chrono ? ", chrono biases" : "")}";

    private static double Read(JsonElement e, string key) =>
        e.GetProperty(key).ValueKind == JsonValueKind.Null ? double.NaN : e.GetProperty(key).GetDouble();

    private static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    private static double Round(double seconds) => Math.Round(seconds, 3);

    private static void CheckWritable(string option, string path)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
            throw new UsageException($"{option}: the directory '{directory}' does not exist.");
        if (Directory.Exists(path))
            throw new UsageException($"{option}: '{path}' is a directory.");
    }

    private static string Duration(double seconds)
    {
        var span = TimeSpan.FromSeconds(Math.Max(0, seconds));
        return span.TotalHours >= 1 ? span.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture) : span.ToString(@"m\:ss", CultureInfo.InvariantCulture);
    }

    /// <summary>A fraction as a percentage without a space before the sign: "95.3%".</summary>
    internal static string Percent(double fraction, int decimals) =>
        (fraction * 100).ToString("F" + decimals, CultureInfo.InvariantCulture) + "%";

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
