// `recurrent task NAME`: trains a fresh model with a head on the last step on a long-range task (adding,
// temporal-order, recall, reber) with fresh generated batches every step, evaluates it on held-out sequences every N
// steps, and stops when the held-out set is solved, the steps or the time budget run out, or on Ctrl+C; `--resume`
// continues a run saved with `--out`. Prints a progress line per
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
using Recurrent.Training;

namespace Recurrent.Cli;

public static class TaskCommand
{
    public static Command Create(CliContext context)
    {
        var name = new Argument<string?>("NAME") { Description = $"The task: {string.Join(", ", TaskCatalog.Names)} (not with --resume)", Arity = ArgumentArity.ZeroOrOne };
        // task and model
        var length = new Option<int?>("--length") { Description = "T, the steps of every sequence (default 100; reber: a window of 30)" };
        var cell = new Option<string>("--cell") { Description = "Recurrent cell: lstm, gru or rnn", DefaultValueFactory = _ => "lstm" };
        var hidden = new Option<int>("--hidden") { Description = "Hidden units per layer (H)", DefaultValueFactory = _ => 64 };
        var layers = new Option<int>("--layers") { Description = "Stacked recurrent layers (L)", DefaultValueFactory = _ => 1 };
        var chrono = new Option<bool>("--chrono") { Description = "LSTM: chrono initialisation of the forget and input biases for lags up to T" };
        var zoneout = new ZoneoutFlags();
        // data
        var batch = new Option<int>("--batch") { Description = "Fresh sequences per step (B)", DefaultValueFactory = _ => 32 };
        var testSize = new Option<int>("--test-size") { Description = "Held-out sequences (drawn from their own seed)", DefaultValueFactory = _ => 1000 };
        // optimisation, validation and stopping
        var flags = new TrainingFlags(TaskOptions.DefaultTraining, "training sequences");
        var target = new Option<double>("--target") { Description = "Stop when this fraction of the held-out set is solved (above 1: never)", DefaultValueFactory = _ => 0.95 };
        // output
        var output = new Option<string?>("--out") { Description = "Save the model here (.safetensors): a resumable checkpoint at every validation, the best model beside it, and the metrics log" };
        var resume = new Option<string?>("--resume") { Description = "Continue the task run saved in this checkpoint (its task and settings come from it)" };
        var json = new Option<bool>("--json") { Description = "Print one JSON document with the settings, the final metrics and every evaluation" };
        var plot = new Option<string?>("--plot") { Description = "Draw the held-out curve to this PNG" };
        var compare = new Option<string[]>("--compare") { Description = "With --plot: also draw the curve of a run saved with --json (repeatable)", AllowMultipleArgumentsPerToken = false };

        Option[] fixedOnResume = [length, cell, hidden, layers, chrono, .. zoneout.All, batch, testSize, target, .. flags.FixedOnResume];
        var command = new Command("task", "Train a model with a head on the last step on a long-range task and measure it on held-out sequences")
        {
            name, length, cell, hidden, layers, chrono, zoneout.Hidden, zoneout.Cell, batch, testSize,
        };
        foreach (var option in flags.All)
            command.Options.Add(option);
        foreach (var option in new Option[] { target, output, resume, json, plot, compare })
            command.Options.Add(option);
        command.SetAction(parsed =>
        {
            string? outPath = parsed.GetResult(output) is null ? null : Paths.Output("--out", parsed.GetValue(output));
            string? plotPath = parsed.GetResult(plot) is null ? null : PngOutput.Check("--plot", parsed.GetValue(plot));
            string[] comparePaths = (parsed.GetValue(compare) ?? []).Select(path => Paths.Input("--compare", path)).ToArray();
            if (plotPath is null && comparePaths.Length > 0)
                throw new UsageException("--compare draws into the --plot PNG: give --plot too.");

            using var runLock = outPath is null ? null : RunLock.Acquire(outPath);
            TaskRun run;
            if (parsed.GetValue(resume) is string resumeValue)
            {
                string resumeFrom = Paths.Input("--resume", resumeValue);
                if (parsed.GetValue(name) is not null)
                    throw new UsageException($"NAME cannot be given with --resume: the task is the one saved in '{resumeFrom}'.");
                if (fixedOnResume.FirstOrDefault(o => parsed.GetResult(o) is { Implicit: false }) is { } given)
                    throw new UsageException($"{given.Name} cannot be given with --resume: the run continues with the settings saved in '{resumeFrom}'.");
                if (outPath is null)
                    throw new UsageException("--resume needs --out: where the continued run saves its checkpoints.");
                try
                {
                    run = TaskRun.Resume(resumeFrom, flags.GivenSteps(parsed), outPath);
                }
                catch (ModelKindException e)
                {
                    throw ModelFiles.WithResumingCommand(e);
                }
            }
            else
            {
                string given = parsed.GetValue(name) ?? throw new UsageException($"NAME is required: one of {string.Join(", ", TaskCatalog.Names)}.");
                string taskName = TaskCatalog.Normalize(given)
                    ?? throw new UsageException($"NAME must be one of {string.Join(", ", TaskCatalog.Names)} (got '{given}').");
                int t = parsed.GetValue(length) ?? TaskCatalog.DefaultLength(taskName);
                if (t < TaskCatalog.MinimumLength(taskName))
                    throw new UsageException($"--length must be at least {TaskCatalog.MinimumLength(taskName)} for {taskName} (got {t}).");
                var training = flags.Read(parsed);
                if (training.Schedule is LearningRateSchedule.StepDecay)
                    throw new UsageException("--schedule step decays the rate per epoch, and a task run draws fresh batches every step, with no epochs: " +
                        "use constant or cosine.");
                if (training.EvalEvery < 1)
                    throw new UsageException("--eval-every must be at least 1 for a task run (it validates on the held-out set every N steps).");
                var cellKind = OptionChecks.Cell("--cell", parsed.GetValue(cell)!);
                var (zoneoutHidden, zoneoutCell) = zoneout.Read(parsed, cellKind);
                var options = new TaskOptions
                {
                    Cell = cellKind,
                    Hidden = OptionChecks.AtLeast("--hidden", parsed.GetValue(hidden), 1),
                    Layers = OptionChecks.AtLeast("--layers", parsed.GetValue(layers), 1),
                    Chrono = parsed.GetValue(chrono),
                    ZoneoutHidden = zoneoutHidden,
                    ZoneoutCell = zoneoutCell,
                    Batch = OptionChecks.AtLeast("--batch", parsed.GetValue(batch), 1),
                    TestSize = OptionChecks.AtLeast("--test-size", parsed.GetValue(testSize), 1),
                    Training = training with { TargetAccuracy = OptionChecks.Positive("--target", parsed.GetValue(target)) },
                };
                if (options.Chrono && options.Cell != CellKind.Lstm)
                    throw new UsageException("--chrono applies to --cell lstm only (it sets forget-gate biases).");
                run = new TaskRun(TaskCatalog.Create(taskName, t), options, checkpointPath: outPath);
            }
            var compared = comparePaths.Select(path => ReadRun(path, run.Task)).ToList(); // before training: fail early
            return Run(context, run, parsed.GetValue(json), outPath, plotPath, compared);
        });
        return command;
    }

