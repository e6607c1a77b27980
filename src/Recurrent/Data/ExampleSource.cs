// What a batch source of independent examples (windows of a series, labelled sequences) does whatever the examples
// are: training visits them in a fresh shuffle every epoch, B at a time (floor(N/B) batches an epoch, each window
// from the zero state; the remainder waits for another epoch's shuffle), and a validation reads them all in order.
// A subclass says how one example is written as sequence b of a batch, and what buffers that needs.
using System.Numerics;

namespace Recurrent.Data;

/// <summary>N independent examples of T steps: a batch source (shuffled per epoch) and an example set (in order).</summary>
public abstract class ExampleSource : IBatchSource, IExampleSet
{
    private readonly EpochOrder _order;
    private readonly ulong[] _identity; // seed, shuffled or not, N, B: what makes batch k what it is

    /// <param name="count">N, the examples.</param>
    /// <param name="steps">T, the steps of each.</param>
    /// <param name="batch">B, the examples of a training batch (at most N).</param>
    /// <param name="seed">The seed of the per-epoch shuffles.</param>
    /// <param name="shuffle">False: epochs visit the examples in order.</param>
    /// <param name="plan">What else decides the order of a subclass's epochs (0 for none): kept with the seed, so that a
    /// run resumed on batches drawn another way is refused.</param>
    private protected ExampleSource(int count, int steps, int batch, ulong seed, bool shuffle, ulong plan = 0)
    {
        Count = count;
        Steps = steps;
        Batch = batch;
        WindowsPerEpoch = count / batch;
        _order = new EpochOrder(count, seed, shuffle);
        _identity = [seed, (shuffle ? 1UL : 0) | plan << 1, (ulong)count, (ulong)batch];
    }

    /// <summary>N, the examples.</summary>
    public int Count { get; }

    /// <summary>T, the steps of every example.</summary>
    public int Steps { get; }

    /// <summary>B, the examples of a training batch.</summary>
    public int Batch { get; }

    /// <summary>False: every example starts from the zero state.</summary>
    public bool CarriesState => false;

    /// <summary>floor(N/B) batches an epoch.</summary>
    public int WindowsPerEpoch { get; }

    /// <summary>Training batch <paramref name="step"/>: B examples of this epoch's shuffle; returns its place in the epoch.</summary>
    /// <exception cref="ArgumentException">The buffers do not fit the examples.</exception>
    public int Fill<T>(long step, BatchBuffers<T> batch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int window = (int)(step % WindowsPerEpoch);
        ReadOnlySpan<int> order = BatchOf(step);
        Check(batch, Batch);
        Prepare(step, order);
        for (int b = 0; b < Batch; b++)
            Write(order[b], b, Batch, batch);
        return window;
    }

    /// <summary>
    /// Called by the training Fill before it writes batch <paramref name="step"/>'s <paramref name="examples"/>: a source
    /// whose examples change with the step (augmentation) makes them here, all at once; by default nothing.
    /// </summary>
    private protected virtual void Prepare(long step, ReadOnlySpan<int> examples) { }

    /// <summary>The examples of training batch <paramref name="step"/>, in the order of its sequences.</summary>
    private protected ReadOnlySpan<int> BatchOf(long step) =>
        Visits(step / WindowsPerEpoch).Slice((int)(step % WindowsPerEpoch) * Batch, Batch);

    /// <summary>
    /// The examples in the order epoch <paramref name="epoch"/> visits them (at least floor(N/B)·B entries; batch k is
    /// entries [k·B, (k + 1)·B)): a fresh shuffle of all N (see <see cref="EpochOrder"/>), or that shuffle drawn as the
    /// <see cref="Plan"/> says. A function of the epoch and the seed alone, so that a resumed run reads the same batches.
    /// </summary>
    private ReadOnlySpan<int> Visits(long epoch) => Plan is null ? _order.Of(epoch) : Plan.Of(epoch, _order.Of(epoch));

    /// <summary>How a subclass draws its epochs other than as a plain shuffle (grouped by length, balanced over classes); null: the shuffle.</summary>
    private protected BatchPlan? Plan { get; init; }

    /// <inheritdoc cref="IBatchSource.StepsOf"/>
    public virtual int StepsOf(long step) => Steps;

    /// <inheritdoc cref="IExampleSet.StepsOf"/>
    public virtual int StepsOf(int start, int count) => Steps;

    /// <summary>Examples [start, start + count) in order, as one batch of <paramref name="count"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The slice is not within the examples.</exception>
    /// <exception cref="ArgumentException">The buffers do not fit the examples.</exception>
    public void Fill<T>(int start, int count, BatchBuffers<T> batch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (start < 0 || count < 1 || start > Count - count)
            throw new ArgumentOutOfRangeException(nameof(start), $"Examples [{start}, {start + count}) are not within [0, {Count}).");
        Check(batch, count);
        for (int b = 0; b < count; b++)
            Write(start + b, b, count, batch);
    }

    /// <summary>
    /// What batch k is a function of besides k: the seed of the shuffles, whether they shuffle (and the subclass's plan), N and B. A checkpoint keeps
    /// it, so that a run resumed on examples shuffled from another seed, or on other examples, is refused.
    /// </summary>
    public ulong[]? GetState() => [.. _identity];

    /// <summary>Checks that <paramref name="state"/> is this source's own (nothing else to restore: batches follow from the step).</summary>
    /// <exception cref="ArgumentException">The state comes from examples of another seed, count or batch size.</exception>
    public void SetState(ulong[] state)
    {
        if (!state.AsSpan().SequenceEqual(_identity))
            throw new ArgumentException(
                $"the saved batches were {Describe(state)}, these are {Describe(_identity)}", nameof(state));
    }

    private static string Describe(ulong[] state) => state.Length == 4
        ? $"{state[2]} examples in batches of {state[3]}, {((state[1] & 1) == 1 ? $"shuffled from seed {state[0]}" : "in order")}" +
          (state[1] >> 1 != 0 ? $" (plan {state[1] >> 1})" : "")
        : "of another kind of source";

    /// <summary>Throws unless <paramref name="batch"/> holds <paramref name="sequences"/> examples' inputs and targets.</summary>
    /// <exception cref="ArgumentException">The buffers are too short, or of the wrong kind, for these examples.</exception>
    private protected abstract void Check<T>(BatchBuffers<T> batch, int sequences) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>Writes example <paramref name="example"/> as sequence b of a batch of <paramref name="sequences"/> (row t·B + b).</summary>
    private protected abstract void Write<T>(int example, int b, int sequences, BatchBuffers<T> batch) where T : unmanaged, IFloatingPointIeee754<T>;
}
