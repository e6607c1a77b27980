// Interval coverage: which actual values fall inside [lower, upper] (bounds included), and the mean width.
using Recurrent.Forecasting;

namespace Recurrent.Tests.Forecasting;

public sealed class IntervalCoverageTests
{
    [Fact]
    public void Covered_counts_actuals_within_the_bounds_inclusive()
    {
        var coverage = new IntervalCoverage();
        coverage.Add(0, 2, 1);        // inside
        coverage.Add(0, 2, 2);        // on the upper bound
        coverage.Add(0, 2, 2.5);      // above
        coverage.Add(-1, -1, -1);     // a point interval that holds its value
        coverage.Add([0], [1], [-0.5]); // below
        Assert.Equal(5, coverage.Count);
        Assert.Equal(3, coverage.Covered);
        Assert.Equal(0.6, coverage.Fraction, 12);
        Assert.Equal(7.0 / 5, coverage.MeanWidth, 12); // (2 + 2 + 2 + 0 + 1) / 5
    }

    [Fact]
    public void Inverted_or_non_finite_intervals_and_mismatched_spans_are_refused_and_add_nothing()
    {
        var coverage = new IntervalCoverage();
        Assert.Throws<ArgumentException>(() => coverage.Add(2, 1, 1.5));
        Assert.Throws<ArgumentException>(() => coverage.Add(0, 1, double.NaN));
        Assert.Throws<ArgumentException>(() => coverage.Add(double.NegativeInfinity, 1, 0));
        Assert.Throws<ArgumentException>(() => coverage.Add([0, 0], [1], [0, 0]));
        Assert.Throws<ArgumentException>(() => coverage.Add([0, 3], [1, 2], [0, 2]));
        Assert.Equal(0, coverage.Count);
        Assert.Throws<InvalidOperationException>(() => coverage.Fraction);
        Assert.Throws<InvalidOperationException>(() => coverage.MeanWidth);
    }
}
