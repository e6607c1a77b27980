// How series become a forecaster's windows: scaling fitted on the training rows only (the test part cannot leak
// into it), windows that hide everything after their origin but the known covariates, windows of each part that
// forecast only rows of that part, and the refusal of a series too short for the context and the horizon.
using Recurrent.Forecasting;

namespace Recurrent.Tests.Forecasting;

public sealed class ForecastDataTests
{
    private static readonly SeriesColumns Sales = new(["sales"]) { Time = ["date"] };

    private static ForecastLayout Layout(SeriesTable table, ForecastSettings settings) =>
        new(table.Columns, settings, ForecastData.LevelsOf(table, settings));

    [Fact]
    public void Scaling_is_fitted_on_the_training_rows_only()
    {
        string text = GeneratedSeries.Weekly(400);
        var settings = new ForecastSettings { Context = 14, Horizon = 7, ValidationFraction = 0.1, TestFraction = 0.2 };
        var clean = GeneratedSeries.Table(text, Sales);
        // The same series with its validation and test rows raised a thousandfold: a scaling that read them would move.
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        int trainEnd = ForecastData.Split(400, settings).TrainEnd;
        var raised = string.Join('\n', lines.Select((line, i) => i == 0 || i - 1 < trainEnd ? line
            : line.Split(',')[0] + "," + (1000 * double.Parse(line.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)).ToString(System.Globalization.CultureInfo.InvariantCulture))) + "\n";
        var a = ForecastData.Prepare(Layout(clean, settings), clean);
        var b = ForecastData.Prepare(Layout(clean, settings), GeneratedSeries.Table(raised, Sales));
        Assert.Equal(a.TargetScaling, b.TargetScaling);
        Assert.Equal(a.InputScaling, b.InputScaling);
        double mean = clean.Series[0].Targets.Take(trainEnd).Average();
        Assert.Equal(mean, a.TargetScaling.Mean[0], 9);
        Assert.NotEqual(mean, clean.Series[0].Targets.Average(), 3);
    }

    [Fact]
    public void Windows_of_a_part_forecast_only_its_rows_and_hide_what_follows_their_origin()
    {
        var table = GeneratedSeries.Table(GeneratedSeries.Weekly(300), Sales);
        var settings = new ForecastSettings { Context = 10, Horizon = 5, Calendar = [CalendarFeature.DayOfWeek] };
        var data = ForecastData.Prepare(Layout(table, settings), table);
        var series = data.Series[0];
        Assert.All(data.Origins(ForecastPart.Training), o => Assert.True(o.Origin + 5 <= series.TrainEnd - 1));
        Assert.All(data.Origins(ForecastPart.Validation), o => Assert.True(o.Origin >= series.TrainEnd - 1 && o.Origin + 5 <= series.ValidationEnd - 1));
        var test = data.Origins(ForecastPart.Test, stride: 3);
        Assert.Equal(series.ValidationEnd - 1, test[0].Origin);
        Assert.All(test.Zip(test.Skip(1)), pair => Assert.Equal(3, pair.Second.Origin - pair.First.Origin));

        // A window from origin t reads its targets up to t and nothing of the targets after it: the flag says which.
        var layout = data.Layout;
        int t = test[0].Origin, steps = settings.WindowSteps, width = layout.FeatureCount;
        var inputs = new double[steps * width];
        var windows = new ForecastWindows(data, [(0, t)], 1, shuffle: false);
        var targets = new double[settings.Horizon * layout.OutputSize];
        windows.Fill<double>(0, 1, new Recurrent.Data.BatchBuffers<double>([], inputs, [], targets));
        for (int j = 0; j < steps; j++)
        {
            int u = t - settings.Context + 2 + j;
            double flag = inputs[j * width + layout.FlagIndex];
            Assert.Equal(u <= t + 1 ? 1.0 : 0.0, flag);
            if (u > t + 1)
                Assert.Equal(0.0, inputs[j * width]);
            Assert.Equal(1.0, inputs.AsSpan(j * width + layout.CalendarStart, 7).ToArray().Sum()); // the calendar of every step is known
        }
    }

