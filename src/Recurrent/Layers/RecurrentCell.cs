// The nonlinear heart of a recurrent step, for B rows at once. A cell receives the gate
// pre-activations (input projection + recurrent product + biases, computed by RecurrentLayer)
// and turns them into the new state; it knows nothing about weights or time.
using System.Numerics;

namespace Recurrent.Layers;

/// <summary>
/// One recurrent cell's elementwise step: pre-activations in, new hidden (and cell) state out. A layer may call
/// Forward and Backward on a block of the batch's rows, and on several threads at once for disjoint blocks (the time
/// loop split by sequences, RecurrentLayer), so a cell must compute each row from that row alone and keep no
/// per-call state in the instance, as the three built-in cells do.
/// </summary>
public abstract class RecurrentCell<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Gate blocks per hidden unit: 1 for the plain RNN, 3 for the GRU (r, z, n), 4 for the LSTM (i, f, g, o).</summary>
    public abstract int GateCount { get; }

    /// <summary>Whether the cell carries a memory C besides h (the LSTM does).</summary>
    public abstract bool HasCellState { get; }

    /// <summary>
    /// Whether the recurrent part W_hh·h(t-1) + b_hh must reach the cell apart from the input part, as the GRU's
    /// reset gate scales only the recurrent part of its candidate. Otherwise the layer adds both into one buffer.
    /// </summary>
    public virtual bool SeparatesRecurrentGates => false;

    /// <summary>
    /// gates (B×G·H): pre-activations in (the input part only, when <see cref="SeparatesRecurrentGates"/>), activations
    /// out, saved for Backward. recurrentGates (B×G·H): the recurrent part, or empty. hPrev, cPrev (B×H): the state
    /// before (cPrev empty without a cell state); c, h (B×H): the state after.
    /// </summary>
    public abstract void Forward(Span<T> gates, ReadOnlySpan<T> recurrentGates, ReadOnlySpan<T> hPrev, ReadOnlySpan<T> cPrev,
        Span<T> c, Span<T> h, int batch, int hidden);

    /// <summary>
    /// Differentiates one step. gates, recurrentGates: what Forward saved. dH (B×H): dL/dh(t), all paths. dC (B×H):
    /// in, dL/dC(t) from later steps; out, dL/dC(t-1). dGates (B×G·H): dL/d(input pre-activations), overwritten.
    /// dRecurrentGates: dL/d(recurrent pre-activations), overwritten (empty when not separated: then they equal dGates).
    /// dHPrev (B×H): the cell adds the part of dL/dh(t-1) that does not pass through W_hh (zero but for the GRU).
    /// </summary>
    public abstract void Backward(ReadOnlySpan<T> gates, ReadOnlySpan<T> recurrentGates, ReadOnlySpan<T> hPrev,
        ReadOnlySpan<T> cPrev, ReadOnlySpan<T> c, ReadOnlySpan<T> dH, Span<T> dC, Span<T> dGates, Span<T> dRecurrentGates,
        Span<T> dHPrev, int batch, int hidden);
}
