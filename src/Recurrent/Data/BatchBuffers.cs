// The spans a batch source writes one batch into: a model workspace's inputs and its head's targets, time-major
// (row t·B + b). A source fills the ones its data has and leaves the rest; the model's spec says which exist.
using System.Numerics;

namespace Recurrent.Data;

/// <summary>The inputs and targets of one batch of B sequences of T steps.</summary>
/// <param name="tokens">(T × B) input tokens, for token inputs; empty otherwise.</param>
/// <param name="inputs">(T × B × I) input vectors, for real-valued inputs; empty otherwise.</param>
/// <param name="targets">(rows) target classes, for a classification head; empty otherwise.</param>
/// <param name="targetValues">(rows × O) target values, for a regression head; empty otherwise.</param>
/// <param name="lengths">(B) each sequence's valid steps (the rest padding); empty where there is no room for them.</param>
public readonly ref struct BatchBuffers<T>(Span<int> tokens, Span<T> inputs, Span<int> targets, Span<T> targetValues,
    Span<int> lengths = default)
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>(T × B) input tokens, row t·B + b; empty for real-valued inputs.</summary>
    public Span<int> Tokens { get; } = tokens;

    /// <summary>(T × B × I) input vectors; empty for token inputs.</summary>
    public Span<T> Inputs { get; } = inputs;

    /// <summary>Target classes, one per head row (T·B rows for a head at every step, B for one on the last step); empty for regression.</summary>
    public Span<int> Targets { get; } = targets;

    /// <summary>Target values, O per head row; empty for classification.</summary>
    public Span<T> TargetValues { get; } = targetValues;

    /// <summary>
    /// (B) the valid steps of each sequence, for sequences of several lengths padded to T (a model's workspace's
    /// Lengths); a source of sequences of one length may leave them (they stay as the last batch left them, by default T).
    /// </summary>
    public Span<int> Lengths { get; } = lengths;
}
