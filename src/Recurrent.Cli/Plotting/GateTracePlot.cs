// The PNG of a gate trace: one heatmap per quantity (f, i, C~, C, o, h for an LSTM; r, z, n, h for a GRU; h for
// an RNN) and layer, stacked top to bottom; in each, a row per hidden unit and a column per step, labelled with the
// character read at that step. σ gates share one colour scale on [0, 1]; tanh values and states a diverging scale
// centred on 0 ([-1, 1], wider for a cell state that outgrows it). Not here: recording the trace (GateTracer).
using Recurrent.Diagnostics;
using ScottPlot;

namespace Recurrent.Cli.Plotting;

/// <summary>Draws a <see cref="GateTrace"/> as stacked heatmaps (units × steps).</summary>
internal static class GateTracePlot
{
    private const int MaxLabelledSteps = 120;

    /// <summary>Draws the given layers' first <paramref name="units"/> units and writes the PNG.</summary>
    /// <exception cref="RecurrentException">The file cannot be written, or the native drawing library cannot be loaded.</exception>
    public static void Write(GateTrace trace, string path, IReadOnlyList<int> layers, int units)
    {
        var (multiplot, width, height) = Build(trace, layers, units);
        PngOutput.Write(path, () => multiplot.Render(width, height).GetImageBytes(ImageFormat.Png, 100));
    }

    /// <summary>The panels and the image size they want; tests look at the panels.</summary>
    internal static (Multiplot Plot, int Width, int Height) Build(GateTrace trace, IReadOnlyList<int> layers, int units)
    {
        if (!Models.CellKinds.TryParse(trace.Cell, out var cell))
            throw new ArgumentException($"Unknown cell '{trace.Cell}'.", nameof(trace));
        int steps = trace.Steps.Count, shown = Math.Clamp(units, 1, trace.Hidden);
        int width = Math.Clamp(170 + 14 * steps, 700, 2400);
        int panelHeight = Math.Clamp(60 + 8 * shown, 150, 300);
        var multiplot = new Multiplot { Layout = new ScottPlot.MultiplotLayouts.Rows() };
        foreach (var plot in multiplot.GetPlots())
            multiplot.RemovePlot(plot);
        var names = GateQuantities.Of(cell);
        foreach (int layer in layers)
            foreach (string name in names)
                multiplot.AddPlot(Panel(trace, layer, name, shown, layers.Count > 1));
        var last = multiplot.GetPlots()[^1];
        last.XLabel("character read at step t");
        return (multiplot, width, panelHeight * multiplot.Count());
    }

    private static Plot Panel(GateTrace trace, int layer, string name, int units, bool nameLayer)
    {
        int steps = trace.Steps.Count;
        var intensities = new double[units, steps];
        double largest = 0;
        for (int t = 0; t < steps; t++)
        {
            float[] values = trace.Steps[t].Layers[layer][name];
            for (int u = 0; u < units; u++)
            {
                intensities[u, t] = values[u];
                largest = Math.Max(largest, Math.Abs(values[u]));
            }
        }
        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(intensities);
        heatmap.Extent = new CoordinateRect(-0.5, steps - 0.5, units - 0.5, -0.5); // row u at y = u, unit 0 on top
        if (GateQuantities.IsSigmoidGate(name))
        {
            heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
            heatmap.ManualRange = new ScottPlot.Range(0, 1);
        }
        else
        {
            double bound = Math.Max(1, largest);
            heatmap.Colormap = new ScottPlot.Colormaps.Balance();
            heatmap.ManualRange = new ScottPlot.Range(-bound, bound);
        }
        plot.Add.ColorBar(heatmap);
        plot.Title($"{name}: {GateQuantities.Describe(name)}" + (nameLayer ? $", layer {layer}" : ""), size: 14);
        plot.YLabel("unit");
        plot.Axes.SetLimits(-0.5, steps - 0.5, units - 0.5, -0.5);
        plot.Axes.Bottom.TickGenerator = CharacterTicks(trace);
        plot.Axes.Left.TickGenerator = UnitTicks(units);
        plot.Layout.Fixed(new PixelPadding(left: 60, right: 110, bottom: 42, top: 36));
        if (PlotFonts.Sans is string sans)
            plot.Font.Set(sans);
        return plot;
    }

    /// <summary>A tick under each step (every n-th for long texts) labelled with its character; a space shows as ␣.</summary>
    private static ScottPlot.TickGenerators.NumericManual CharacterTicks(GateTrace trace)
    {
        int every = (trace.Steps.Count + MaxLabelledSteps - 1) / MaxLabelledSteps;
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int t = 0; t < trace.Steps.Count; t += every)
            ticks.AddMajor(t, Label(trace.Steps[t].Char));
        return ticks;
    }

    /// <summary>Whole unit numbers, at most about 8 of them.</summary>
    private static ScottPlot.TickGenerators.NumericManual UnitTicks(int units)
    {
        int every = (units + 7) / 8;
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        for (int u = 0; u < units; u += every)
            ticks.AddMajor(u, u.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return ticks;
    }

    private static string Label(string symbol) => symbol switch
    {
        " " => "␣",
        _ => CharDisplay.Quote(symbol)[1..^1],
    };
}
