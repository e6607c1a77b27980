// Runs a training session and tells the user what happens: a header, progress (a live bar on a terminal,
// plain lines otherwise), validations,
// and where the model went. Errors from the guards keep the one-line form, naming the checkpoint
// that is still intact. Numbers print invariantly (1.2345) because the project sets InvariantGlobalization.
using System.Diagnostics;
using Recurrent.Cli.Plotting;
using Recurrent.Models;
using Recurrent.Training;

namespace Recurrent.Cli;

/// <summary>The console side of <see cref="TrainingSession.Run"/>.</summary>
internal static class TrainingReport
{
    public static int Run(CliContext context, CharacterRun run, string description, int printEvery)
    {
        var session = run.Session;
        var options = session.Options;
        var model = session.Model;
        var spec = model.Spec;
        var output = context.Out;
        if (session.IsComplete)
            return AlreadyComplete(output, session);
        output.WriteLine($"data: {description}: {run.TrainCharacters + run.ValidationCharacters} characters, " +
            $"{model.Vocabulary!.Count} distinct; training on {run.TrainCharacters}, validating on {run.ValidationCharacters}");
        output.WriteLine($"model: {spec.Cell.ToName()}, {spec.Layers} layer(s) of {spec.Hidden}" +
            (spec.EmbeddingSize > 0 ? $", embedding {spec.EmbeddingSize}" : "") + (spec.Dropout > 0 ? $", dropout {spec.Dropout}" : "") +
            ZoneoutFlags.Describe(spec.ZoneoutHidden, spec.ZoneoutCell) +
            $", {model.Network.Parameters.Count} parameters; {session.Source.WindowsPerEpoch} windows of {run.Batching.Batch}x{run.Batching.SeqLen} per epoch; " +
            $"{options.Optimizer.ToName()} lr {options.EffectiveLearningRate:G4}, {options.Schedule.Describe()}");

        var clock = Stopwatch.StartNew();
        long firstStep = session.StepsDone;
        long tokensPerStep = (long)run.Batching.Batch * run.Batching.SeqLen;
        string checkpointPath = session.CheckpointPath ?? "";
        string metricsPath = MetricsLog.PathFor(checkpointPath);
        var metrics = OpenMetrics(session, metricsPath);
        TrainingOutcome outcome;
        try
        {
            outcome = TrainingProgressBar.Applies(context) ? TrainingProgressBar.Run(session, context, metrics) : session.Run(step =>
            {
                if (step.Step == firstStep + 1 || step.Step % printEvery == 0 || step.Step == options.Steps)
                {
                    double seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
                    double rate = (step.Step - firstStep) * tokensPerStep / seconds;
                    double eta = (options.Steps - step.Step) * seconds / (step.Step - firstStep);
                    output.WriteLine(
                        $"step {step.Step,6}/{options.Steps}  epoch {step.Epoch,3}  loss {step.Loss:F4}  grad norm {step.GradientNorm,8:F3}  " +
                        $"lr {step.LearningRate:E2}  {rate,8:F0} chars/s  eta {Duration(eta)}");
                }
            }, validation =>
            {
                output.WriteLine(LossLine($"validation at step {validation.Step}", validation.Loss) +
                    (validation.Improved && validation.BestPath is not null ? $"  new best: {validation.BestPath}" : ""));
            }, context.Cancellation, metrics);
        }
        catch (RecurrentException e) when (e is not IO.CheckpointException)
        {
            string kept = File.Exists(checkpointPath) ? $" The last checkpoint, '{checkpointPath}', is intact." : "";
            throw new RecurrentException(e.Message + kept, [.. e.Parameters]);
        }
        finally
        {
            CloseMetrics(context, context.Out, metrics, $"{spec.Cell.ToName()} {spec.Layers}x{spec.Hidden}, {description}");
        }

        if (outcome.LastValidationLoss is double validationLoss)
            output.WriteLine(LossLine("validation loss", validationLoss));
        else
            output.WriteLine("validation loss: none (no validation text; see --val-fraction)");
        if (outcome.BestValidationLoss is double best && outcome.BestPath is not null)
            output.WriteLine(LossLine("best validation loss", best) + $" in {outcome.BestPath}");
        output.WriteLine($"saved {outcome.CheckpointPath} after {outcome.Steps} step(s) in {clock.Elapsed.TotalSeconds:F1} s");
        switch (outcome.End)
        {
            case TrainingEnd.Interrupted:
                context.Error.WriteLine($"interrupted: stopped after step {outcome.Steps} and saved the run to {outcome.CheckpointPath}; " +
                    $"continue it with --resume {outcome.CheckpointPath}");
                return CliApp.Interrupted;
            case TrainingEnd.EarlyStopped:
                output.WriteLine($"stopped early: no improvement in {options.Patience} validation(s)");
                break;
            case TrainingEnd.TimeUp:
                output.WriteLine($"stopped: the time limit of {MinutesText(options.Minutes)} ran out; continue with --resume {outcome.CheckpointPath}");
                break;
        }
        return CliApp.Ok;
    }