    [Fact]
    public void A_step_reads_the_known_inputs_of_the_steps_after_it_when_asked()
    {
        var table = GeneratedSeries.Table(GeneratedSeries.Weekly(120), Sales);
        var settings = new ForecastSettings { Context = 10, Horizon = 5, Calendar = [CalendarFeature.DayOfWeek], KnownAhead = 2 };
        var data = ForecastData.Prepare(Layout(table, settings), table);
        var layout = data.Layout;
        var series = data.Series[0];
        Assert.Equal(1 + 1 + 7 + 2 * 7, layout.FeatureCount);
        int width = layout.FeatureCount;
        for (int u = 1; u + 2 < series.Rows; u++)
            for (int a = 1; a <= 2; a++)
                Assert.Equal(series.Features.AsSpan((u + a) * width + layout.CalendarStart, 7).ToArray(),
                    series.Features.AsSpan(u * width + layout.AheadStart + (a - 1) * 7, 7).ToArray());
        Assert.Equal(120 + 5, series.Rows); // the calendar continues past the last row for the horizon and what it reads ahead
    }

    [Fact]
    public void A_series_too_short_for_the_context_and_the_horizon_is_refused_by_name()
    {
        var table = GeneratedSeries.Table(GeneratedSeries.Weekly(60), Sales);
        var settings = new ForecastSettings { Context = 40, Horizon = 14 };
        var error = Assert.Throws<RecurrentException>(() => ForecastData.Prepare(Layout(table, settings), table));
        Assert.Contains("60 observed rows", error.Message);
        Assert.Contains("context (40)", error.Message);
        Assert.Contains("horizon (14)", error.Message);
    }

    [Fact]
    public void A_lag_shorter_than_the_horizon_and_past_covariates_fed_back_are_refused()
    {
        Assert.Throws<RecurrentException>(() => new ForecastSettings { Horizon = 7, Lags = [3] }.Validated());
        var columns = new SeriesColumns(["x"]) { PastCovariates = ["y"] };
        Assert.Throws<RecurrentException>(() => new ForecastLayout(columns, new ForecastSettings { Mode = ForecastMode.Autoregressive }, new Dictionary<string, IReadOnlyList<string>>()));
    }

    [Fact]
    public void A_level_in_autoregressive_mode_and_quantiles_without_the_median_are_refused()
    {
        Assert.Contains("level none", Assert.Throws<RecurrentException>(() => new ForecastSettings { Mode = ForecastMode.Autoregressive }.Validated()).Message);
        new ForecastSettings { Mode = ForecastMode.Autoregressive, Level = WindowLevel.None }.Validated();
        Assert.Contains("include 0.5", Assert.Throws<RecurrentException>(() => new ForecastSettings { Quantiles = [0.1, 0.9] }.Validated()).Message);
        Assert.Equal(0, new ForecastSettings { Quantiles = [0.9] }.Validated().MedianIndex);
    }

    [Fact]
    public void Known_covariates_given_far_past_the_horizon_and_several_series_are_read()
    {
        // Two series of different lengths, promo known in advance with 40 future rows each (more than H + N), lags, a calendar.
        var text = new System.Text.StringBuilder("id,date,sales,promo\n");
        foreach (var (id, days) in new[] { ("a", 200), ("b", 150) })
        {
            var start = new DateTime(2021, 1, 1).AddDays(200 - days);
            for (int d = 0; d < days + 40; d++)
                text.Append(FormattableString.Invariant($"{id},{start.AddDays(d):yyyy-MM-dd},{(d < days ? (100 + d % 7).ToString() : "")},{d % 3}\n"));
        }
        var table = GeneratedSeries.Table(text.ToString(), new SeriesColumns(["sales"]) { Time = ["date"], Covariates = ["promo"], Series = "id" });
        var settings = new ForecastSettings { Context = 14, Horizon = 7, Lags = [7], KnownAhead = 2, Calendar = [CalendarFeature.DayOfWeek] };
        var data = ForecastData.Prepare(Layout(table, settings), table);
        Assert.Equal([200 + 7, 150 + 7], data.Series.Select(s => s.Rows));
        // One split in time for both: the shorter series validates and tests from the same days as the longer one.
        var (a, b) = (data.Series[0], data.Series[1]);
        Assert.Equal((140, 160), (a.TrainEnd, a.ValidationEnd));
        Assert.Equal((90, 110), (b.TrainEnd, b.ValidationEnd));
        Assert.Equal(a.Data.Times[a.TrainEnd], b.Data.Times[b.TrainEnd]);
        Assert.Equal(a.Data.Times[a.ValidationEnd], b.Data.Times[b.ValidationEnd]);
        var network = new Recurrent.Models.RecurrentModel<float>(data.Layout.ModelSpec(Recurrent.Models.CellKind.Gru, 4, 1));
        var forecaster = new Forecaster(Forecaster.Bundle(network, data));
        var next = forecaster.ForecastNext(forecaster.Prepare(table));
        Assert.Equal(["a", "b"], next.Select(f => f.SeriesId));
        Assert.Equal(next[0].Times, next[1].Times); // both series end on the same day
        // Calibration windows are ordered by time, across series of different lengths.
        var pool = forecaster.CalibrationOrigins(data);
        var times = pool.Select(o => data.Series[o.Series].Data.Times[o.Origin]).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
    }

