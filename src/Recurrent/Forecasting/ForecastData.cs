// Series read from a table, made ready for a forecaster: every series' input rows (SeriesFeatures) and targets
// standardised, all split by time into training, validation and test rows at two times common to every series (the
// settings' fractions of the longest), and the windows of each part. Standardisation is fitted on the training rows only (the
// targets' mean and deviation, which their lags and the targets read as inputs share; each numeric covariate's;
// flags, one-hot and calendar values are left as they are), unless the scalings a trained model saved are given.
using Recurrent.Data;

namespace Recurrent.Forecasting;

/// <summary>The prepared series of a table under one layout, with the scalings used.</summary>
public sealed class ForecastData
{
    private ForecastData(ForecastLayout layout, SeriesTable table, IReadOnlyList<PreparedSeries> series, FeatureScaling input,
        FeatureScaling target, int unknownLabels)
    {
        Layout = layout;
        Table = table;
        Series = series;
        InputScaling = input;
        TargetScaling = target;
        UnknownLabels = unknownLabels;
    }

    /// <summary>The layout the rows follow.</summary>
    public ForecastLayout Layout { get; }

    /// <summary>The table the series came from.</summary>
    public SeriesTable Table { get; }

    /// <summary>The series, in the table's order.</summary>
    public IReadOnlyList<PreparedSeries> Series { get; }

    /// <summary>The standardisation of the F input values.</summary>
    public FeatureScaling InputScaling { get; }

    /// <summary>The standardisation of the K targets.</summary>
    public FeatureScaling TargetScaling { get; }

    /// <summary>The prepared series a forecast is of.</summary>
    /// <exception cref="ArgumentException">No series has the forecast's id.</exception>
    public PreparedSeries SeriesOf(Forecast forecast) =>
        Series.FirstOrDefault(s => s.Data.Id == forecast.SeriesId) ?? throw new ArgumentException($"No series is '{forecast.SeriesId}'.", nameof(forecast));

    /// <summary>How many categorical values had a label not met in the training rows (read as all zeros).</summary>
    public int UnknownLabels { get; }

    /// <summary>The labels of each categorical covariate met in the training rows of the table's series, in order of first appearance.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> LevelsOf(SeriesTable table, ForecastSettings settings)
    {
        var levels = new Dictionary<string, IReadOnlyList<string>>();
        foreach (string name in table.Columns.Categorical)
        {
            var seen = new List<string>();
            var known = new HashSet<string>(StringComparer.Ordinal);
            var splits = Splits(table, settings);
            for (int s = 0; s < table.Series.Count; s++)
            {
                var series = table.Series[s];
                int trainEnd = splits[s].TrainEnd;
                foreach (string label in series.Labels[name].AsSpan(0, Math.Min(trainEnd, series.Labels[name].Length)))
                    if (known.Add(label))
                        seen.Add(label);
            }
            levels[name] = seen;
        }
        return levels;
    }

