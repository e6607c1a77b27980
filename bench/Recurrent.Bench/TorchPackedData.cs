// TorchSharp's copy of the packed workload's batches, in the same order as Recurrent's.
namespace Recurrent.Bench;

internal sealed class TorchPackedData(PackedData data) : IDisposable
{
    public TorchPackedBatch[] Batches { get; } = [.. data.Batches.Select(b => new TorchPackedBatch(b))];

    public int SequencesPerPass { get; } = data.Shape.SequencesPerPass;

    public void Dispose()
    {
        foreach (var batch in Batches)
            batch.Dispose();
    }
}
