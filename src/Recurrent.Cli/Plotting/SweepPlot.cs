// The PNG of a sweep's jobs: each job's validation loss against the step, one line per job, the longer runs drawn
// over the shorter ones, so the rungs show as the curves that went on. Drawn with ScottPlot, written whole or not at all.
using Recurrent.Training;
using ScottPlot;

namespace Recurrent.Cli.Plotting;

internal static class SweepPlot
{
    public static void Write(IReadOnlyList<(string Label, IReadOnlyList<MetricsRecord> Records)> curves, string pngPath) =>
        PngOutput.Write(pngPath, () => Build(curves).GetImageBytes(1000, 600, ImageFormat.Png));

    internal static Plot Build(IReadOnlyList<(string Label, IReadOnlyList<MetricsRecord> Records)> curves)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int k = 0;
        foreach (var (label, records) in curves.OrderBy(c => c.Records.Count))
        {
            var points = records.Where(r => r.ValidationLoss is double v && double.IsFinite(v)).ToArray();
            if (points.Length == 0)
                continue;
            var line = plot.Add.ScatterLine(points.Select(r => (double)r.Step).ToArray(), points.Select(r => r.ValidationLoss!.Value).ToArray(),
                palette.GetColor(k++));
            line.LineWidth = 1.5f;
            line.MarkerSize = 4;
            if (curves.Count <= 12)
                line.LegendText = label;
        }
        plot.Title("Sweep: validation loss of every job");
        plot.XLabel("step");
        plot.YLabel("validation loss");
        if (curves.Count <= 12)
            plot.ShowLegend(Alignment.UpperRight);
        if (PlotFonts.Sans is string sans)
            plot.Font.Set(sans);
        return plot;
    }
}
