// Conformalised quantile regression on made-up forecasts: an interval that is too narrow for the errors is widened
// by the ⌈(n + 1)(1 − α)⌉-th smallest score, and then covers the nominal share of fresh errors from the same spread;
// one too wide is narrowed; the inner quantiles stay inside.
using Recurrent.Forecasting;
using Recurrent.Numerics;

namespace Recurrent.Tests.Forecasting;

public sealed class IntervalCalibrationTests
{
    [Fact]
    public void A_too_narrow_interval_is_widened_to_its_nominal_coverage_and_a_too_wide_one_narrowed()
    {
        foreach (double halfWidth in new[] { 0.2, 3.0 })
        {
            // A constant series of zeros, forecast with [-w, +w] around 0, while the truth is 0 plus N(0, 1) noise.
            var rng = new Rng(11);
            int rows = 4000;
            string csv = "step,y\n" + string.Concat(Enumerable.Range(0, rows).Select(t =>
                FormattableString.Invariant($"{t},{rng.NextNormal():R}\n")));
            var table = GeneratedSeries.Table(csv, new SeriesColumns(["y"]) { Time = ["step"] });
            var settings = new ForecastSettings { Context = 2, Horizon = 1, Quantiles = [0.1, 0.5, 0.9], ValidationFraction = 0.5, TestFraction = 0.3 };
            var data = ForecastData.Prepare(new ForecastLayout(table.Columns, settings, new Dictionary<string, IReadOnlyList<string>>()), table);
            var series = data.Series[0];
            Forecast Made(int origin) => Construct(origin, [-halfWidth, 0, halfWidth]);
            var calibration = IntervalCalibration.Measure(data,
                [.. Enumerable.Range(series.TrainEnd, series.ValidationEnd - series.TrainEnd - 1).Select(Made)])!;
            Assert.Equal(0.8, calibration.Nominal, 12);
            Assert.Equal(1.2816 - halfWidth, calibration.Offset(0, 0), 1); // the 0.8 quantile of |N(0, 1)| is 1.2816
            int covered = 0, count = 0;
            for (int origin = series.ValidationEnd; origin < rows - 1; origin++, count++)
            {
                var forecast = calibration.Apply(Made(origin));
                double actual = table.Series[0].Targets[origin + 1];
                covered += forecast.Value(0, 0, 0) <= actual && actual <= forecast.Value(0, 0, 2) ? 1 : 0;
                Assert.InRange(forecast.Value(0, 0, 1), forecast.Value(0, 0, 0), forecast.Value(0, 0, 2));
            }
            Assert.InRange((double)covered / count, 0.77, 0.83);
        }
    }

    [Fact]
    public void An_interval_narrowed_past_its_median_stops_there()
    {
        var table = GeneratedSeries.Table("step,y\n" + string.Concat(Enumerable.Range(0, 100).Select(t => $"{t},0\n")),
            new SeriesColumns(["y"]) { Time = ["step"] });
        var settings = new ForecastSettings { Context = 2, Horizon = 1, Quantiles = [0.1, 0.5, 0.9] };
        var data = ForecastData.Prepare(new ForecastLayout(table.Columns, settings, new Dictionary<string, IReadOnlyList<string>>()), table);
        // Every actual value is 0, far inside [-5, 5]: the calibration narrows by 5 and more.
        var calibration = IntervalCalibration.Measure(data, [.. Enumerable.Range(70, 20).Select(o => Construct(o, [-5, 1, 5]))])!;
        Assert.Equal(-5, calibration.Offset(0, 0), 12);
        var narrowed = calibration.Apply(Construct(95, [-4, 1, 3]));
        Assert.Equal([1.0, 1, 1], narrowed.Values);
        Assert.Equal([-2.0, 0, 2], calibration.Apply(Construct(95, [-7, 0, 7])).Values);
    }

    private static Forecast Construct(int origin, double[] values) => new("", origin, [origin + 1], values, 1, [0.1, 0.5, 0.9], 1);
}
