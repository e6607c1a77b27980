// How a trainer's batches of labelled sequences are drawn each epoch, besides the plain shuffle: grouped by length, so
// that a batch computes little padding (as torchtext's BucketIterator), and balanced over the classes, so that a rare
// class is seen as often as a common one (as torch's WeightedRandomSampler with weights 1/count of the class).
namespace Recurrent.Data;

/// <summary>The drawing of training batches of labelled sequences (validation always reads them all, in order).</summary>
/// <param name="ByLength">
/// Sort each run of <see cref="PoolBatches"/> batches of the epoch's shuffle by length and visit the batches they make in a
/// random order: each batch holds sequences of similar length and runs only up to its own longest.
/// </param>
/// <param name="BalancedClasses">
/// Draw each epoch's N examples with replacement, every class equally likely and every example of a class equally
/// likely: the classes are balanced in expectation, and a common class's examples are not all seen every epoch.
/// </param>
public sealed record SequenceBatching(bool ByLength = false, bool BalancedClasses = false)
{
    /// <summary>The batches whose examples are sorted by length together: enough for runs of similar lengths, few enough to stay random.</summary>
    public const int PoolBatches = 50;

    /// <summary>The plain shuffle.</summary>
    public static SequenceBatching Shuffled { get; } = new();

    /// <summary>Bits for a source's identity in a checkpoint: 1 by length, 2 balanced.</summary>
    internal ulong Plan => (ByLength ? 1UL : 0) | (BalancedClasses ? 2UL : 0);
}
