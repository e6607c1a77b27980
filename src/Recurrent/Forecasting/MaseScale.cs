// The denominator of MASE (Hyndman & Koehler 2006): the in-sample mean absolute error of the seasonal naive forecast
// on the training history. It belongs to the history, not to the forecasts, so it is computed once per series and
// passed to ForecastErrors.MeanAbsoluteScaledError.
namespace Recurrent.Forecasting;

/// <summary>The scale of the mean absolute scaled error.</summary>
public static class MaseScale
{
    /// <summary>
    /// (1/(n − m)) Σ_{t=m}^{n−1} |y[t] − y[t−m]| over the in-sample <paramref name="history"/> y of n values, with
    /// m = <paramref name="season"/> (1 for the non-seasonal naive forecast). It may be 0 (a constant history, or one
    /// that repeats its season exactly): the caller decides what to do, since MASE is then infinite.
    /// </summary>
    /// <exception cref="RecurrentException"><paramref name="season"/> is under 1, or the history is not longer than the season (names "season").</exception>
    /// <exception cref="ArgumentException">A value of the history is NaN or infinite.</exception>
    public static double Of(ReadOnlySpan<double> history, int season)
    {
        if (season < 1)
            throw new RecurrentException($"The season is {season}; it must be at least 1 (1 for a series without a season).", "season");
        if (history.Length <= season)
            throw new RecurrentException(
                $"The training history has {history.Length} value(s), too few to scale MASE with a season of {season}: " +
                $"it needs at least season + 1 = {(long)season + 1}; lower season or use a longer history.", "season");
        foreach (double value in history)
            if (!double.IsFinite(value))
                throw new ArgumentException($"The history holds {value}, not a finite number.", nameof(history));
        var sum = new CompensatedSum();
        for (int t = season; t < history.Length; t++)
            sum.Add(Math.Abs(history[t] - history[t - season]));
        return sum.Value / (history.Length - season);
    }
}
