// Conformalised quantile regression (Romano, Patterson and Candès, 2019): the outer quantiles a network learns
// are often too narrow on new data (they are fitted to the training rows), so they are widened, or narrowed, by
// how far they missed on windows the network was not fitted to. For each step ahead h and target k, the conformity
// score of such a window is E = max(lowest − y, y − highest); the interval moves out by the ⌈(n + 1)(1 − α)⌉-th
// smallest of the n scores, where 1 − α is the interval's nominal coverage (the largest when that rank passes n: too
// few windows for the guarantee, and the interval may then cover less). On windows from the same process as the
// forecasts it holds the nominal coverage; the forecaster takes the latest windows whose actual values are known
// (the validation windows, then those after them), since a series' errors drift with time. The point forecast
// never moves.
namespace Recurrent.Forecasting;

/// <summary>Per step ahead and target, how far to move a forecast's lowest and highest quantiles outward.</summary>
public sealed class IntervalCalibration
{
    private readonly double[] _offsets; // (H × K), in the target's units
    private readonly int _targets;

    private IntervalCalibration(double[] offsets, int targets, int windows, double nominal)
    {
        _offsets = offsets;
        _targets = targets;
        Windows = windows;
        Nominal = nominal;
    }

    /// <summary>The validation windows the offsets were measured on.</summary>
    public int Windows { get; }

    /// <summary>The nominal coverage of the interval, highest minus lowest quantile.</summary>
    public double Nominal { get; }

    /// <summary>The offset of step <paramref name="step"/> ahead (0-based) of target <paramref name="target"/>.</summary>
    public double Offset(int step, int target) => _offsets[step * _targets + target];

    /// <summary>
    /// The calibration measured on <paramref name="forecasts"/> (of held-out windows) against the actual values of
    /// <paramref name="data"/>; null when the forecasts have fewer than two quantiles or there are none.
    /// </summary>
    public static IntervalCalibration? Measure(ForecastData data, IReadOnlyList<Forecast> forecasts)
    {
        if (forecasts.Count == 0 || forecasts[0].ValuesPerTarget < 2)
            return null;
        var quantiles = forecasts[0].Quantiles;
        int horizon = forecasts[0].Horizon, k = forecasts[0].Targets, q = forecasts[0].ValuesPerTarget, n = forecasts.Count;
        double nominal = quantiles[^1] - quantiles[0];
        var offsets = new double[horizon * k];
        var series = forecasts.Select(f => data.SeriesOf(f).Data).ToArray();
        var scores = new double[n];
        int rank = Math.Min(n, (int)Math.Ceiling((n + 1) * nominal - 1e-9)); // the ⌈(n + 1)(1 − α)⌉-th smallest; 1e-9: 0.9 − 0.1 is not 0.8
        for (int h = 0; h < horizon; h++)
            for (int target = 0; target < k; target++)
            {
                for (int i = 0; i < n; i++)
                {
                    var forecast = forecasts[i];
                    double actual = series[i].Targets[(forecast.Origin + 1 + h) * k + target];
                    scores[i] = Math.Max(forecast.Value(h, target, 0) - actual, actual - forecast.Value(h, target, q - 1));
                }
                Array.Sort(scores);
                offsets[h * k + target] = scores[rank - 1];
            }
        return new IntervalCalibration(offsets, k, n, nominal);
    }

    /// <summary>A copy of <paramref name="forecast"/> with its lowest and highest quantiles moved out by the offsets (the others kept, all in order).</summary>
    public Forecast Apply(Forecast forecast)
    {
        var values = (double[])forecast.Values.Clone();
        int k = forecast.Targets, q = forecast.ValuesPerTarget;
        for (int h = 0; h < forecast.Horizon; h++)
            for (int target = 0; target < k; target++)
            {
                Span<double> levels = values.AsSpan((h * k + target) * q, q);
                double offset = Offset(h, target), median = levels[forecast.MedianIndex];
                // The point forecast stays: a narrowed interval stops at it, and holds the other inner quantiles.
                levels[0] = Math.Min(levels[0] - offset, median);
                levels[^1] = Math.Max(levels[^1] + offset, median);
                for (int i = 1; i < q - 1; i++)
                    levels[i] = Math.Clamp(levels[i], levels[0], levels[^1]);
            }
        return new Forecast(forecast.SeriesId, forecast.Origin, forecast.Times, values, k, forecast.Quantiles, forecast.MedianIndex);
    }
}
