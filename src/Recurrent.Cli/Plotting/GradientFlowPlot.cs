// The PNG of a gradient-flow measurement: for each cell (or model, by its label), ‖dL/dh(T-1-k)‖ (solid) and ‖dL/dx(T-1-k)‖ (dashed)
// against the distance k on a log scale, so exponential vanishing shows as a straight falling line. ScottPlot 5
// has no logarithmic axis: the lines are drawn at log10 of the norm and the ticks read 1e-3 and so on.
// Zero norms (underflow) have no logarithm and are left out.
using Recurrent.Diagnostics;
using Recurrent.Models;
using ScottPlot;

namespace Recurrent.Cli.Plotting;

/// <summary>Draws gradient norm against distance back in time, one colour per cell.</summary>
internal static class GradientFlowPlot
{
    public const int DefaultWidth = 900, DefaultHeight = 520;

    /// <summary>Draws <paramref name="results"/> and writes the PNG.</summary>
    /// <exception cref="RecurrentException">The file cannot be written, or the native drawing library cannot be loaded.</exception>
    public static void Write(IReadOnlyList<GradientFlowResult> results, string path, string title)
    {
        var plot = Build(results, title);
        PngOutput.Write(path, () => plot.GetImageBytes(DefaultWidth, DefaultHeight, ImageFormat.Png));
    }

    internal static Plot Build(IReadOnlyList<GradientFlowResult> results, string title)
    {
        var plot = new Plot();
        for (int r = 0; r < results.Count; r++)
        {
            var result = results[r];
            var color = plot.Add.Palette.GetColor(r);
            string cell = result.Name;
            AddLine(plot, result.HiddenNorms, color, LinePattern.Solid, $"{cell}  ‖dL/dh‖");
            AddLine(plot, result.InputNorms, color, LinePattern.Dashed, $"{cell}  ‖dL/dx‖");
        }
        var ticks = new ScottPlot.TickGenerators.NumericAutomatic
        {
            IntegerTicksOnly = true,
            LabelFormatter = y => FormattableString.Invariant($"1e{y:0}"),
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        };
        plot.Axes.Left.TickGenerator = ticks;
        plot.Axes.Margins(horizontal: 0.01, vertical: 0.05);
        plot.Title(title);
        plot.XLabel("distance k back from the step of the loss (h and x of step T-1-k)");
        plot.YLabel("gradient norm (log scale)");
        plot.ShowLegend(Alignment.LowerLeft);
        if (PlotFonts.Sans is string sans)
            plot.Font.Set(sans);
        return plot;
    }

    private static void AddLine(Plot plot, double[] norms, Color color, LinePattern pattern, string legend)
    {
        var ks = new List<double>();
        var logs = new List<double>();
        for (int k = 0; k < norms.Length; k++)
            if (norms[k] > 0 && double.IsFinite(norms[k]))
            {
                ks.Add(k);
                logs.Add(Math.Log10(norms[k]));
            }
        var line = plot.Add.ScatterLine(ks.ToArray(), logs.ToArray(), color);
        line.LineWidth = 2;
        line.LinePattern = pattern;
        line.MarkerSize = 0;
        line.LegendText = legend;
    }
}
