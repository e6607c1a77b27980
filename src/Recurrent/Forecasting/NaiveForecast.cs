// The naive forecast, the first baseline a forecaster must beat: every future value is the last observed one
// (Hyndman & Athanasopoulos, Forecasting: Principles and Practice, 5.2). It is also the random walk's optimal forecast.
namespace Recurrent.Forecasting;

/// <summary>The naive forecast of one series: ŷ(T + h) = y(T) for every h.</summary>
public static class NaiveForecast
{
    /// <summary>
    /// Writes ŷ(T + h) = y(T) into forecast[h − 1] for h = 1..forecast.Length, where y(T) is the last value of
    /// <paramref name="history"/> (the observed values up to and including the forecast origin T).
    /// </summary>
    /// <exception cref="RecurrentException">The history is empty.</exception>
    public static void Write(ReadOnlySpan<double> history, Span<double> forecast)
    {
        if (history.IsEmpty)
            throw new RecurrentException("The history is empty: a naive forecast needs at least one observed value.");
        forecast.Fill(history[^1]);
    }
}
