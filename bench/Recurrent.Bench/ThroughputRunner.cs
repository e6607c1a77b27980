// The in-process comparison: for each config and mode, both sides are built once; for each thread count,
// each side warms up, then the sides take turns (A B A B ...) for the timed rounds and the medians are kept.
// Taking turns spreads slow drifts of the machine (clock, neighbours) over both sides alike.
using System.Globalization;

namespace Recurrent.Bench;

internal static class ThroughputRunner
{
    public static List<ThroughputRow> Run(BenchOptions options, IReadOnlyList<BenchConfig> configs, TextWriter progress)
    {
        var rows = new List<ThroughputRow>();
        var tokens = new TokenData(options.Shape);
        foreach (var config in configs)
        {
            foreach (var mode in options.Modes)
            {
                using var recurrent = RecurrentSide.Create(config, mode, options.Shape, tokens);
                using var torch = TorchSide.Create(config, mode, options.Shape, tokens);
                IWorkload[] sides = [.. recurrent.Workloads, .. torch.Workloads];
                foreach (int threads in options.Threads)
                {
                    int recurrentThreads = RecurrentSide.ApplyThreads(threads);
                    int torchThreads = TorchSide.ApplyThreads(threads);
                    foreach (var side in sides)
                        Measurement.ItemsPerSecond(side, options.WarmupSeconds, minimumCalls: 2);
                    var samples = sides.Select(_ => new List<double>()).ToArray();
                    for (int round = 0; round < options.Rounds; round++)
                        for (int s = 0; s < sides.Length; s++)
                            samples[s].Add(Measurement.ItemsPerSecond(sides[s], options.Seconds));
                    var torchPaths = Enumerable.Range(1, sides.Length - 1)
                        .Select(s => (sides[s].Name, Measurement.Median(samples[s]))).ToArray();
                    var row = new ThroughputRow(config, mode, threads, recurrentThreads, torchThreads,
                        Measurement.Median(samples[0]), torchPaths, LoadAverage.OneMinute());
                    rows.Add(row);
                    progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{config.Name} {mode.ToName()} {threads} thread(s): Recurrent {row.Recurrent:N0} tok/s, " +
                        $"{row.BestTorch.Name} {row.Torch:N0} tok/s, ratio {row.Ratio:F2} (load {row.Load:F1})"));
                }
            }
        }
        return rows;
    }
}
