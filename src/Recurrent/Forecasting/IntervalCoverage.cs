// How often prediction intervals held the actual value, and how wide they were, accumulated over a backtest: the
// empirical coverage to set against the nominal level (a 90% interval should cover about 90% of the values), and the
// mean width, since a wide enough interval covers everything.
namespace Recurrent.Forecasting;

/// <summary>Counts of intervals [lower, upper] that contain the actual value, and the sum of their widths.</summary>
public sealed class IntervalCoverage
{
    private CompensatedSum _width; // Σ (upper − lower)

    /// <summary>The number of intervals added.</summary>
    public long Count { get; private set; }

    /// <summary>The number of intervals with lower ≤ actual ≤ upper.</summary>
    public long Covered { get; private set; }

    /// <summary>Adds the interval [<paramref name="lower"/>, <paramref name="upper"/>] for the value <paramref name="actual"/>.</summary>
    /// <exception cref="ArgumentException">A value is NaN or infinite, or lower &gt; upper.</exception>
    public void Add(double lower, double upper, double actual)
    {
        Check(lower, upper, actual, 0);
        Accumulate(lower, upper, actual);
    }

    /// <summary>Adds the intervals [lowers[k], uppers[k]] for actuals[k]; nothing is added when one is refused.</summary>
    /// <exception cref="ArgumentException">The spans differ in length, a value is NaN or infinite, or a lower bound exceeds its upper bound.</exception>
    public void Add(ReadOnlySpan<double> lowers, ReadOnlySpan<double> uppers, ReadOnlySpan<double> actuals)
    {
        if (lowers.Length != actuals.Length || uppers.Length != actuals.Length)
            throw new ArgumentException(
                $"There are {lowers.Length} lower and {uppers.Length} upper bound(s) for {actuals.Length} actual value(s); expected one of each for each.", nameof(actuals));
        for (int k = 0; k < actuals.Length; k++)
            Check(lowers[k], uppers[k], actuals[k], k);
        for (int k = 0; k < actuals.Length; k++)
            Accumulate(lowers[k], uppers[k], actuals[k]);
    }

    /// <summary>Covered / Count: the empirical coverage, between 0 and 1.</summary>
    /// <exception cref="InvalidOperationException">Nothing has been added.</exception>
    public double Fraction => (double)Covered / NonZeroCount;

    /// <summary>(1/n) Σ (upper − lower).</summary>
    /// <exception cref="InvalidOperationException">Nothing has been added.</exception>
    public double MeanWidth => _width.Value / NonZeroCount;

    private double NonZeroCount => Count > 0 ? Count
        : throw new InvalidOperationException("No interval has been added: the coverage of no interval is undefined.");

    private static void Check(double lower, double upper, double actual, int index)
    {
        if (!double.IsFinite(lower) || !double.IsFinite(upper) || !double.IsFinite(actual))
            throw new ArgumentException($"Interval {index} is [{lower}, {upper}] for {actual}: every value must be a finite number.", nameof(actual));
        if (lower > upper)
            throw new ArgumentException($"Interval {index} is [{lower}, {upper}]: its lower bound exceeds its upper bound.", nameof(lower));
    }

    private void Accumulate(double lower, double upper, double actual)
    {
        _width.Add(upper - lower);
        if (lower <= actual && actual <= upper)
            Covered++;
        Count++;
    }
}
