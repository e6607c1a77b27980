// The naive forecast repeats the last observed value over the whole horizon.
using Recurrent.Forecasting;

namespace Recurrent.Tests.Forecasting;

public sealed class NaiveForecastTests
{
    [Fact]
    public void Every_step_of_the_horizon_is_the_last_value()
    {
        var forecast = new double[4];
        NaiveForecast.Write([5, 1, 7], forecast);
        Assert.Equal([7, 7, 7, 7], forecast);
        NaiveForecast.Write([2], forecast.AsSpan(0, 1));
        Assert.Equal(2, forecast[0]);
    }

    [Fact]
    public void An_empty_history_is_refused() =>
        Assert.Throws<RecurrentException>(() => NaiveForecast.Write([], new double[3]));
}
