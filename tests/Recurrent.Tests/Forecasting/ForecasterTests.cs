// A forecaster's forecasts, on an untrained network (the properties hold for any weights): a forecast never reads a
// target after its origin, a series shifted by a constant (read relative to its level) is forecast shifted by the same
// constant, an autoregressive forecast stepped with the state carried equals one Forward over the whole extended
// window, and the forecast of a saved model equals the one before saving.
using Recurrent.Forecasting;
using Recurrent.Models;

namespace Recurrent.Tests.Forecasting;

public sealed class ForecasterTests
{
    private static readonly SeriesColumns Sales = new(["sales"]) { Time = ["date"] };

    private static Forecaster Untrained(SeriesTable table, ForecastSettings settings, ulong seed = 5)
    {
        var layout = new ForecastLayout(table.Columns, settings, ForecastData.LevelsOf(table, settings));
        var data = ForecastData.Prepare(layout, table);
        var network = new RecurrentModel<float>(layout.ModelSpec(CellKind.Lstm, 8, 2));
        network.Initialize(seed);
        return new Forecaster(Forecaster.Bundle(network, data));
    }

    private static string Rewrite(string csv, Func<int, double, double> value) =>
        string.Join('\n', csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select((line, i) => i == 0 ? line
            : line.Split(',')[0] + "," + value(i - 1, double.Parse(line.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture))
                .ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "\n";

    [Theory]
    [InlineData(ForecastMode.Direct)]
    [InlineData(ForecastMode.Autoregressive)]
    public void A_forecast_never_reads_a_target_after_its_origin(ForecastMode mode)
    {
        string csv = GeneratedSeries.Weekly(300);
        var settings = new ForecastSettings
        {
            Context = 21, Horizon = 7, Mode = mode, Quantiles = [0.1, 0.5, 0.9], Lags = [7, 14], Calendar = [CalendarFeature.DayOfWeek],
            Level = mode == ForecastMode.Direct ? WindowLevel.Mean : WindowLevel.None,
        };
        var forecaster = Untrained(GeneratedSeries.Table(csv, Sales), settings);
        var clean = forecaster.Prepare(GeneratedSeries.Table(csv, Sales));
        int origin = clean.Origins(ForecastPart.Test)[3].Origin;
        // Every target after the origin replaced by nonsense: the forecast from the origin must not move by one bit.
        var poisoned = forecaster.Prepare(GeneratedSeries.Table(Rewrite(csv, (row, v) => row > origin ? 1e6 - v : v), Sales));
        var a = forecaster.Forecast(clean, [(0, origin)])[0];
        var b = forecaster.Forecast(poisoned, [(0, origin)])[0];
        Assert.Equal(a.Values, b.Values);
        var later = forecaster.Forecast(poisoned, [(0, origin + 1)])[0];
        Assert.NotEqual(a.Values, later.Values); // and the row after the origin is read by the next origin
    }

    [Fact]
    public void A_backtest_origin_and_its_calibrated_interval_never_read_a_target_after_it()
    {
        string csv = GeneratedSeries.Weekly(300);
        var settings = new ForecastSettings { Context = 21, Horizon = 7, Quantiles = [0.1, 0.5, 0.9], Lags = [7], Calendar = [CalendarFeature.DayOfWeek] };
        var forecaster = Untrained(GeneratedSeries.Table(csv, Sales), settings);
        var clean = forecaster.Prepare(GeneratedSeries.Table(csv, Sales));
        var origins = clean.Origins(ForecastPart.Test, stride: 5);
        int origin = origins[2].Origin;
        var poisoned = forecaster.Prepare(GeneratedSeries.Table(Rewrite(csv, (row, v) => row > origin ? 3 * v + 1000 : v), Sales));
        var a = Backtest.Run(forecaster, clean, stride: 5, season: 7);
        var b = Backtest.Run(forecaster, poisoned, stride: 5, season: 7);
        Assert.True(a.CalibrationWindows > 0);
        for (int i = 0; i <= 2; i++)
            Assert.Equal(a.Forecasts[i].Values, b.Forecasts[i].Values);
        Assert.NotEqual(a.Forecasts[^1].Values, b.Forecasts[^1].Values);
    }

    [Theory]
    [InlineData(WindowLevel.Mean)]
    [InlineData(WindowLevel.Last)]
    public void A_series_shifted_by_a_constant_is_forecast_shifted_by_it(WindowLevel level)
    {
        string csv = GeneratedSeries.Weekly(300);
        var settings = new ForecastSettings { Context = 21, Horizon = 7, Quantiles = [0.1, 0.5, 0.9], Lags = [7], Level = level };
        var forecaster = Untrained(GeneratedSeries.Table(csv, Sales), settings);
        var data = forecaster.Prepare(GeneratedSeries.Table(csv, Sales));
        var shifted = forecaster.Prepare(GeneratedSeries.Table(Rewrite(csv, (_, v) => v + 500), Sales));
        var origins = data.Origins(ForecastPart.Test, stride: 10);
        var a = forecaster.Forecast(data, origins);
        var b = forecaster.Forecast(shifted, origins);
        for (int i = 0; i < a.Count; i++)
            for (int k = 0; k < a[i].Values.Length; k++)
                Assert.Equal(a[i].Values[k] + 500, b[i].Values[k], 3);
    }

    [Fact]
    public void An_autoregressive_forecast_stepped_with_its_state_equals_one_forward_over_the_extended_window()
    {
        string csv = GeneratedSeries.Weekly(200);
        var settings = new ForecastSettings
        {
            Context = 9, Horizon = 4, Mode = ForecastMode.Autoregressive, Level = WindowLevel.None, Lags = [7], Calendar = [CalendarFeature.DayOfWeek],
        };
        var forecaster = Untrained(GeneratedSeries.Table(csv, Sales), settings);
        var data = forecaster.Prepare(GeneratedSeries.Table(csv, Sales));
        var layout = forecaster.Layout;
        var series = data.Series[0];
        int t = data.Origins(ForecastPart.Test)[0].Origin, width = layout.FeatureCount, steps = settings.Context + settings.Horizon - 1;
        var forecast = forecaster.Forecast(data, [(0, t)])[0];

        // The window of C rows, then H − 1 rows that read the forecasts as their targets, all relative to the context's level.
        var network = forecaster.Model.Network;
        var ws = network.CreateWorkspace(steps, 1, forBackward: false);
        int first = t - settings.Context + 2;
        const double level = 0; // an autoregressive window is read as it is
        for (int j = 0; j < steps; j++)
        {
            int u = first + j;
            for (int f = 0; f < width; f++)
                ws.Inputs[j * width + f] = (float)series.Features[u * width + f];
            if (j >= settings.Context)
                ws.Inputs[j * width] = (float)(forecaster.TargetScaling.Apply(forecast.Point(j - settings.Context, 0), 0) - level);
            else
                ws.Inputs[j * width] -= (float)level;
            ws.Inputs[j * width + layout.LagStart] -= (float)level;
        }
        network.Forward(ws, steps, network.CreateState(1));
        for (int h = 0; h < settings.Horizon; h++)
        {
            double expected = forecaster.TargetScaling.Invert(ws.OutputOf(settings.Context - 1 + h)[0] + level, 0);
            Assert.Equal(expected, forecast.Point(h, 0), 3);
        }
    }

    [Fact]
    public void A_series_flat_over_its_training_rows_has_no_mase_and_the_backtest_still_runs()
    {
        string csv = "date,sales\n" + string.Concat(Enumerable.Range(0, 200).Select(d =>
            FormattableString.Invariant($"{new DateTime(2020, 1, 1).AddDays(d):yyyy-MM-dd},{(d < 150 ? 5.0 : 5.0 + d % 3)}\n")));
        var table = GeneratedSeries.Table(csv, Sales);
        var forecaster = Untrained(table, new ForecastSettings { Context = 7, Horizon = 3 });
        var report = Backtest.Run(forecaster, forecaster.Prepare(table), stride: 5, season: 7);
        Assert.All(report.Targets[0].Methods, m => Assert.True(double.IsNaN(m.Mase) && double.IsFinite(m.Mae)));
    }

    [Fact]
    public void An_ensemble_forecasts_the_mean_of_its_members_and_refuses_members_that_read_the_data_otherwise()
    {
        string csv = GeneratedSeries.Weekly(200);
        var table = GeneratedSeries.Table(csv, Sales);
        var settings = new ForecastSettings { Context = 14, Horizon = 5, Calendar = [CalendarFeature.DayOfWeek] };
        var a = Untrained(table, settings, seed: 1);
        var b = Untrained(table, settings, seed: 2);
        var ensemble = new Forecaster([a.Model, b.Model], ["a", "b"]);
        var data = ensemble.Prepare(table);
        var origins = data.Origins(ForecastPart.Test, stride: 9);
        var (fa, fb, both) = (a.Forecast(data, origins), b.Forecast(data, origins), ensemble.Forecast(data, origins));
        for (int i = 0; i < origins.Count; i++)
            for (int v = 0; v < both[i].Values.Length; v++)
                Assert.Equal((fa[i].Values[v] + fb[i].Values[v]) / 2, both[i].Values[v], 9);
        var other = Untrained(table, settings with { Horizon = 6 });
        Assert.Contains("another layout or scaling", Assert.Throws<RecurrentException>(() => new Forecaster([a.Model, other.Model], ["a", "c"])).Message);
    }

    [Fact]
    public void A_saved_forecaster_forecasts_as_before()
    {
        string csv = GeneratedSeries.Weekly(200);
        var settings = new ForecastSettings { Context = 14, Horizon = 7, Quantiles = [0.25, 0.5, 0.75], Calendar = [CalendarFeature.DayOfWeek] };
        var table = GeneratedSeries.Table(csv, Sales);
        var forecaster = Untrained(table, settings);
        string path = Path.Combine(Path.GetTempPath(), $"forecaster-{Guid.NewGuid():N}.safetensors");
        try
        {
            ModelFile.Save(path, forecaster.Model);
            var loaded = new Forecaster(ModelFile.Load(path));
            var a = forecaster.ForecastNext(forecaster.Prepare(table))[0];
            var b = loaded.ForecastNext(loaded.Prepare(table))[0];
            Assert.Equal(a.Values, b.Values);
            Assert.Equal(7, a.Horizon);
            Assert.Equal(table.Axis.Next(table.Series[0].Times[^1], 1), a.Times[0]);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
