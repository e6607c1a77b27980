// One measured line of the comparison: medians of the timed rounds, in tokens per second (sequences per second for
// the packed workload).
namespace Recurrent.Bench;

/// <param name="TorchPaths">Every TorchSharp workload's median (generation has two); <see cref="Torch"/> is the best.</param>
/// <param name="Load">The machine's 1-minute load average when the line was measured.</param>
/// <param name="Workload">What was measured, and so the unit: tokens/s (standard) or sequences/s (packed).</param>
internal sealed record ThroughputRow(
    BenchConfig Config, BenchMode Mode, int Threads, int RecurrentThreads, int TorchThreads,
    double Recurrent, IReadOnlyList<(string Name, double PerSecond)> TorchPaths, double Load,
    BenchWorkload Workload = BenchWorkload.Standard)
{
    public (string Name, double PerSecond) BestTorch => TorchPaths.MaxBy(p => p.PerSecond);

    public double Torch => BestTorch.PerSecond;

    /// <summary>Recurrent's rate over TorchSharp's (above 1: Recurrent is faster).</summary>
    public double Ratio => Recurrent / Torch;

    /// <summary>"lstm-2x256", or "lstm-2x256-bidirectional" for the packed workload's model: the CSV name.</summary>
    public string ConfigName => Workload == BenchWorkload.Packed ? $"{Config.Name}-bidirectional" : Config.Name;

    /// <summary>"LSTM 2x256", or "LSTM 2x256 bidirectional": the table name.</summary>
    public string Display => Workload == BenchWorkload.Packed ? $"{Config.Display} bidirectional" : Config.Display;

    /// <summary>Issue 4's target ratio for this line; NaN for the packed workload, which issue 14 gives none.</summary>
    public double Target => Workload == BenchWorkload.Packed ? double.NaN : Mode switch
    {
        BenchMode.Train => Config.Hidden >= 512 ? 1.25 : 1.5,
        BenchMode.Generate => 3.0,
        BenchMode.Infer => 1.3,
        _ => double.NaN,
    };
}
