// Peak resident memory (VmHWM) of two child processes that each ran one side of one configuration and mode.
namespace Recurrent.Bench;

internal sealed record MemoryRow(string Config, BenchMode Mode, int Threads, double RecurrentMiB, double TorchMiB)
{
    /// <summary>Recurrent's peak over TorchSharp's (issue 4's target: at most 0.5).</summary>
    public double Ratio => RecurrentMiB / TorchMiB;
}
