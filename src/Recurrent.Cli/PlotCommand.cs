// `recurrent plot`: draws a metrics log (written by `train` next to its checkpoint) as a PNG of the
// training and validation loss curves. Works on a finished run and on one still training.
using System.CommandLine;
using Recurrent.Cli.Plotting;
using Recurrent.Training;

namespace Recurrent.Cli;

public static class PlotCommand
{
    public static Command Create(CliContext context)
    {
        var metrics = new Option<string>("--metrics") { Description = "Metrics log written by train (MODEL.metrics.csv)", Required = true };
        var output = new Option<string?>("--out") { Description = "PNG to write (default: the metrics log's path with .plot.png, beside the .png training draws)" };
        var title = new Option<string?>("--title") { Description = "Title above the curves (default: the metrics log's file name)" };
        var command = new Command("plot", "Draw the training and validation loss curves of a metrics log as a PNG") { metrics, output, title };
        command.SetAction(parsed =>
        {
            string metricsPath = Paths.Input("--metrics", parsed.GetValue(metrics));
            string outPath = PngOutput.Check("--out", parsed.GetResult(output) is null ? DefaultPath(metricsPath) : parsed.GetValue(output));
            if (Path.GetFullPath(outPath) == Path.GetFullPath(metricsPath))
                throw new UsageException($"--out would overwrite the metrics log '{metricsPath}'.");
            var records = MetricsLog.Read(metricsPath);
            if (records.Count == 0)
                throw new RecurrentException($"The metrics log '{metricsPath}' has no records yet: nothing to plot.");
            LossPlot.Write(records, outPath, parsed.GetValue(title) ?? Path.GetFileName(metricsPath));
            int validations = records.Count(r => r.ValidationLoss is not null);
            context.Out.WriteLine($"wrote {outPath}: {records.Count} step(s), {validations} validation loss(es)");
            return CliApp.Ok;
        });
        return command;
    }

    /// <summary>MODEL.metrics.plot.png: beside the MODEL.metrics.png that training draws, which it leaves alone.</summary>
    internal static string DefaultPath(string metricsPath) => Path.ChangeExtension(LossPlot.PathFor(metricsPath), ".plot.png");
}