    /// <summary>
    /// Prepares every series of <paramref name="table"/> under <paramref name="layout"/>, standardised with the given
    /// scalings (a trained model's), or with scalings fitted on the training rows when they are null.
    /// </summary>
    /// <exception cref="RecurrentException">A series is too short for the context, the horizon and its parts, or a scaling does not fit.</exception>
    public static ForecastData Prepare(ForecastLayout layout, SeriesTable table, FeatureScaling? inputScaling = null, FeatureScaling? targetScaling = null)
    {
        var raw = new List<(SeriesData Data, double[] Rows, int Count, int TrainEnd)>();
        var splits = Splits(table, layout.Settings);
        int unknown = 0;
        for (int s = 0; s < table.Series.Count; s++)
        {
            var series = table.Series[s];
            if (inputScaling is null || targetScaling is null)
                CheckLength(layout, series, splits[s].TrainEnd); // training: a window in the training part
            else
                CheckHistory(layout, series); // a trained model: one window that ends at the last observed row
            var (rows, missing) = SeriesFeatures.Write(layout, series, table.Axis);
            unknown += missing;
            raw.Add((series, rows, SeriesFeatures.RowCount(layout, series), splits[s].TrainEnd));
        }
        targetScaling ??= FitTargets(layout, raw);
        inputScaling ??= FitInputs(layout, raw, targetScaling);
        if (inputScaling.Features != layout.FeatureCount || targetScaling.Features != layout.TargetCount)
            throw new RecurrentException($"The scalings cover {inputScaling.Features} inputs and {targetScaling.Features} targets; " +
                $"this layout reads {layout.FeatureCount} and forecasts {layout.TargetCount}.");
        var prepared = new List<PreparedSeries>();
        for (int s = 0; s < raw.Count; s++)
        {
            var (data, rows, count, _) = raw[s];
            int width = layout.FeatureCount, k = layout.TargetCount;
            for (int u = SeriesFeatures.FirstRow(layout); u < count; u++)
                for (int f = 0; f < width; f++)
                    rows[u * width + f] = inputScaling.Apply(rows[u * width + f], f);
            var targets = new double[data.Targets.Length];
            for (int i = 0; i < targets.Length; i++)
                targets[i] = targetScaling.Apply(data.Targets[i], i % k);
            var (trainEnd, validationEnd) = splits[s];
            prepared.Add(new PreparedSeries(data, rows, targets, count, SeriesFeatures.FirstRow(layout), trainEnd, validationEnd));
        }
        return new ForecastData(layout, table, prepared, inputScaling, targetScaling, unknown);
    }