    private static int Run(CliContext context, TaskRun run, bool json, string? outPath, string? plotPath,
        List<(string Label, IReadOnlyList<TaskEvaluation> History)> compared)
    {
        var progress = json ? context.Error : context.Out;
        var task = run.Task;
        var options = run.Options;
        var training = options.Training;
        if (run.Session.IsComplete)
            return TrainingReport.AlreadyComplete(progress, run.Session);
        progress.WriteLine($"task: {task.Describe()}");
        progress.WriteLine($"model: {options.Cell.ToName()}, {options.Layers} layer(s) of {options.Hidden}{(options.Chrono ? " (chrono biases)" : "")}" +
            ZoneoutFlags.Describe(options.ZoneoutHidden, options.ZoneoutCell) + ", " +
            $"{run.Model.Parameters.Count} parameters; " +
            Invariant($"{training.Optimizer.ToName()} lr {training.EffectiveLearningRate:G4}, clip {training.Clip:G4}, batch {options.Batch}; held-out: {run.HeldOut.Count} sequences; ") +
            Invariant($"stops at {Percent(training.TargetAccuracy ?? double.PositiveInfinity, 0)} solved, {training.Steps} steps or ") +
            (training.Minutes > 0 ? TrainingReport.MinutesText(training.Minutes) : "no time limit"));
        if (run.Session.StepsDone > 0)
            progress.WriteLine($"resuming at step {run.Session.StepsDone}");
        string? metricsPath = outPath is null ? null : MetricsLog.PathFor(outPath);
        var metrics = metricsPath is null ? null : TrainingReport.OpenMetrics(run.Session, metricsPath);
        TaskOutcome outcome;
        try
        {
            outcome = run.Run(evaluation => progress.WriteLine(ProgressLine(task, evaluation)), context.Cancellation, metrics);
        }
        finally
        {
            if (metrics is not null)
                TrainingReport.CloseMetrics(context, progress, metrics, Invariant($"{task.Name}, T = {task.Length}, {Label(options)}"));
        }
        if (plotPath is not null)
            TaskPlot.Write(task, [(Label(options), outcome.History), .. compared], plotPath, Invariant($"{task.Name}, T = {task.Length}"));

        if (json)
            context.Out.WriteLine(Json(task, options, outcome).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        else
        {
            foreach (string line in Summary(task, options, outcome))
                context.Out.WriteLine(line);
            if (outPath is not null)
                context.Out.WriteLine($"model: {outPath}" + (outcome.Training.BestPath is { } best ? $" (best: {best})" : ""));
            if (plotPath is not null)
                context.Out.WriteLine($"plot: {plotPath}");
        }
        if (outcome.End == TaskEnd.Interrupted && outPath is not null)
            context.Error.WriteLine($"interrupted: saved the run to {outPath}; continue it with --resume {outPath} --out {outPath}");
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
        double target = options.Training.TargetAccuracy ?? double.PositiveInfinity;
        string how = outcome.End switch
        {
            TaskEnd.Solved => "solved",
            TaskEnd.TimeUp => $"stopped: the time budget of {TrainingReport.MinutesText(options.Training.Minutes)} ran out",
            TaskEnd.StepsDone => "stopped: all steps done",
            TaskEnd.EarlyStopped => Invariant($"stopped early: no improvement in {options.Training.Patience} validation(s)"),
            _ => "interrupted",
        };
        yield return Invariant($"{how} after {outcome.Steps} steps in {Duration(outcome.Seconds)} ({outcome.Steps * options.Batch} training sequences)");
        if (task.Head == HeadKind.Regression)
        {
            var (_, expected) = task.ConstantPredictor;
            yield return Invariant($"held-out: {Percent(final.Solved, 1)} of {options.TestSize} sequences solved (|error| < {AddingTask.Tolerance}); target {Percent(target, 0)}");
            yield return Invariant($"held-out MSE {final.Loss:F5}; constant predictor {final.ConstantMse:F5} on these sequences ") +
                Invariant($"({expected:F5} expected); ratio {final.Loss / final.ConstantMse:F3}");
        }
        else
            yield return Invariant($"held-out accuracy {Percent(final.Accuracy, 1)} of {options.TestSize} sequences (chance {Percent(task.Chance, 1)}); target {Percent(target, 0)}");
        if (outcome.FirstSolved(target) is { } first && outcome.End == TaskEnd.Solved)
            yield return Invariant($"reached {Percent(target, 0)} at step {first.Step}, {Duration(first.Seconds)}");
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
            ["zoneout_hidden"] = options.ZoneoutHidden,
            ["zoneout_cell"] = options.ZoneoutCell,
            ["batch"] = options.Batch,
            ["optimizer"] = options.Training.Optimizer.ToName(),
            ["lr"] = options.Training.EffectiveLearningRate,
            ["clip"] = options.Training.Clip,
            ["seed"] = options.Training.Seed,
            ["test_size"] = options.TestSize,
            ["target"] = Number(options.Training.TargetAccuracy ?? double.NaN),
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
