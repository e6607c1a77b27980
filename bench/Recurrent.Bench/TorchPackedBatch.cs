// TorchSharp's copy of one packed batch, made before timing: the padded tokens and what pack_padded_sequence and
// the head's gather need, as tensors, so that a timed call builds none of them.
using static TorchSharp.torch;

namespace Recurrent.Bench;

internal sealed class TorchPackedBatch : IDisposable
{
    public TorchPackedBatch(PackedBatch batch)
    {
        Tokens = tensor(batch.Tokens.Select(t => (long)t).ToArray(), [batch.Steps, batch.Batch]);
        Lengths = tensor(batch.Lengths.Select(l => (long)l).ToArray());
        LastSteps = tensor(batch.Lengths.Select(l => (long)l - 1).ToArray());
        Rows = arange(batch.Batch, dtype: ScalarType.Int64);
        Labels = tensor(batch.Labels.Select(c => (long)c).ToArray());
    }

    /// <summary>(T, B) int64 padded tokens, time-major.</summary>
    public Tensor Tokens { get; }

    /// <summary>(B) int64 lengths, on the CPU, as pack_padded_sequence takes them.</summary>
    public Tensor Lengths { get; }

    /// <summary>(B) int64 each sequence's last step, length − 1.</summary>
    public Tensor LastSteps { get; }

    /// <summary>(B) int64 0..B − 1, the batch index beside <see cref="LastSteps"/>.</summary>
    public Tensor Rows { get; }

    /// <summary>(B) int64 classes.</summary>
    public Tensor Labels { get; }

    public void Dispose()
    {
        Tokens.Dispose();
        Lengths.Dispose();
        LastSteps.Dispose();
        Rows.Dispose();
        Labels.Dispose();
    }
}
