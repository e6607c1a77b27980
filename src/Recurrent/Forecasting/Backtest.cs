// A rolling-origin backtest over the test part of every series (Hyndman's "evaluation on a rolling forecasting
// origin", Darts' historical_forecasts): from the last validation row, and every stride steps after it, each method
// forecasts the next H steps from what it could know then, and its errors against the actual values are pooled
// per target. Beside the model: the naive forecast (the last value), the seasonal naive (the value one season
// earlier) and a linear least-squares model fitted on the training windows of the same inputs the network reads (so
// a user sees whether the recurrent network earns its keep). Every method forecasts from the series cut at its
// origin: nothing after it is read but the known covariates. The model's interval is calibrated before it is scored
// (IntervalCalibration), at each origin on the latest windows whose actual values were known by then; its raw
// coverage is reported beside.
namespace Recurrent.Forecasting;

/// <summary>Backtests a forecaster against the naive, seasonal naive and linear baselines.</summary>
public static class Backtest
{
    /// <summary>The ridge of the linear baseline, relative to the number of training windows (its inputs are standardised).</summary>
    public const double LinearRidge = 1e-3;

    /// <summary>
    /// Forecasts from every <paramref name="stride"/>-th origin of the test part of every series of <paramref name="data"/>
    /// (prepared with <see cref="Forecaster.Prepare"/>) and scores the model and the baselines.
    /// </summary>
    /// <param name="forecaster">The trained model.</param>
    /// <param name="data">The series, prepared by the forecaster.</param>
    /// <param name="stride">The steps between origins.</param>
    /// <param name="season">The seasonal naive's season in steps (and MASE's); null: no seasonal naive, MASE scaled by the naive.</param>
    /// <param name="linear">Whether to fit and score the linear baseline (it costs a least-squares fit of the training windows).</param>
    /// <exception cref="RecurrentException">The test part holds no full horizon, or a series' history is shorter than the season.</exception>
    public static BacktestReport Run(Forecaster forecaster, ForecastData data, int stride, int? season = null, bool linear = true)
    {
        var layout = data.Layout;
        int horizon = layout.Settings.Horizon, k = layout.TargetCount;
        var origins = data.Origins(ForecastPart.Test, stride);
        if (origins.Count == 0)
            throw new RecurrentException(
                $"The test part of every series is shorter than the horizon ({horizon}), so there is no origin to backtest from; raise testFraction.",
                "testFraction", "horizon");
        var (raw, forecasts, calibrationWindows) = ForecastAndCalibrate(forecaster, data, origins);
        var baseline = linear ? FitLinear(data) : null;
        var methods = new List<string> { "model", "naive" };
        if (season is int m)
            methods.Add($"seasonal naive (m = {m})");
        if (baseline is not null)
            methods.Add("linear");
        var errors = new ForecastErrors[methods.Count, k];
        var scaled = new ForecastErrors[methods.Count, k];
        for (int i = 0; i < methods.Count; i++)
            for (int target = 0; target < k; target++)
                (errors[i, target], scaled[i, target]) = (new ForecastErrors(), new ForecastErrors());
        var coverage = Enumerable.Range(0, k).Select(_ => new IntervalCoverage()).ToArray();
        var rawCoverage = Enumerable.Range(0, k).Select(_ => new IntervalCoverage()).ToArray();
        var scales = new double[data.Series.Count, k]; // each series' in-sample (seasonal) naive MAE, per target
        for (int s = 0; s < data.Series.Count; s++)
            for (int target = 0; target < k; target++)
                scales[s, target] = MaseScale.Of(Column(data.Series[s].Data, target, k, data.Series[s].TrainEnd), season ?? 1);
        var history = new double[data.Series.Max(s => s.Observed)];
        var point = new double[horizon];
        var linearOutput = new double[horizon * k];
        var inputs = new double[baseline?.InputSize ?? 0];
        var level = new double[k];
        for (int o = 0; o < origins.Count; o++)
        {
            var (s, t) = origins[o];
            var series = data.Series[s];
            var forecast = forecasts[o];
            if (baseline is not null)
            {
                ForecastWindow.WriteInputs<double>(layout, series, t, 0, 1, inputs, level);
                baseline.Predict(inputs, linearOutput);
            }
            for (int target = 0; target < k; target++)
            {
                int length = Column(series.Data, target, k, t + 1, history);
                double scale = scales[s, target];
                ReadOnlySpan<double> past = history.AsSpan(0, length);
                for (int i = 0; i < methods.Count; i++)
                {
                    string method = methods[i];
                    if (method == "model")
                        for (int h = 0; h < horizon; h++)
                            point[h] = forecast.Point(h, target);
                    else if (method == "naive")
                        NaiveForecast.Write(past, point);
                    else if (method == "linear")
                        for (int h = 0; h < horizon; h++)
                            point[h] = data.TargetScaling.Invert(linearOutput[h * k + target] + level[target], target);
                    else
                        SeasonalNaiveForecast.Write(past, season!.Value, point);
                    for (int h = 0; h < horizon; h++)
                    {
                        double actual = series.Data.Targets[(t + 1 + h) * k + target];
                        errors[i, target].Add(point[h], actual);
                        if (scale > 0) // a series flat over its training rows has no scale: no MASE
                            scaled[i, target].Add(point[h] / scale, actual / scale);
                    }
                }
                if (forecast.ValuesPerTarget > 1)
                    for (int h = 0; h < horizon; h++)
                    {
                        double actual = series.Data.Targets[(t + 1 + h) * k + target];
                        coverage[target].Add(forecast.Value(h, target, 0), forecast.Value(h, target, forecast.ValuesPerTarget - 1), actual);
                        rawCoverage[target].Add(raw[o].Value(h, target, 0), raw[o].Value(h, target, forecast.ValuesPerTarget - 1), actual);
                    }
            }
        }
        var quantiles = layout.Settings.Quantiles;
        var targets = Enumerable.Range(0, k).Select(target => new TargetScores(layout.Columns.Targets[target],
            [.. methods.Select((method, i) => new MethodScores(method, errors[i, target].MeanAbsoluteError, errors[i, target].RootMeanSquaredError,
                errors[i, target].SymmetricMape, scaled[i, target].Count > 0 ? scaled[i, target].MeanAbsoluteError : double.NaN))],
            quantiles.Count > 1 ? quantiles[^1] - quantiles[0] : null,
            quantiles.Count > 1 ? coverage[target].Fraction : null,
            quantiles.Count > 1 ? coverage[target].MeanWidth : null,
            quantiles.Count > 1 ? rawCoverage[target].Fraction : null)).ToList();
        return new BacktestReport(origins.Count, horizon, stride, season, targets, forecasts, calibrationWindows);
    }

