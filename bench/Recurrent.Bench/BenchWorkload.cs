// What the comparison runs: issue 4's character models over windows of one length (tokens/s), or issue 14's
// bidirectional classifier over batches of mixed lengths, packed on TorchSharp's side (sequences/s).
namespace Recurrent.Bench;

internal enum BenchWorkload
{
    /// <summary>One-hot characters, B streams of T steps, a head at every step: train, generate, infer.</summary>
    Standard,

    /// <summary>Embedded tokens, sequences of lengths MIN..MAX in batches of similar length, a head on each one's last step: train, infer.</summary>
    Packed,
}

internal static class BenchWorkloads
{
    public static string ToName(this BenchWorkload workload) => workload == BenchWorkload.Packed ? "packed" : "standard";

    /// <summary>What a call's items are, as the tables write them.</summary>
    public static string Unit(this BenchWorkload workload) => workload == BenchWorkload.Packed ? "seq/s" : "tok/s";

    public static bool TryParse(string name, out BenchWorkload workload)
    {
        foreach (BenchWorkload candidate in Enum.GetValues<BenchWorkload>())
        {
            if (string.Equals(candidate.ToName(), name, StringComparison.OrdinalIgnoreCase))
            {
                workload = candidate;
                return true;
            }
        }
        workload = default;
        return false;
    }
}
