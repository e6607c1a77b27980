// The seasonal naive forecast, the baseline for a series with a season of m steps (24 for hourly data with a daily
// cycle): every future value is the value one season earlier, and beyond one season the last season repeats
// (Hyndman & Athanasopoulos, Forecasting: Principles and Practice, 5.2).
namespace Recurrent.Forecasting;

/// <summary>The seasonal naive forecast of one series: ŷ(T + h) = y(T + h − m·(⌊(h − 1)/m⌋ + 1)).</summary>
public static class SeasonalNaiveForecast
{
    /// <summary>
    /// Writes ŷ(T + h) = y(T + h − m·(⌊(h − 1)/m⌋ + 1)) into forecast[h − 1] for h = 1..forecast.Length, with
    /// m = <paramref name="season"/> and y(T) the last value of <paramref name="history"/> (the observed values up to
    /// and including the forecast origin T): the last season, repeated. A season of 1 is the naive forecast.
    /// </summary>
    /// <exception cref="RecurrentException"><paramref name="season"/> is under 1, or the history holds fewer than season values (names "season").</exception>
    public static void Write(ReadOnlySpan<double> history, int season, Span<double> forecast)
    {
        if (season < 1)
            throw new RecurrentException($"The season is {season}; it must be at least 1 (1 for a series without a season).", "season");
        if (history.Length < season)
            throw new RecurrentException(
                $"The history has {history.Length} value(s), less than one season of {season}: a seasonal naive forecast needs a whole season; " +
                "lower season or use a longer history.", "season");
        // With y(T) = history[n − 1]: y(T + h − m·(⌊(h − 1)/m⌋ + 1)) = history[n − m + (h − 1) mod m].
        ReadOnlySpan<double> lastSeason = history[^season..];
        for (int k = 0; k < forecast.Length; k++)
            forecast[k] = lastSeason[k % season];
    }
}