    /// <summary>
    /// The forecasts from <paramref name="origins"/>, raw and with their intervals calibrated as a forecaster in service
    /// would have them: at each origin, on the latest windows whose horizon had passed by then (the validation windows
    /// first, then the test windows as their actual values arrive), as many as the validation part holds. The test
    /// origins are among those calibration windows, so every window is forecast once. Point forecasts are not calibrated.
    /// </summary>
    private static (IReadOnlyList<Forecast> Raw, IReadOnlyList<Forecast> Calibrated, int Windows) ForecastAndCalibrate(Forecaster forecaster,
        ForecastData data, IReadOnlyList<(int Series, int Origin)> origins)
    {
        if (forecaster.Layout.ValuesPerTarget < 2)
        {
            var points = forecaster.Forecast(data, origins);
            return (points, points, 0);
        }
        int horizon = forecaster.Layout.Settings.Horizon, size = Forecaster.CalibrationSize(data), windows = 0;
        var pool = forecaster.CalibrationOrigins(data); // most recent first; every test origin among them
        var pooled = forecaster.Forecast(data, pool);
        var byOrigin = pool.Select((origin, j) => (origin, j)).ToDictionary(p => p.origin, p => pooled[p.j]);
        var raw = origins.Select(origin => byOrigin[origin]).ToList();
        var calibrated = new List<Forecast>(raw.Count);
        for (int i = 0; i < raw.Count; i++)
        {
            long now = data.Series[origins[i].Series].Data.Times[origins[i].Origin];
            var known = pooled.Where((_, j) => data.Series[pool[j].Series].Data.Times[pool[j].Origin + horizon] <= now).Take(size).ToList();
            var calibration = known.Count == 0 ? null : IntervalCalibration.Measure(data, known);
            calibrated.Add(calibration is null ? raw[i] : calibration.Apply(raw[i]));
            windows = Math.Max(windows, known.Count);
        }
        return (raw, calibrated, windows);
    }

    /// <summary>
    /// The linear least-squares baseline: from the flattened window a forecast reads (standardised, relative to its
    /// level, as the network reads it) to the H·K targets, fitted on the training windows whose H steps are training rows.
    /// </summary>
    public static LinearForecaster FitLinear(ForecastData data)
    {
        var layout = data.Layout;
        int horizon = layout.Settings.Horizon, k = layout.TargetCount, q = layout.ValuesPerTarget;
        int width = layout.Settings.WindowSteps * layout.FeatureCount, outputs = horizon * k;
        var origins = data.Origins(ForecastPart.Training).Where(o => o.Origin + horizon <= data.Series[o.Series].TrainEnd - 1).ToList();
        var inputs = new double[(long)origins.Count * width];
        var targets = new double[(long)origins.Count * outputs];
        var level = new double[k];
        var replicated = new double[horizon * layout.OutputSize];
        var direct = layout.Settings with { Mode = ForecastMode.Direct };
        var directLayout = layout.Settings.Mode == ForecastMode.Direct ? layout : new ForecastLayout(layout.Columns, direct, layout.Levels);
        for (int r = 0; r < origins.Count; r++)
        {
            var (s, t) = origins[r];
            ForecastWindow.WriteInputs<double>(layout, data.Series[s], t, 0, 1, inputs.AsSpan(r * width, width), level);
            ForecastWindow.WriteTargets<double>(directLayout, data.Series[s], t, 0, 1, level, replicated);
            for (int h = 0; h < horizon; h++)
                for (int target = 0; target < k; target++)
                    targets[(long)r * outputs + h * k + target] = replicated[(h * k + target) * q];
        }
        return LinearForecaster.Fit(inputs, targets, origins.Count, width, outputs, LinearRidge);
    }

    /// <summary>Target <paramref name="target"/> of rows [0, <paramref name="rows"/>) copied into <paramref name="into"/>; returns the count.</summary>
    private static int Column(SeriesData series, int target, int k, int rows, double[] into)
    {
        for (int r = 0; r < rows; r++)
            into[r] = series.Targets[r * k + target];
        return rows;
    }

    private static double[] Column(SeriesData series, int target, int k, int rows)
    {
        var values = new double[rows];
        Column(series, target, k, rows, values);
        return values;
    }
}