    /// <summary>Says that a resumed run has nothing left to do, before anything is printed, opened or drawn.</summary>
    /// <summary>
    /// Runs a session on independent examples (forecasting windows, labelled sequences) and reports it: a line per
    /// validation (its step, the time, the mean training loss since the last one, then <paramref name="scores"/>), the
    /// metrics log and its plot, how the run ended with <paramref name="best"/>'s words on the best model, and where the
    /// model is; an interrupted run says how to resume it (<paramref name="resumeWith"/>: the options beside --resume).
    /// </summary>
    internal static int RunWithValidationLines(CliContext context, TrainingSession session, string outPath, string title,
        Func<Validation, string> scores, Func<TrainingOutcome, string> best, string resumeWith)
    {
        var output = context.Out;
        var clock = Stopwatch.StartNew();
        double lossSum = 0;
        long lossCount = 0;
        var metrics = OpenMetrics(session, MetricsLog.PathFor(outPath));
        TrainingOutcome outcome;
        try
        {
            outcome = session.Run(step =>
            {
                lossSum += step.Loss;
                lossCount++;
            }, validation =>
            {
                output.WriteLine(FormattableString.Invariant(
                    $"step {validation.Step,6}  {clock.Elapsed.TotalSeconds,6:F0} s  train loss {(lossCount > 0 ? lossSum / lossCount : double.NaN),8:F5}  {scores(validation)}{(validation.Improved ? "  (best)" : "")}"));
                lossSum = 0;
                lossCount = 0;
            }, context.Cancellation, metrics);
        }
        finally
        {
            CloseMetrics(context, output, metrics, title);
        }
        string how = outcome.End switch
        {
            TrainingEnd.EarlyStopped => $"stopped early: no better validation in {session.Options.Patience}",
            TrainingEnd.TimeUp => "stopped: the time limit ran out",
            TrainingEnd.Interrupted => "interrupted",
            _ => "all steps done",
        };
        output.WriteLine(FormattableString.Invariant($"{how} after {outcome.Steps} steps in {clock.Elapsed.TotalSeconds:F0} s") + best(outcome));
        output.WriteLine($"model: {outPath}" + (outcome.BestPath is { } bestPath ? $" (best: {bestPath})" : ""));
        if (outcome.End != TrainingEnd.Interrupted)
            return CliApp.Ok;
        context.Error.WriteLine($"interrupted: saved the run to {outPath}; continue it with --resume {outPath} --out {outPath} {resumeWith}");
        return CliApp.Interrupted;
    }

    internal static int AlreadyComplete(TextWriter output, TrainingSession session)
    {
        output.WriteLine($"the run saved in '{session.CheckpointPath}' is already complete (step {session.StepsDone} of {session.Options.Steps}); " +
            "nothing to do (give --steps to train further)");
        return CliApp.Ok;
    }

    /// <summary>The metrics log of a session: a new one, or for a resumed run the old one cut back to its checkpoint's step.</summary>
    internal static MetricsLog OpenMetrics(TrainingSession session, string metricsPath) =>
        session.StepsDone > 0 ? MetricsLog.Resume(metricsPath, session.StepsDone) : MetricsLog.Create(metricsPath);

    /// <summary>
    /// Closes a run's metrics log and draws its curves; a log that holds no record (the run failed before its first step
    /// was logged) is removed rather than left as a header with nothing under it.
    /// </summary>
    internal static void CloseMetrics(CliContext context, TextWriter notice, MetricsLog metrics, string title)
    {
        metrics.Dispose();
        if (metrics.Last is null)
        {
            try
            {
                File.Delete(metrics.Path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
            return;
        }
        DrawCurves(context, notice, metrics.Path, title);
    }

    /// <summary>"1 minute", "2.5 minutes".</summary>
    internal static string MinutesText(double minutes) =>
        minutes == 1 ? "1 minute" : minutes.ToString("G4", System.Globalization.CultureInfo.InvariantCulture) + " minutes";

    /// <summary>The loss curves next to the metrics log, announced on <paramref name="notice"/>; a failure to draw is a warning, never the run's error.</summary>
    internal static void DrawCurves(CliContext context, TextWriter notice, string metricsPath, string title)
    {
        try
        {
            var records = MetricsLog.Read(metricsPath);
            if (records.Count == 0)
                return;
            string png = LossPlot.PathFor(metricsPath);
            LossPlot.Write(records, png, title);
            notice.WriteLine($"metrics: {metricsPath}, loss curves: {png}");
        }
        catch (RecurrentException e)
        {
            context.Error.WriteLine($"warning: could not draw the loss curves: {e.Message}");
        }
    }

    /// <summary>"label: 1.2345 nats/char (1.7810 bits/char)".</summary>
    public static string LossLine(string label, double nats, int digits = 4)
    {
        string format = "F" + digits.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"{label}: {nats.ToString(format)} nats/char ({(nats / Math.Log(2)).ToString(format)} bits/char)";
    }

    private static string Duration(double seconds) =>
        double.IsFinite(seconds) ? TimeSpan.FromSeconds(Math.Round(seconds)).ToString(seconds >= 3600 ? @"h\:mm\:ss" : @"m\:ss") : "?";

}
