// The spread of one kind of per-word time over the words of a speech row: median, 95th percentile and worst.
namespace Recurrent.Bench;

/// <summary>Milliseconds: the median, the 95th percentile (nearest rank) and the maximum.</summary>
internal readonly record struct LatencySummary(double Median, double P95, double Max)
{
    /// <summary>The summary of <paramref name="milliseconds"/> (at least one value).</summary>
    public static LatencySummary Of(IReadOnlyList<double> milliseconds)
    {
        double[] sorted = [.. milliseconds.Order()];
        // Nearest rank: the smallest value that at least 95% of the values do not exceed.
        int rank = (int)Math.Ceiling(0.95 * sorted.Length);
        return new LatencySummary(Measurement.Median(sorted), sorted[Math.Max(rank, 1) - 1], sorted[^1]);
    }
}
