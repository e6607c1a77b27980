// The live view of a training run on a terminal (Spectre.Console): one bar with step, epoch, loss,
// validation loss, characters per second and the time left; validations print above it. When the output
// is redirected (CI, a log file, tests) TrainingReport prints plain lines instead.
using Recurrent.Training;
using Spectre.Console;

namespace Recurrent.Cli;

/// <summary>Runs a training session under a live progress bar.</summary>
internal static class TrainingProgressBar
{
    /// <summary>Whether this run writes to an interactive terminal, where a live bar makes sense.</summary>
    public static bool Applies(CliContext context) =>
        ReferenceEquals(context.Out, Console.Out) && !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    public static TrainingOutcome Run(TrainingSession session, CliContext context, MetricsLog metrics)
    {
        var options = session.Options;
        long first = session.StepsDone;
        long tokensPerStep = (long)session.Source.Batch * session.Source.Steps;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        double? validation = null;
        TrainingOutcome? outcome = null;
        AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new RemainingTimeColumn(), new SpinnerColumn())
            .Start(progress =>
            {
                var task = progress.AddTask("starting", maxValue: Math.Max(1, options.Steps));
                task.Value = first;
                outcome = session.Run(step =>
                {
                    double rate = (step.Step - first) * tokensPerStep / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
                    string validated = validation is double v ? $"  val {v:F4}" : "";
                    task.Description = Markup.Escape(
                        $"step {step.Step}/{options.Steps}  epoch {step.Epoch}  loss {step.Loss:F4}{validated}  {rate:F0} chars/s");
                    task.Value = step.Step;
                }, v =>
                {
                    validation = v.Loss;
                    AnsiConsole.MarkupLine(Markup.Escape(TrainingReport.LossLine($"validation at step {v.Step}", v.Loss) +
                        (v.Improved && v.BestPath is not null ? $"  new best: {v.BestPath}" : "")));
                }, context.Cancellation, metrics);
                task.StopTask();
            });
        return outcome!;
    }
}
