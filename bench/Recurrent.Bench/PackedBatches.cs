// The packed workload's batches as a batch source, so that Recurrent trains on them through the library's own
// Trainer: batch k of a pass is PackedData.Batches[k], run for its own longest length (StepsOf), its lengths written,
// every batch from the zero state; the order is fixed, the same as the TorchSharp side reads.
using System.Numerics;
using Recurrent.Data;

namespace Recurrent.Bench;

internal sealed class PackedBatches(PackedData data) : IBatchSource
{
    public int Batch => data.Shape.Batch;

    public int Steps => data.MaxSteps;

    public bool CarriesState => false;

    public int WindowsPerEpoch => data.Batches.Length;

    public int StepsOf(long step) => data.Batches[step % data.Batches.Length].Steps;

    public int Fill<T>(long step, BatchBuffers<T> batch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int window = (int)(step % data.Batches.Length);
        var packed = data.Batches[window];
        packed.Tokens.CopyTo(batch.Tokens);
        packed.Lengths.CopyTo(batch.Lengths);
        packed.Labels.CopyTo(batch.Targets);
        return window;
    }

    public ulong[]? GetState() => null;

    public void SetState(ulong[] state)
    {
    }
}
