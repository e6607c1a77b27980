// The PNG of a backtest: for the first target of the first series, the actual values over the last origins' span,
// the model's point forecasts from a few of those origins, and their interval (lowest to highest quantile) as a
// band; dates on the time axis when the series has them. Drawn with ScottPlot, written whole or not at all.
using Recurrent.Forecasting;
using ScottPlot;

namespace Recurrent.Cli.Plotting;

/// <summary>Draws history, forecasts, intervals and actual values of a backtest.</summary>
public static class ForecastPlot
{
    public const int DefaultWidth = 1000, DefaultHeight = 450, Shown = 4;

    /// <summary>Draws the last <see cref="Shown"/> non-overlapping forecasts of the first series and writes the PNG.</summary>
    /// <exception cref="RecurrentException">The file cannot be written, or the native drawing library cannot be loaded.</exception>
    public static void Write(ForecastData data, BacktestReport report, string pngPath, int width = DefaultWidth, int height = DefaultHeight) =>
        PngOutput.Write(pngPath, () => Build(data, report).GetImageBytes(width, height, ImageFormat.Png));

    /// <summary>The plot, before rendering.</summary>
    internal static Plot Build(ForecastData data, BacktestReport report)
    {
        var first = report.Forecasts[0].SeriesId;
        var ofSeries = report.Forecasts.Where(f => f.SeriesId == first).ToList();
        var chosen = new List<Forecast>();
        for (int i = ofSeries.Count - 1; i >= 0 && chosen.Count < Shown; i--)
            if (chosen.Count == 0 || ofSeries[i].Origin + ofSeries[i].Horizon <= chosen[^1].Origin)
                chosen.Add(ofSeries[i]);
        chosen.Reverse();
        var series = data.SeriesOf(report.Forecasts[0]).Data;
        var axis = data.Table.Axis;
        int k = data.Layout.TargetCount;
        double X(long time) => axis.ToDate(time) is DateTime date ? date.ToOADate() : time;
        var plot = new Plot();
        int from = Math.Max(0, chosen[0].Origin - 2 * chosen[0].Horizon), to = Math.Min(series.Observed, chosen[^1].Origin + chosen[^1].Horizon + 1);
        double[] xs = Enumerable.Range(from, to - from).Select(r => X(series.Times[r])).ToArray();
        double[] actual = Enumerable.Range(from, to - from).Select(r => series.Targets[r * k]).ToArray();
        var line = plot.Add.ScatterLine(xs, actual, Colors.Black);
        line.LegendText = "actual";
        line.LineWidth = 1.5f;
        for (int c = 0; c < chosen.Count; c++)
        {
            var forecast = chosen[c];
            double[] fx = forecast.Times.Select(X).ToArray();
            double[] point = Enumerable.Range(0, forecast.Horizon).Select(h => forecast.Point(h, 0)).ToArray();
            if (forecast.ValuesPerTarget > 1)
            {
                double[] low = Enumerable.Range(0, forecast.Horizon).Select(h => forecast.Value(h, 0, 0)).ToArray();
                double[] high = Enumerable.Range(0, forecast.Horizon).Select(h => forecast.Value(h, 0, forecast.ValuesPerTarget - 1)).ToArray();
                var band = plot.Add.FillY(fx, low, high);
                band.FillColor = Colors.DodgerBlue.WithAlpha(0.25);
                band.LineWidth = 0;
                if (c == 0)
                    band.LegendText = FormattableString.Invariant(
                        $"interval {forecast.Quantiles[0]:0.##}-{forecast.Quantiles[^1]:0.##} (covers {report.Targets[0].Coverage:P0})");
            }
            var forecastLine = plot.Add.ScatterLine(fx, point, Colors.DodgerBlue);
            forecastLine.LineWidth = 2;
            if (c == 0)
                forecastLine.LegendText = forecast.ValuesPerTarget > 1 ? "forecast (median)" : "forecast";
        }
        if (axis.Kind == TimeKind.Calendar)
            plot.Axes.DateTimeTicksBottom();
        string name = data.Layout.Columns.Targets[0] + (first.Length > 0 ? $" of series {first}" : "");
        plot.Title($"{name}: backtest forecasts, {report.Horizon} steps ahead (model MAE {report.Targets[0].Methods[0].Mae:G4})");
        plot.YLabel(data.Layout.Columns.Targets[0]);
        plot.ShowLegend(Alignment.UpperLeft);
        if (PlotFonts.Sans is string sans)
            plot.Font.Set(sans);
        return plot;
    }
}
