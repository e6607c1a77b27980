// MAE, RMSE, sMAPE (M4's definition, its 0/0 term counting 0) and MASE on pairs whose errors are worked out by hand.
using Recurrent.Forecasting;

namespace Recurrent.Tests.Forecasting;

public sealed class ForecastErrorsTests
{
    // (F, A): errors 1, 0, 3, 4; sMAPE terms 1/5, 0 (|A| + |F| = 0), 3/5, 4/4.
    private static readonly double[] Forecasts = [3, 0, 1, -2];
    private static readonly double[] Actuals = [2, 0, 4, 2];

    [Fact]
    public void Each_metric_matches_the_hand_computed_value()
    {
        var errors = new ForecastErrors();
        errors.Add(Forecasts, Actuals);
        Assert.Equal(4, errors.Count);
        Assert.Equal(2.0, errors.MeanAbsoluteError, 12);                 // (1 + 0 + 3 + 4) / 4
        Assert.Equal(Math.Sqrt(6.5), errors.RootMeanSquaredError, 12);   // √((1 + 0 + 9 + 16) / 4)
        Assert.Equal(90.0, errors.SymmetricMape, 12);                    // 200/4 · (0.2 + 0 + 0.6 + 1)
        Assert.Equal(0.5, errors.MeanAbsoluteScaledError(4), 12);        // MAE / 4
    }

    [Fact]
    public void Adding_one_pair_at_a_time_in_any_order_gives_the_same_metrics()
    {
        var errors = new ForecastErrors();
        foreach (int k in new[] { 2, 0, 3, 1 })
            errors.Add(Forecasts[k], Actuals[k]);
        Assert.Equal(2.0, errors.MeanAbsoluteError, 12);
        Assert.Equal(Math.Sqrt(6.5), errors.RootMeanSquaredError, 12);
        Assert.Equal(90.0, errors.SymmetricMape, 12);
    }

    [Fact]
    public void A_forecast_of_zero_for_zero_counts_zero_in_smape_and_opposite_signs_count_the_maximum()
    {
        var errors = new ForecastErrors();
        errors.Add(0, 0);
        Assert.Equal(0.0, errors.SymmetricMape);
        errors.Add(-1, 1); // |F − A| / (|A| + |F|) = 2/2
        Assert.Equal(100.0, errors.SymmetricMape, 12); // 200/2 · (0 + 1)
    }

    [Fact]
    public void Mase_over_a_zero_scale_is_infinite_unless_every_forecast_was_exact()
    {
        var errors = new ForecastErrors();
        errors.Add(1, 1);
        Assert.Equal(0.0, errors.MeanAbsoluteScaledError(0));
        errors.Add(2, 1);
        Assert.Equal(double.PositiveInfinity, errors.MeanAbsoluteScaledError(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => errors.MeanAbsoluteScaledError(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => errors.MeanAbsoluteScaledError(double.NaN));
    }

    [Fact]
    public void Non_finite_values_and_mismatched_spans_are_refused_and_add_nothing()
    {
        var errors = new ForecastErrors();
        Assert.Throws<ArgumentException>(() => errors.Add(double.NaN, 1));
        Assert.Throws<ArgumentException>(() => errors.Add(1, double.NaN));
        Assert.Throws<ArgumentException>(() => errors.Add(double.PositiveInfinity, 1));
        Assert.Throws<ArgumentException>(() => errors.Add([1, 2], [1]));
        Assert.Throws<ArgumentException>(() => errors.Add([1, 2], [1, double.NaN]));
        Assert.Equal(0, errors.Count);
    }

    [Fact]
    public void Metrics_of_nothing_are_refused()
    {
        var errors = new ForecastErrors();
        Assert.Throws<InvalidOperationException>(() => errors.MeanAbsoluteError);
        Assert.Throws<InvalidOperationException>(() => errors.RootMeanSquaredError);
        Assert.Throws<InvalidOperationException>(() => errors.SymmetricMape);
        Assert.Throws<InvalidOperationException>(() => errors.MeanAbsoluteScaledError(1));
    }
}
