// The nonlinear heart of a recurrent step, for B rows at once. A cell receives the gate
// pre-activations (input projection + recurrent product + biases, computed by RecurrentLayer)
// and turns them into the new state; it knows nothing about weights or time.
using System.Numerics;

namespace Recurrent.Layers;

/// <summary>One recurrent cell's elementwise step: pre-activations in, new hidden (and cell) state out.</summary>
public abstract class RecurrentCell<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Gate blocks per hidden unit: 1 for the plain RNN, 4 for the LSTM (i, f, g, o).</summary>
    public abstract int GateCount { get; }

    /// <summary>Whether the cell carries a memory C besides h (the LSTM does).</summary>
    public abstract bool HasCellState { get; }

    /// <summary>
    /// gates (B×G·H): pre-activations in, activations out (saved for Backward).
    /// cPrev, c (B×H): the cell state before and after (unused by cells without one). h (B×H): the new hidden state.
    /// </summary>
    public abstract void Forward(Span<T> gates, ReadOnlySpan<T> cPrev, Span<T> c, Span<T> h, int batch, int hidden);

    /// <summary>
    /// gates: the activations Forward saved. dH (B×H): dL/dh(t), all paths. dC (B×H): in, dL/dC(t) from later
    /// steps; out, dL/dC(t-1). dGates (B×G·H): dL/d(pre-activations), overwritten.
    /// </summary>
    public abstract void Backward(ReadOnlySpan<T> gates, ReadOnlySpan<T> cPrev, ReadOnlySpan<T> c, ReadOnlySpan<T> dH,
        Span<T> dC, Span<T> dGates, int batch, int hidden);
}
