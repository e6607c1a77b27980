// The smoothing drawn over a noisy per-step training loss: a centred mean over a window that grows with
// the run (about 2% of its steps), so the curve's shape reads the same for 500 steps and for 50,000.
namespace Recurrent.Cli.Plotting;

/// <summary>Centred moving averages of a series.</summary>
public static class MovingAverage
{
    /// <summary>
    /// The odd window for a series of <paramref name="count"/> points: about count / 50, rounded to odd; 0 (no
    /// smoothing) below 150 points, where the raw series is short enough to read as it is.
    /// </summary>
    public static int WindowFor(int count) => count < 150 ? 0 : (count / 50) | 1;

    /// <summary>
    /// mean(values[k - w/2 .. k + w/2]) for each k with a full window, as (x, mean) pairs: xs[k] is kept, the
    /// first and last w/2 points have no value. A sliding sum, summed afresh every w points so rounding cannot drift.
    /// </summary>
    /// <exception cref="ArgumentException">The window is not a positive odd number, or the series differ in length.</exception>
    public static (double[] Xs, double[] Means) Centred(IReadOnlyList<double> xs, IReadOnlyList<double> values, int window)
    {
        if (window < 1 || window % 2 == 0)
            throw new ArgumentException($"The window must be a positive odd number (got {window}).", nameof(window));
        if (xs.Count != values.Count)
            throw new ArgumentException("xs and values must have the same length.", nameof(values));
        int half = window / 2, count = Math.Max(0, values.Count - 2 * half);
        var outXs = new double[count];
        var means = new double[count];
        double sum = 0;
        for (int k = 0; k < count; k++)
        {
            if (k % window == 0)
            {
                sum = 0;
                for (int j = 0; j < window; j++)
                    sum += values[k + j];
            }
            else
            {
                sum += values[k + window - 1] - values[k - 1];
            }
            outXs[k] = xs[k + half];
            means[k] = sum / window;
        }
        return (outXs, means);
    }
}
