// One measured line of the comparison: medians of the timed rounds, in tokens per second.
namespace Recurrent.Bench;

/// <param name="TorchPaths">Every TorchSharp workload's median (generation has two); <see cref="Torch"/> is the best.</param>
/// <param name="Load">The machine's 1-minute load average when the line was measured.</param>
internal sealed record ThroughputRow(
    BenchConfig Config, BenchMode Mode, int Threads, int RecurrentThreads, int TorchThreads,
    double Recurrent, IReadOnlyList<(string Name, double PerSecond)> TorchPaths, double Load)
{
    public (string Name, double PerSecond) BestTorch => TorchPaths.MaxBy(p => p.PerSecond);

    public double Torch => BestTorch.PerSecond;

    /// <summary>Recurrent's tokens/s over TorchSharp's (above 1: Recurrent is faster).</summary>
    public double Ratio => Recurrent / Torch;

    /// <summary>Issue 4's target ratio for this line.</summary>
    public double Target => Mode switch
    {
        BenchMode.Train => Config.Hidden >= 512 ? 1.25 : 1.5,
        BenchMode.Generate => 3.0,
        BenchMode.Infer => 1.3,
        _ => double.NaN,
    };
}
