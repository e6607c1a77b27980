// The in-process comparison: for each config and mode, both sides are built once; for each thread count,
// each side warms up, then the sides take turns (A B A B ...) for the timed rounds and the medians are kept.
// Taking turns spreads slow drifts of the machine (clock, neighbours) over both sides alike.
using System.Globalization;

namespace Recurrent.Bench;

internal static class ThroughputRunner
{
    /// <summary>Builds both sides' workloads for a config and mode: Recurrent's first.</summary>
    public delegate (WorkloadGroup Recurrent, WorkloadGroup Torch) SideFactory(BenchConfig config, BenchMode mode);

    /// <summary>Issue 4's workload: windows of one-hot tokens, tokens/s.</summary>
    public static List<ThroughputRow> Run(BenchOptions options, IReadOnlyList<BenchConfig> configs, TextWriter progress)
    {
        var tokens = new TokenData(options.Shape);
        return Run(options, configs, progress,
            (config, mode) => (RecurrentSide.Create(config, mode, options.Shape, tokens, options.Quantize), TorchSide.Create(config, mode, options.Shape, tokens)));
    }

    /// <summary>Issue 14's workload: a pass over the batches of <paramref name="data"/> per call, sequences/s.</summary>
    public static List<ThroughputRow> RunPacked(BenchOptions options, IReadOnlyList<BenchConfig> configs, TextWriter progress, PackedData data) =>
        Run(options, configs, progress,
            (config, mode) => (RecurrentSide.CreatePacked(config, mode, data), TorchSide.CreatePacked(config, mode, data)));

    private static List<ThroughputRow> Run(BenchOptions options, IReadOnlyList<BenchConfig> configs, TextWriter progress, SideFactory create)
    {
        var rows = new List<ThroughputRow>();
        string unit = options.Workload.Unit();
        foreach (var config in configs)
        {
            foreach (var mode in options.Modes)
            {
                var (recurrentGroup, torchGroup) = create(config, mode);
                using var recurrent = recurrentGroup;
                using var torch = torchGroup;
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
                        Measurement.Median(samples[0]), torchPaths, LoadAverage.OneMinute(), options.Workload);
                    rows.Add(row);
                    progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{row.ConfigName} {mode.ToName()} {threads} thread(s): Recurrent {row.Recurrent:N0} {unit}, " +
                        $"{row.BestTorch.Name} {row.Torch:N0} {unit}, ratio {row.Ratio:F2} (load {row.Load:F1})"));
                }
            }
        }
        return rows;
    }
}
