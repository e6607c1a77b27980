// The scale of MASE: the in-sample mean absolute error of the (seasonal) naive forecast, worked out by hand.
using Recurrent.Forecasting;

namespace Recurrent.Tests.Forecasting;

public sealed class MaseScaleTests
{
    [Fact]
    public void The_scale_is_the_mean_absolute_difference_one_season_apart()
    {
        double[] history = [1, 3, 2, 6];
        Assert.Equal(7.0 / 3, MaseScale.Of(history, 1), 12); // (|3−1| + |2−3| + |6−2|) / 3
        Assert.Equal(2.0, MaseScale.Of(history, 2), 12);     // (|2−1| + |6−3|) / 2
        Assert.Equal(5.0, MaseScale.Of(history, 3), 12);     // |6−1| / 1
    }

    [Fact]
    public void A_history_the_naive_forecast_fits_exactly_has_scale_zero()
    {
        Assert.Equal(0.0, MaseScale.Of([4, 4, 4], 1));
        Assert.Equal(0.0, MaseScale.Of([1, 2, 1, 2, 1], 2));
    }

    [Fact]
    public void A_history_not_longer_than_the_season_is_refused_naming_season()
    {
        var e = Assert.Throws<RecurrentException>(() => MaseScale.Of([1, 2], 2));
        Assert.Contains("season", e.Message);
        Assert.Equal(["season"], e.Parameters);
        Assert.Equal(["season"], Assert.Throws<RecurrentException>(() => MaseScale.Of([1, 2], 0)).Parameters);
        Assert.Throws<RecurrentException>(() => MaseScale.Of([], 1));
    }

    [Fact]
    public void A_non_finite_history_is_refused() =>
        Assert.Throws<ArgumentException>(() => MaseScale.Of([1, double.NaN, 2], 1));
}
