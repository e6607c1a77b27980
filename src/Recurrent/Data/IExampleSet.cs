// Independent examples in a fixed order, each T steps of inputs with its targets: what a validation reads from
// start to end, in batches of its own size (the last one smaller), every example once.
using System.Numerics;

namespace Recurrent.Data;

/// <summary>A fixed, ordered set of examples of T steps each that can be written into batch buffers in any slice.</summary>
public interface IExampleSet
{
    /// <summary>The number of examples.</summary>
    int Count { get; }

    /// <summary>T, the steps of every example.</summary>
    int Steps { get; }

    /// <summary>The steps a batch of examples [start, start + count) has, at most <see cref="Steps"/>: the longest of them.</summary>
    int StepsOf(int start, int count) => Steps;

    /// <summary>
    /// Writes examples [start, start + count) as a batch of B = <paramref name="count"/> sequences (row t·B + b; a head on
    /// the last step has one target row per example, one at every step T·B rows).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The slice is not within the set.</exception>
    /// <exception cref="ArgumentException">The buffers do not fit the slice.</exception>
    void Fill<T>(int start, int count, BatchBuffers<T> batch) where T : unmanaged, IFloatingPointIeee754<T>;
}
