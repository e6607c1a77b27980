// The point-forecast error metrics of one target series, accumulated forecast by forecast over a backtest: MAE,
// RMSE, sMAPE as the M4 competition defines it, and MASE (Hyndman & Koehler 2006) given the scale of the in-sample
// naive forecast (MaseScale). It only adds up errors; which forecasts to compare, and in which units, is the caller's.
namespace Recurrent.Forecasting;

/// <summary>
/// Sums of the errors of point forecasts F against actual values A of one series: the mean absolute error, the root
/// mean squared error, the symmetric MAPE and the mean absolute scaled error.
/// </summary>
public sealed class ForecastErrors
{
    private CompensatedSum _absolute;   // Σ |F − A|
    private CompensatedSum _squared;    // Σ (F − A)²
    private CompensatedSum _symmetric;  // Σ |F − A| / (|A| + |F|), a term with |A| + |F| = 0 counting 0

    /// <summary>The number of forecast–actual pairs added.</summary>
    public long Count { get; private set; }

    /// <summary>Adds one forecast <paramref name="forecast"/> of the value <paramref name="actual"/>.</summary>
    /// <exception cref="ArgumentException">Either value is NaN or infinite.</exception>
    public void Add(double forecast, double actual)
    {
        Check(forecast, actual, 0);
        Accumulate(forecast, actual);
    }

    /// <summary>Adds the pairs (forecasts[k], actuals[k]); nothing is added when one is refused.</summary>
    /// <exception cref="ArgumentException">The spans differ in length, or a value is NaN or infinite.</exception>
    public void Add(ReadOnlySpan<double> forecasts, ReadOnlySpan<double> actuals)
    {
        if (forecasts.Length != actuals.Length)
            throw new ArgumentException($"There are {forecasts.Length} forecast(s) for {actuals.Length} actual value(s); expected one for each.", nameof(actuals));
        for (int k = 0; k < forecasts.Length; k++)
            Check(forecasts[k], actuals[k], k);
        for (int k = 0; k < forecasts.Length; k++)
            Accumulate(forecasts[k], actuals[k]);
    }

    /// <summary>MAE = (1/n) Σ |F − A|.</summary>
    /// <exception cref="InvalidOperationException">Nothing has been added.</exception>
    public double MeanAbsoluteError => _absolute.Value / NonZeroCount;

    /// <summary>RMSE = √((1/n) Σ (F − A)²).</summary>
    /// <exception cref="InvalidOperationException">Nothing has been added.</exception>
    public double RootMeanSquaredError => Math.Sqrt(_squared.Value / NonZeroCount);

    /// <summary>
    /// sMAPE in percent, as the M4 competition defines it: (200/n) Σ |F − A| / (|A| + |F|), between 0 and 200. A term
    /// whose |A| + |F| is 0 (forecast and actual both exactly 0, a perfect forecast) counts 0.
    /// </summary>
    /// <exception cref="InvalidOperationException">Nothing has been added.</exception>
    public double SymmetricMape => 200 * _symmetric.Value / NonZeroCount;

    /// <summary>
    /// MASE = MAE / <paramref name="scale"/> (Hyndman &amp; Koehler 2006), where the scale is the in-sample MAE of the
    /// (seasonal) naive forecast, <see cref="MaseScale.Of"/>. A scale of 0 (a history that the naive forecast fits
    /// exactly) makes MASE infinite: +∞ when MAE &gt; 0, and 0 when MAE is 0 too.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="scale"/> is negative, NaN or infinite.</exception>
    /// <exception cref="InvalidOperationException">Nothing has been added.</exception>
    public double MeanAbsoluteScaledError(double scale)
    {
        if (!double.IsFinite(scale) || scale < 0)
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale of MASE must be a finite number, 0 or more.");
        double mae = MeanAbsoluteError;
        return scale > 0 ? mae / scale : mae > 0 ? double.PositiveInfinity : 0;
    }

    private double NonZeroCount => Count > 0 ? Count
        : throw new InvalidOperationException("No forecast has been added: the errors of no forecast have no mean.");

    private static void Check(double forecast, double actual, int index)
    {
        if (!double.IsFinite(forecast))
            throw new ArgumentException($"Forecast {index} is {forecast}, not a finite number.", nameof(forecast));
        if (!double.IsFinite(actual))
            throw new ArgumentException($"Actual value {index} is {actual}, not a finite number.", nameof(actual));
    }

    private void Accumulate(double forecast, double actual)
    {
        double error = Math.Abs(forecast - actual);
        double magnitude = Math.Abs(actual) + Math.Abs(forecast);
        _absolute.Add(error);
        _squared.Add(error * error);
        _symmetric.Add(magnitude > 0 ? error / magnitude : 0);
        Count++;
    }
}