    [Fact]
    public void A_categorical_covariate_is_one_hot_over_the_training_labels_and_a_later_label_reads_as_zeros()
    {
        // "promo" is none/tv/radio in the training rows; "web" first appears in the test rows.
        var text = new System.Text.StringBuilder("date,sales,promo\n");
        for (int d = 0; d < 100; d++)
            text.Append(FormattableString.Invariant($"{new DateTime(2021, 1, 1).AddDays(d):yyyy-MM-dd},{100 + d % 7},{(d >= 90 ? "web" : new[] { "none", "tv", "radio" }[d % 3])}\n"));
        var table = GeneratedSeries.Table(text.ToString(), new SeriesColumns(["sales"]) { Time = ["date"], Covariates = ["promo"], Categorical = ["promo"] });
        var settings = new ForecastSettings { Context = 7, Horizon = 3 };
        var layout = Layout(table, settings);
        Assert.Equal(["none", "tv", "radio"], layout.Levels["promo"]);
        var data = ForecastData.Prepare(layout, table);
        Assert.Equal(10, data.UnknownLabels);
        var series = data.Series[0];
        int width = layout.FeatureCount;
        Assert.Equal(1 + 1 + 3, width);
        Assert.Equal([0.0, 1, 0], series.Features.AsSpan(1 * width + layout.KnownStart, 3).ToArray()); // day 1: tv
        Assert.Equal([0.0, 0, 0], series.Features.AsSpan(95 * width + layout.KnownStart, 3).ToArray()); // day 95: web, unknown
    }

    [Fact]
    public void A_past_covariate_is_read_up_to_the_origin_only()
    {
        var text = new System.Text.StringBuilder("step,sales,visits\n");
        for (int t = 0; t < 120; t++)
            text.Append(FormattableString.Invariant($"{t},{100 + t % 5},{50 + t}\n"));
        var table = GeneratedSeries.Table(text.ToString(), new SeriesColumns(["sales"]) { Time = ["step"], PastCovariates = ["visits"] });
        var settings = new ForecastSettings { Context = 6, Horizon = 4 };
        var data = ForecastData.Prepare(Layout(table, settings), table);
        var layout = data.Layout;
        int t0 = data.Origins(ForecastPart.Test)[0].Origin, width = layout.FeatureCount, steps = settings.WindowSteps;
        var inputs = new double[steps * width];
        new ForecastWindows(data, [(0, t0)], 1, shuffle: false).Fill<double>(0, 1,
            new Recurrent.Data.BatchBuffers<double>([], inputs, [], new double[settings.Horizon * layout.OutputSize]));
        for (int j = 0; j < steps; j++)
        {
            int u = t0 - settings.Context + 2 + j;
            double visits = inputs[j * width + layout.PastStart];
            if (u <= t0 + 1) // row u reads the visits of u − 1, standardised
                Assert.Equal(data.InputScaling.Apply(50 + u - 1, layout.PastStart), visits, 12);
            else
                Assert.Equal(0.0, visits);
        }
    }

    [Fact]
    public void The_layout_round_trips_through_its_json()
    {
        var columns = new SeriesColumns(["x", "y"]) { Time = ["step"], Covariates = ["promo", "kind"], Categorical = ["kind"], Series = "id", Fill = GapFill.Linear };
        var settings = new ForecastSettings { Context = 9, Horizon = 4, Quantiles = [0.05, 0.5, 0.95], Lags = [4, 8], Calendar = [CalendarFeature.Month], Level = WindowLevel.Last };
        var layout = new ForecastLayout(columns, settings, new Dictionary<string, IReadOnlyList<string>> { ["kind"] = ["a", "b", "c"] });
        var again = ForecastLayout.FromJson(layout.ToJson());
        Assert.Equal(layout.ToJson(), again.ToJson());
        Assert.Equal(layout.FeatureCount, again.FeatureCount);
        Assert.Equal(2 + 1 + 1 + 3 + 12 + 2 * 2, layout.FeatureCount);
        Assert.Throws<FormatException>(() => ForecastLayout.FromJson("{\"targets\": 3}"));
    }
}
