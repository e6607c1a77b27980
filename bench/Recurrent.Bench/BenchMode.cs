// The three things a user does with a character model, each measured in tokens per second.
namespace Recurrent.Bench;

/// <summary>Training step (B×T), generation at batch 1 (one token per step), full-window inference (B×T).</summary>
internal enum BenchMode
{
    Train,
    Generate,
    Infer,
}

internal static class BenchModes
{
    public static string ToName(this BenchMode mode) => mode switch
    {
        BenchMode.Train => "train",
        BenchMode.Generate => "generate",
        BenchMode.Infer => "infer",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    public static bool TryParse(string name, out BenchMode mode)
    {
        foreach (BenchMode candidate in Enum.GetValues<BenchMode>())
        {
            if (string.Equals(candidate.ToName(), name, StringComparison.OrdinalIgnoreCase))
            {
                mode = candidate;
                return true;
            }
        }
        mode = default;
        return false;
    }
}
