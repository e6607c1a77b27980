// The PNG of long-range task runs: the held-out score against the training step, one curve per run, drawn with
// ScottPlot (SkiaSharp underneath, headless); the step axis is logarithmic when the runs' lengths differ a
// hundredfold. Regression tasks plot the test MSE with the constant predictor's as a dashed line (the level a
// model that remembers nothing stays at); classification tasks plot the test accuracy with chance as the dashed
// line. The file is written whole or not at all (temporary file, then rename).
// Not here: running the task (TaskRun) or reading runs saved as JSON (TaskCommand).
using Recurrent.Models;
using Recurrent.Tasks;
using ScottPlot;

namespace Recurrent.Cli.Plotting;

/// <summary>Draws held-out MSE or accuracy against step for one or more runs of the same task.</summary>
public static class TaskPlot
{
    public const int DefaultWidth = 800, DefaultHeight = 450;

    /// <summary>Draws the runs and writes the PNG to <paramref name="pngPath"/>, replacing any file there.</summary>
    /// <exception cref="ArgumentException">There is no run, or a run has no evaluation.</exception>
    /// <exception cref="RecurrentException">The file cannot be written, or the native drawing library cannot be loaded.</exception>
    public static void Write(SequenceTask task, IReadOnlyList<(string Label, IReadOnlyList<TaskEvaluation> History)> runs,
        string pngPath, string title, int width = DefaultWidth, int height = DefaultHeight)
    {
        PngOutput.Write(pngPath, () => Build(task, runs, title).GetImageBytes(width, height, ImageFormat.Png));
    }

    /// <summary>The plot, before rendering; tests look at its series.</summary>
    internal static Plot Build(SequenceTask task, IReadOnlyList<(string Label, IReadOnlyList<TaskEvaluation> History)> runs, string title)
    {
        if (runs.Count == 0 || runs.Any(run => run.History.Count == 0))
            throw new ArgumentException("There is nothing to plot: a run without evaluations.", nameof(runs));
        bool regression = task.Head == HeadKind.Regression;
        var plot = new Plot();
        // Runs of one time budget can differ a hundredfold in steps (a plain RNN's step is far cheaper than an LSTM's):
        // then the step axis is logarithmic, and the evaluations before the first step are left out.
        long[] positive = runs.SelectMany(run => run.History).Select(e => e.Step).Where(step => step > 0).ToArray();
        bool logarithmic = positive.Length > 0 && positive.Max() >= 100 * positive.Min();
        double X(long step) => logarithmic ? Math.Log10(step) : step;
        double minStep = double.PositiveInfinity, maxStep = double.NegativeInfinity;
        for (int k = 0; k < runs.Count; k++)
        {
            var (label, history) = runs[k];
            var points = history.Where(e => double.IsFinite(Value(e, regression)) && (!logarithmic || e.Step > 0)).ToArray();
            double[] steps = points.Select(e => X(e.Step)).ToArray();
            minStep = Math.Min(minStep, steps.DefaultIfEmpty(0).Min());
            maxStep = Math.Max(maxStep, steps.DefaultIfEmpty(1).Max());
            var line = plot.Add.ScatterLine(steps, points.Select(e => Value(e, regression)).ToArray(), plot.Add.Palette.GetColor(k));
            line.LineWidth = 2;
            line.MarkerSize = points.Length == 1 ? 5 : 0;
            line.LegendText = label;
        }
        double reference = regression ? runs[0].History[0].Test.ConstantMse : task.Chance;
        if (double.IsFinite(reference))
        {
            var level = plot.Add.HorizontalLine(reference, 1.5f, Colors.Gray, LinePattern.Dashed);
            level.LegendText = regression
                ? FormattableString.Invariant($"constant predictor ({reference:F4}; 1/24 = {1.0 / 24:F4} expected)")
                : FormattableString.Invariant($"chance ({reference * 100:F1}%)");
        }
        if (logarithmic)
        {
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = x => Math.Pow(10, x).ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
            };
            plot.Axes.SetLimitsX(minStep, maxStep);
        }
        else
            plot.Axes.SetLimitsX(Math.Min(0, minStep), Math.Max(maxStep, 1));
        if (regression)
            plot.Axes.SetLimitsY(0, Math.Max(reference, 0.001) * 1.6);
        else
            plot.Axes.SetLimitsY(0, 1.02);
        plot.Title(title);
        plot.XLabel(logarithmic ? "training step (log scale)" : "training step");
        plot.YLabel(regression ? "held-out MSE" : "held-out accuracy");
        plot.ShowLegend(regression ? Alignment.UpperRight : Alignment.LowerRight);
        if (PlotFonts.Sans is string sans)
            plot.Font.Set(sans);
        return plot;
    }

    private static double Value(TaskEvaluation evaluation, bool regression) => regression ? evaluation.Test.Loss : evaluation.Test.Accuracy;
}
