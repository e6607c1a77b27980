// The seasonal naive forecast ŷ(T + h) = y(T + h − m·(⌊(h − 1)/m⌋ + 1)): the last season, repeated past one season.
using Recurrent.Forecasting;

namespace Recurrent.Tests.Forecasting;

public sealed class SeasonalNaiveForecastTests
{
    [Fact]
    public void The_last_season_repeats_over_a_horizon_longer_than_the_season()
    {
        var forecast = new double[5];
        SeasonalNaiveForecast.Write([1, 2, 3, 4, 5], 2, forecast);
        Assert.Equal([4, 5, 4, 5, 4], forecast); // h = 1: y(T − 1); h = 3: y(T + 3 − 2·2) = y(T − 1)
    }

    [Fact]
    public void A_history_of_exactly_one_season_is_enough()
    {
        var forecast = new double[7];
        SeasonalNaiveForecast.Write([7, 8, 9], 3, forecast);
        Assert.Equal([7, 8, 9, 7, 8, 9, 7], forecast);
    }

    [Fact]
    public void Matches_the_formula_term_by_term()
    {
        double[] history = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];
        int n = history.Length;
        for (int m = 1; m <= n; m++)
        {
            var forecast = new double[2 * m + 3];
            SeasonalNaiveForecast.Write(history, m, forecast);
            for (int h = 1; h <= forecast.Length; h++)
            {
                int t = n - 1 + h - m * ((h - 1) / m + 1); // T + h − m(⌊(h−1)/m⌋ + 1), with y(T) = history[n − 1]
                Assert.Equal(history[t], forecast[h - 1]);
            }
        }
    }

    [Fact]
    public void A_season_of_one_is_the_naive_forecast()
    {
        double[] history = [2, 8, 3];
        var seasonal = new double[4];
        var naive = new double[4];
        SeasonalNaiveForecast.Write(history, 1, seasonal);
        NaiveForecast.Write(history, naive);
        Assert.Equal(naive, seasonal);
    }

    [Fact]
    public void A_history_shorter_than_the_season_is_refused_naming_season()
    {
        var e = Assert.Throws<RecurrentException>(() => SeasonalNaiveForecast.Write([1, 2], 3, new double[3]));
        Assert.Contains("season", e.Message);
        Assert.Equal(["season"], e.Parameters);
        Assert.Equal(["season"], Assert.Throws<RecurrentException>(() => SeasonalNaiveForecast.Write([1, 2], 0, new double[1])).Parameters);
    }
}
