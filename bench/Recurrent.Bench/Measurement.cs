// Wall-clock throughput of a workload: calls repeat until the time is up (at least one call).
using System.Diagnostics;

namespace Recurrent.Bench;

internal static class Measurement
{
    /// <summary>Items (tokens or sequences) per second over at least <paramref name="seconds"/> and at least <paramref name="minimumCalls"/> calls.</summary>
    public static double ItemsPerSecond(IWorkload workload, double seconds, int minimumCalls = 1)
    {
        long calls = 0;
        var clock = Stopwatch.StartNew();
        do
        {
            workload.Call();
            calls++;
        }
        while (clock.Elapsed.TotalSeconds < seconds || calls < minimumCalls);
        return calls * (double)workload.ItemsPerCall / clock.Elapsed.TotalSeconds;
    }

    public static double Median(IReadOnlyList<double> values)
    {
        double[] sorted = values.Order().ToArray();
        int middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
