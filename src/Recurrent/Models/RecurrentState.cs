// The state a model carries between windows: h (and C for an LSTM) of every layer.
// Truncated BPTT keeps it from one window to the next while the gradient stops at the boundary.
using System.Numerics;

namespace Recurrent.Models;

/// <summary>
/// h and C of each layer for B sequences: (L × B × H) each; C is empty for cells without one. A bidirectional stack's
/// state has L·2 entries, entry 2k + d for direction d of layer k (PyTorch's h0 layout).
/// </summary>
public sealed class RecurrentState<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>A zero state of <paramref name="layers"/> × <paramref name="batch"/> × <paramref name="hidden"/> values.</summary>
    /// <param name="layers">L, the recurrent layers.</param>
    /// <param name="batch">B, the sequences.</param>
    /// <param name="hidden">H, the hidden size of every layer.</param>
    /// <param name="hasCellState">Whether to keep a cell state C as well (an LSTM).</param>
    public RecurrentState(int layers, int batch, int hidden, bool hasCellState)
    {
        Layers = layers;
        Batch = batch;
        Hidden = hidden;
        Hiddens = new T[layers * batch * hidden];
        Cells = hasCellState ? new T[layers * batch * hidden] : [];
    }

    /// <summary>The entries: L, the recurrent layers, or L·2 for a bidirectional stack.</summary>
    public int Layers { get; }

    /// <summary>B, the sequences.</summary>
    public int Batch { get; }

    /// <summary>H, the hidden size of every layer.</summary>
    public int Hidden { get; }

    /// <summary>(L × B × H) hidden states.</summary>
    public T[] Hiddens { get; }

    /// <summary>(L × B × H) cell states; empty for an RNN.</summary>
    public T[] Cells { get; }

    /// <summary>h of one layer, (B × H).</summary>
    public Span<T> HiddenOf(int layer) => Hiddens.AsSpan(layer * Batch * Hidden, Batch * Hidden);

    /// <summary>C of one layer, (B × H); empty for an RNN.</summary>
    public Span<T> CellOf(int layer) => Cells.Length == 0 ? [] : Cells.AsSpan(layer * Batch * Hidden, Batch * Hidden);

    /// <summary>Back to the zero state, as at the start of a sequence.</summary>
    public void Reset()
    {
        Array.Clear(Hiddens);
        Array.Clear(Cells);
    }

    /// <summary>Copies every value from another state of the same shape.</summary>
    public void CopyFrom(RecurrentState<T> other)
    {
        other.Hiddens.CopyTo(Hiddens, 0);
        other.Cells.CopyTo(Cells, 0);
    }
}
