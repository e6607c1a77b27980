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
    public static int Run(CliContext context, TrainingSession session, string description, int printEvery)
    {
        var options = session.Options;
        var model = session.Model;
        var output = context.Out;
        output.WriteLine($"data: {description}: {session.TrainCharacters + session.ValidationCharacters} characters, " +
            $"{model.Vocabulary.Count} distinct; training on {session.TrainCharacters}, validating on {session.ValidationCharacters}");
        output.WriteLine($"model: {options.Cell.ToName()}, {options.Layers} layer(s) of {options.Hidden}" +
            (options.Embedding > 0 ? $", embedding {options.Embedding}" : "") + (options.Dropout > 0 ? $", dropout {options.Dropout}" : "") +
            $", {model.Network.Parameters.Count} parameters; {session.Streams.WindowsPerEpoch} windows of {options.Batch}x{options.SeqLen} per epoch; " +
            $"{options.Optimizer.ToName()} lr {options.EffectiveLearningRate:G4}, {options.Schedule.Describe()}");

        var clock = Stopwatch.StartNew();
        long firstStep = session.StepsDone;
        long tokensPerStep = (long)options.Batch * options.SeqLen;
        string metricsPath = MetricsLog.PathFor(session.CheckpointPathOrEmpty());
        var metrics = session.StepsDone > 0 ? MetricsLog.Resume(metricsPath, session.StepsDone) : MetricsLog.Create(metricsPath);
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
            string kept = File.Exists(session.CheckpointPathOrEmpty()) ? $" The last checkpoint, '{session.CheckpointPathOrEmpty()}', is intact." : "";
            throw new RecurrentException(e.Message + kept, [.. e.Parameters]);
        }
        finally
        {
            metrics.Dispose();
            DrawCurves(context, metricsPath, $"{options.Cell.ToName()} {options.Layers}x{options.Hidden}, {description}");
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
        }
        return CliApp.Ok;
    }

    /// <summary>The loss curves next to the metrics log; a failure to draw is a warning, never the run's error.</summary>
    private static void DrawCurves(CliContext context, string metricsPath, string title)
    {
        try
        {
            var records = MetricsLog.Read(metricsPath);
            if (records.Count == 0)
                return;
            string png = LossPlot.PathFor(metricsPath);
            LossPlot.Write(records, png, title);
            context.Out.WriteLine($"metrics: {metricsPath}, loss curves: {png}");
        }
        catch (RecurrentException e)
        {
            context.Error.WriteLine($"warning: could not draw the loss curves: {e.Message}");
        }
    }

    /// <summary>"label: 1.2345 nats/char (1.7810 bits/char)".</summary>
    public static string LossLine(string label, double nats) =>
        $"{label}: {nats:F4} nats/char ({nats / Math.Log(2):F4} bits/char)";

    private static string Duration(double seconds) =>
        double.IsFinite(seconds) ? TimeSpan.FromSeconds(Math.Round(seconds)).ToString(seconds >= 3600 ? @"h\:mm\:ss" : @"m\:ss") : "?";

}
