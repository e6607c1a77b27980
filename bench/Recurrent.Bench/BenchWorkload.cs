// What the benchmark runs: issue 4's character models over windows of one length (tokens/s), issue 14's
// bidirectional classifier over batches of mixed lengths, packed on TorchSharp's side (sequences/s), or issue 15's
// latency of recognising one spoken word (milliseconds a word, Recurrent alone: the target is absolute).
namespace Recurrent.Bench;

internal enum BenchWorkload
{
    /// <summary>One-hot characters, B streams of T steps, a head at every step: train, generate, infer.</summary>
    Standard,

    /// <summary>Embedded tokens, sequences of lengths MIN..MAX in batches of similar length, a head on each one's last step: train, infer.</summary>
    Packed,

    /// <summary>One WAV file of a spoken word through Classifier.PredictWav, word after word: latency per word, no TorchSharp.</summary>
    Speech,
}

internal static class BenchWorkloads
{
    public static string ToName(this BenchWorkload workload) => workload switch
    {
        BenchWorkload.Packed => "packed",
        BenchWorkload.Speech => "speech",
        _ => "standard",
    };

    /// <summary>What a call's items are, as the tables write them.</summary>
    public static string Unit(this BenchWorkload workload) => workload switch
    {
        BenchWorkload.Packed => "seq/s",
        BenchWorkload.Speech => "ms/word",
        _ => "tok/s",
    };

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
