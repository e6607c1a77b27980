// Builds Recurrent's workloads, and is the one place that tells the library how many threads to use.
using Recurrent.Models;
using Recurrent.Numerics;

namespace Recurrent.Bench;

internal static class RecurrentSide
{
    public const string Name = "Recurrent";

    /// <summary>The library's cell for a config, or null when this build of Recurrent has none (e.g. no CellKind.Gru yet).</summary>
    public static CellKind? Cell(BenchConfig config) =>
        Enum.TryParse(config.Cell, ignoreCase: true, out CellKind cell) && Enum.IsDefined(cell) ? cell : null;

    /// <summary>Sets Recurrent's thread count (Parallelism.Threads) to <paramref name="requested"/> and returns it.</summary>
    public static int ApplyThreads(int requested)
    {
        Parallelism.Threads = Math.Clamp(requested, 1, Parallelism.MaxThreads);
        return Parallelism.Threads;
    }

    public static ModelSpec Spec(BenchConfig config, BenchShape shape) =>
        ModelSpec.ForCharacters(Cell(config) ?? throw new InvalidOperationException($"Recurrent has no {config.Cell} cell."),
            shape.Vocabulary, config.Hidden, config.Layers);

    public static WorkloadGroup Create(BenchConfig config, BenchMode mode, BenchShape shape, TokenData data) => new(
    [
        mode switch
        {
            BenchMode.Train => new RecurrentTraining(Spec(config, shape), shape, data),
            BenchMode.Generate => new RecurrentGeneration(Spec(config, shape), data),
            BenchMode.Infer => new RecurrentInference(Spec(config, shape), shape, data),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
        },
    ]);
}
