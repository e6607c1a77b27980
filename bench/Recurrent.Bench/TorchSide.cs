// Builds TorchSharp's workloads and sets LibTorch's intra-op thread count. Only this side loads LibTorch:
// Recurrent's memory probe never reaches this class, so its process holds no native library.
using static TorchSharp.torch;

namespace Recurrent.Bench;

internal static class TorchSide
{
    public const string Name = "TorchSharp";

    /// <summary>torch.set_num_threads(threads); returns what LibTorch then reports.</summary>
    public static int ApplyThreads(int threads)
    {
        set_num_threads(threads);
        return get_num_threads();
    }

    /// <summary>
    /// The workloads for one mode; generation has two (the sequence module per step, and cells per layer) unless
    /// <paramref name="allPaths"/> is false, which keeps the first only (for the memory probe).
    /// </summary>
    public static WorkloadGroup Create(BenchConfig config, BenchMode mode, BenchShape shape, TokenData tokens, bool allPaths = true)
    {
        var data = new TorchData(shape, tokens);
        IWorkload[] workloads = mode switch
        {
            BenchMode.Train => [new TorchTraining(config, shape, data)],
            BenchMode.Infer => [new TorchInference(config, shape, data)],
            BenchMode.Generate when allPaths => [new TorchGeneration(config, shape, data), new TorchCellGeneration(config, shape, data)],
            BenchMode.Generate => [new TorchGeneration(config, shape, data)],
            _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
        };
        return new WorkloadGroup(workloads, data);
    }

    /// <summary>
    /// The packed workload's TorchSharp side: a bidirectional model that starts from Recurrent's initial weights (the
    /// same seed as <see cref="RecurrentSide.CreatePacked"/>), over TorchSharp copies of the same batches.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The mode is not train or infer.</exception>
    public static WorkloadGroup CreatePacked(BenchConfig config, BenchMode mode, PackedData data)
    {
        if (mode is not (BenchMode.Train or BenchMode.Infer))
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "The packed workload trains and infers.");
        var batches = new TorchPackedData(data);
        var net = new TorchPackedNet(config, data.Shape, RecurrentSide.InitialPackedParameters(config, data.Shape));
        IWorkload workload = mode == BenchMode.Train ? new TorchPackedTraining(net, batches) : new TorchPackedInference(net, batches);
        return new WorkloadGroup([workload], batches);
    }

    /// <summary>Loads LibTorch and runs one tiny operation, for the memory baseline.</summary>
    public static void Load()
    {
        using var one = ones(1);
        using var sum = one.sum();
        _ = sum.item<float>();
    }
}