    /// <summary>
    /// The windows of a part, every series in turn: (series, origin) pairs. Training and validation windows forecast
    /// only rows of their part; test windows start at the first test row's origin and every <paramref name="stride"/> steps after it.
    /// </summary>
    public IReadOnlyList<(int Series, int Origin)> Origins(ForecastPart part, int stride = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stride);
        var settings = Layout.Settings;
        int reach = settings.Mode == ForecastMode.Direct ? settings.Horizon : 1; // the last target a training window reads is origin + reach
        var origins = new List<(int, int)>();
        for (int s = 0; s < Series.Count; s++)
        {
            var series = Series[s];
            int firstOrigin = FirstOrigin(series);
            var (from, to, step) = part switch
            {
                ForecastPart.Training => (firstOrigin, series.TrainEnd - 1 - reach, 1),
                ForecastPart.Validation => (Math.Max(firstOrigin, series.TrainEnd - 1), series.ValidationEnd - 1 - reach, 1),
                _ => (Math.Max(firstOrigin, series.ValidationEnd - 1), series.Observed - 1 - settings.Horizon, stride),
            };
            for (int t = from; t <= to; t += step)
                origins.Add((s, t));
        }
        return origins;
    }

    /// <summary>The first origin whose window has every row: the first row with lags, plus the context.</summary>
    internal int FirstOrigin(PreparedSeries series) => series.FirstRow + Layout.Settings.Context - 2;

    /// <summary>The first validation and the first test row of a series of <paramref name="observed"/> rows, by the settings' fractions.</summary>
    public static (int TrainEnd, int ValidationEnd) Split(int observed, ForecastSettings settings)
    {
        int test = (int)Math.Round(observed * settings.TestFraction), validation = (int)Math.Round(observed * settings.ValidationFraction);
        return (observed - test - validation, observed - test);
    }

    /// <summary>
    /// The first validation and the first test row of every series, at two times common to all of them: the times of
    /// the longest series' first validation and first test rows (by the fractions). A series then trains only on rows
    /// before any series is validated or tested, so a model trained across related series (motes in one room, shops
    /// in one town) never learns from the time it is tested on; a single series, or series of one length, splits by
    /// the fractions.
    /// </summary>
    public static (int TrainEnd, int ValidationEnd)[] Splits(SeriesTable table, ForecastSettings settings)
    {
        var longest = table.Series.MaxBy(s => s.Observed)!;
        var (a, b) = Split(longest.Observed, settings);
        long validationFrom = a < longest.Observed ? longest.Times[a] : long.MaxValue, testFrom = b < longest.Observed ? longest.Times[b] : long.MaxValue;
        return [.. table.Series.Select(series => (RowsBefore(series, validationFrom), RowsBefore(series, testFrom)))];
    }

    /// <summary>The observed rows of <paramref name="series"/> before time <paramref name="time"/>.</summary>
    private static int RowsBefore(SeriesData series, long time)
    {
        int index = Array.BinarySearch(series.Times, 0, series.Observed, time);
        return index >= 0 ? index : ~index;
    }

    private static void CheckHistory(ForecastLayout layout, SeriesData series)
    {
        CheckFuture(layout, series);
        int needed = SeriesFeatures.FirstRow(layout) + layout.Settings.Context - 1;
        if (series.Observed < needed)
            throw new RecurrentException(
                $"{(series.Id.Length > 0 ? $"Series '{series.Id}'" : "The series")} has {series.Observed} observed rows; a forecast reads the context " +
                $"({layout.Settings.Context}){(layout.Settings.Lags.Count > 0 ? $" and its largest lag ({layout.Settings.Lags.Max()})" : "")}, which need {needed}.",
                "context");
    }

    /// <summary>Known covariates read N steps ahead need N rows of them after the last observed row.</summary>
    private static void CheckFuture(ForecastLayout layout, SeriesData series)
    {
        if (layout.Columns.Covariates.Count > 0 && series.Future < layout.Settings.KnownAhead)
            throw new RecurrentException(
                $"{(series.Id.Length > 0 ? $"Series '{series.Id}'" : "The series")} gives its known covariates for {series.Future} row(s) after the last observed one; " +
                $"reading those of {layout.Settings.KnownAhead} steps ahead needs them for as many (rows whose targets are empty).", "knownAhead", "covariates");
    }

    private static void CheckLength(ForecastLayout layout, SeriesData series, int trainEnd)
    {
        var settings = layout.Settings;
        CheckFuture(layout, series);
        int reach = settings.Mode == ForecastMode.Direct ? settings.Horizon : 1;
        int needed = SeriesFeatures.FirstRow(layout) + settings.Context - 1 + reach; // rows a first training window spans
        if (trainEnd < needed)
        {
            string which = series.Id.Length > 0 ? $"Series '{series.Id}'" : "The series";
            string lags = settings.Lags.Count > 0 ? $", its largest lag ({settings.Lags.Max()})" : "";
            throw new RecurrentException(
                $"{which} has {series.Observed} observed rows, {trainEnd} of them for training: too few for the context ({settings.Context}){lags} " +
                $"and the horizon ({settings.Horizon}) of one window, which need {needed}. Shorten context or horizon, or use a longer series.",
                "context", "horizon");
        }
    }

    private static FeatureScaling FitTargets(ForecastLayout layout, List<(SeriesData Data, double[] Rows, int Count, int TrainEnd)> raw)
    {
        int k = layout.TargetCount;
        var rows = new List<double>();
        foreach (var (data, _, _, trainEnd) in raw)
            rows.AddRange(data.Targets.AsSpan(0, trainEnd * k).ToArray());
        return FeatureScaling.Fit(rows.ToArray(), k);
    }

    private static FeatureScaling FitInputs(ForecastLayout layout, List<(SeriesData Data, double[] Rows, int Count, int TrainEnd)> raw,
        FeatureScaling targets)
    {
        int width = layout.FeatureCount, k = layout.TargetCount, first = SeriesFeatures.FirstRow(layout);
        var rows = new List<double>();
        foreach (var (_, values, _, trainEnd) in raw) // rows [first, trainEnd) read training targets only
        {
            rows.AddRange(values.AsSpan(first * width, Math.Max(0, trainEnd - first) * width).ToArray());
        }
        var fitted = FeatureScaling.Fit(rows.ToArray(), width);
        var mean = fitted.Mean.ToArray();
        var scale = fitted.Scale.ToArray();
        for (int f = 0; f < width; f++)
        {
            int target = f < k ? f : f >= layout.LagStart && f < layout.AheadStart ? (f - layout.LagStart) % k : -1;
            if (target >= 0)
                (mean[f], scale[f]) = (targets.Mean[target], targets.Scale[target]); // the targets read as inputs share their scaling
            else if (layout.IsUnitScaled(f))
                (mean[f], scale[f]) = (0, 1);
        }
        return new FeatureScaling(mean, scale);
    }
}
