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

    /// <summary>
    /// The packed workload's model: embedded tokens (V, D = 64), the config's L layers of H units in both directions,
    /// a classification head over C classes on each sequence's last step (out[length − 1], both directions).
    /// </summary>
    public static ModelSpec PackedSpec(BenchConfig config, PackedShape shape) =>
        new(Cell(config) ?? throw new InvalidOperationException($"Recurrent has no {config.Cell} cell."), InputKind.Embedding,
            shape.Vocabulary, config.Hidden, config.Layers, PackedShape.Classes)
        {
            EmbeddingSize = PackedShape.Embedding,
            Readout = Readout.LastStep,
            Bidirectional = true,
        };

    /// <summary>The parameters every packed model starts from (seed 1), which TorchSharp's side copies.</summary>
    public static ParameterSet<float> InitialPackedParameters(BenchConfig config, PackedShape shape)
    {
        var model = new RecurrentModel<float>(PackedSpec(config, shape));
        model.Initialize(seed: InitialSeed);
        return model.Parameters;
    }

    /// <summary>The standard workload's model from seed 1, quantized to <paramref name="bits"/> when above 0.</summary>
    private static RecurrentModel<float> Model(BenchConfig config, BenchShape shape, int bits)
    {
        var model = new RecurrentModel<float>(Spec(config, shape));
        model.Initialize(seed: InitialSeed);
        return bits == 0 ? model : ModelQuantization.Quantize(model, bits);
    }

    /// <summary>The seed of every model's initial weights.</summary>
    public const ulong InitialSeed = 1;

    /// <exception cref="ArgumentOutOfRangeException">The mode is not train or infer.</exception>
    public static WorkloadGroup CreatePacked(BenchConfig config, BenchMode mode, PackedData data) => new(
    [
        mode switch
        {
            BenchMode.Train => new RecurrentPackedTraining(PackedSpec(config, data.Shape), data),
            BenchMode.Infer => new RecurrentPackedInference(PackedSpec(config, data.Shape), data),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "The packed workload trains and infers."),
        },
    ]);

    /// <param name="quantize">8 or 16: the generate and infer models with quantized weights; 0: float32.</param>
    public static WorkloadGroup Create(BenchConfig config, BenchMode mode, BenchShape shape, TokenData data, int quantize = 0) => new(
    [
        mode switch
        {
            BenchMode.Train => new RecurrentTraining(Spec(config, shape), shape, data),
            BenchMode.Generate => new RecurrentGeneration(Model(config, shape, quantize), data),
            BenchMode.Infer => new RecurrentInference(Model(config, shape, quantize), shape, data),
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
        },
    ]);
}
