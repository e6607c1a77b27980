// The PNG of a confusion matrix: a heatmap of each actual class's share predicted as each class (rows sum to 1, so a
// rare class reads as clearly as a common one), with the counts written in the cells; drawn with ScottPlot, written
// whole or not at all.
using Recurrent.Classification;
using ScottPlot;

namespace Recurrent.Cli.Plotting;

/// <summary>Draws a confusion matrix.</summary>
public static class ConfusionPlot
{
    /// <summary>Draws <paramref name="matrix"/> and writes the PNG.</summary>
    /// <exception cref="RecurrentException">The file cannot be written, or the native drawing library cannot be loaded.</exception>
    public static void Write(ConfusionMatrix matrix, string pngPath)
    {
        int size = Math.Clamp(160 + 70 * matrix.Classes, 420, 1600);
        PngOutput.Write(pngPath, () => Build(matrix).GetImageBytes(size + 220, size, ImageFormat.Png));
    }

    /// <summary>The plot, before rendering.</summary>
    internal static Plot Build(ConfusionMatrix matrix)
    {
        int classes = matrix.Classes;
        var shares = new double[classes, classes];
        for (int a = 0; a < classes; a++) // row 0 at the top: ScottPlot draws the first row of the array at the top
        {
            long support = matrix.Support(a);
            for (int p = 0; p < classes; p++)
                shares[a, p] = support == 0 ? 0 : (double)matrix.Count(a, p) / support;
        }
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(shares);
        heatmap.Colormap = new ScottPlot.Colormaps.Blues().Reversed(); // dark for a large share
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        for (int a = 0; a < classes; a++)
            for (int p = 0; p < classes; p++)
            {
                var label = plot.Add.Text(matrix.Count(a, p).ToString(System.Globalization.CultureInfo.InvariantCulture), p, classes - 1 - a);
                label.LabelAlignment = Alignment.MiddleCenter;
                label.LabelFontColor = shares[a, p] > 0.5 ? Colors.White : Colors.Black;
                label.LabelFontSize = 14;
                if (PlotFonts.Sans is string font)
                    label.LabelFontName = font;
            }
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = "share of the actual class";
        double[] ticks = [.. Enumerable.Range(0, classes).Select(k => (double)k)];
        plot.Axes.Bottom.SetTicks(ticks, [.. matrix.Labels]);
        plot.Axes.Left.SetTicks([.. ticks.Reverse()], [.. matrix.Labels]);
        plot.XLabel("predicted");
        plot.YLabel("actual");
        plot.Title(FormattableString.Invariant($"Confusion matrix: accuracy {matrix.Accuracy:P1}, macro F1 {matrix.MacroF1:F3}"));
        if (PlotFonts.Sans is string sans)
        {
            plot.Font.Set(sans);
            bar.LabelStyle.FontName = sans;
        }
        return plot;
    }
}
