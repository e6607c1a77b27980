// Where a trainer's batches come from. A source knows the shape of a batch (B sequences of T steps), whether
// consecutive windows continue the same sequences (a text's streams: the state carries, truncated BPTT) or are
// independent (windows of a series, labelled examples, generated tasks: every window starts afresh), how many
// windows make an epoch, and how to write batch number k into a model's buffers. Batch k is a function of k and of
// the source's random state, which a training checkpoint saves: a resumed run reads the same batches.
// Sources know nothing of models: they write plain spans (BatchBuffers), so Data sits below Models.
using System.Numerics;

namespace Recurrent.Data;

/// <summary>A supply of training batches: inputs and the head's targets, one batch per step.</summary>
public interface IBatchSource
{
    /// <summary>B, the sequences of a batch.</summary>
    int Batch { get; }

    /// <summary>T, the steps of a window.</summary>
    int Steps { get; }

    /// <summary>
    /// Whether window k+1 of every sequence continues its window k, so that the state carries from one to the next
    /// (reset at the start of each epoch); false: every window starts from the trainer's initial state.
    /// </summary>
    bool CarriesState { get; }

    /// <summary>Windows in an epoch; 0 for a source without epochs (fresh draws every step).</summary>
    int WindowsPerEpoch { get; }

    /// <summary>
    /// The steps batch <paramref name="step"/> has, at most <see cref="Steps"/>: a source that groups sequences of
    /// similar length gives each batch its own longest, so a trainer computes no step that is padding in every sequence.
    /// </summary>
    int StepsOf(long step) => Steps;

    /// <summary>Writes batch <paramref name="step"/> (0-based) into <paramref name="batch"/>; returns its window within its epoch.</summary>
    /// <exception cref="ArgumentException">The buffers do not fit this source's batches (input form, sizes).</exception>
    int Fill<T>(long step, BatchBuffers<T> batch) where T : unmanaged, IFloatingPointIeee754<T>;

    /// <summary>The state of the source's random draws, which a resumed run restores; null for sources that are a function of the step alone.</summary>
    ulong[]? GetState();

    /// <summary>Restores a state that <see cref="GetState"/> returned.</summary>
    /// <exception cref="ArgumentException">The state does not fit this source.</exception>
    void SetState(ulong[] state);
}
