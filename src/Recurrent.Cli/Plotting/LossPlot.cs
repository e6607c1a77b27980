// The PNG of a run's loss curves, drawn with ScottPlot (SkiaSharp underneath, headless): the training loss
// per step (faint) with its centred moving average (solid) and the validation loss (markers on a line),
// against the step. Non-finite losses (a run that a NaN guard stopped) are left out of the curves. The file
// is written whole or not at all (temporary file, then rename), so a plot read while training runs is never
// half a PNG. Not here: reading the log (MetricsLog), the command (PlotCommand).
using Recurrent.Training;
using ScottPlot;

namespace Recurrent.Cli.Plotting;

/// <summary>Draws training and validation loss against step.</summary>
public static class LossPlot
{
    /// <summary>Default image size in pixels.</summary>
    public const int DefaultWidth = 900, DefaultHeight = 500;

    /// <summary>The plot that goes with a metrics log: "model.metrics.csv" gives "model.metrics.png".</summary>
    public static string PathFor(string metricsPath) => Path.ChangeExtension(metricsPath, ".png");

    /// <summary>Draws <paramref name="records"/> and writes the PNG to <paramref name="pngPath"/>, replacing any file there.</summary>
    /// <exception cref="ArgumentException"><paramref name="records"/> is empty or the size is not positive.</exception>
    /// <exception cref="RecurrentException">The file cannot be written, or the native drawing library cannot be loaded.</exception>
    public static void Write(IReadOnlyList<MetricsRecord> records, string pngPath, string title,
        int width = DefaultWidth, int height = DefaultHeight)
    {
        if (width < 1 || height < 1)
            throw new ArgumentException($"The image size must be positive (got {width}x{height}).");
        PngOutput.Write(pngPath, () => Build(records, title).GetImageBytes(width, height, ImageFormat.Png));
    }

    /// <summary>The plot, before rendering; tests look at its series.</summary>
    /// <exception cref="ArgumentException"><paramref name="records"/> is empty.</exception>
    internal static Plot Build(IReadOnlyList<MetricsRecord> records, string title)
    {
        if (records.Count == 0)
            throw new ArgumentException("There is nothing to plot: no metrics records.", nameof(records));
        var plot = new Plot();
        var trainColor = Colors.C0;
        var validationColor = Colors.C1;

        var train = records.Where(r => double.IsFinite(r.TrainLoss)).ToArray();
        double[] trainSteps = train.Select(r => (double)r.Step).ToArray();
        double[] trainLosses = train.Select(r => r.TrainLoss).ToArray();
        int window = MovingAverage.WindowFor(train.Length);
        if (train.Length > 0)
        {
            var raw = plot.Add.ScatterLine(trainSteps, trainLosses, window > 0 ? trainColor.WithAlpha(0.3) : trainColor);
            raw.LineWidth = window > 0 ? 1 : 1.5f;
            raw.MarkerSize = train.Length == 1 ? 5 : 0;
            raw.LegendText = window > 0 ? "training loss, per step" : "training loss";
        }
        if (window > 0)
        {
            var (xs, means) = MovingAverage.Centred(trainSteps, trainLosses, window);
            var smooth = plot.Add.ScatterLine(xs, means, trainColor);
            smooth.LineWidth = 2;
            smooth.MarkerSize = 0;
            smooth.LegendText = $"training loss, centred mean of {window} steps";
        }

        var validation = records.Where(r => r.ValidationLoss is double v && double.IsFinite(v)).ToArray();
        if (validation.Length > 0)
        {
            var best = validation.MinBy(r => r.ValidationLoss!.Value);
            var points = plot.Add.Scatter(
                validation.Select(r => (double)r.Step).ToArray(), validation.Select(r => r.ValidationLoss!.Value).ToArray(), validationColor);
            points.LineWidth = 1.5f;
            points.MarkerSize = 7;
            points.MarkerShape = MarkerShape.FilledCircle;
            points.LegendText = FormattableString.Invariant($"validation loss (best {best.ValidationLoss:F4} at step {best.Step})");
        }

        plot.Title(title);
        plot.XLabel("step");
        plot.YLabel("loss (nats/char)");
        plot.ShowLegend(Alignment.UpperRight);
        if (PlotFonts.Sans is string sans)
            plot.Font.Set(sans);
        return plot;
    }
}
