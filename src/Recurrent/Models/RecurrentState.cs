// The state a model carries between windows: h (and C for an LSTM) of every layer.
// Truncated BPTT keeps it from one window to the next while the gradient stops at the boundary.
using System.Numerics;

namespace Recurrent.Models;

/// <summary>h and C of each layer for B sequences: (L × B × H) each; C is empty for cells without one.</summary>
public sealed class RecurrentState<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public RecurrentState(int layers, int batch, int hidden, bool hasCellState)
    {
        Layers = layers;
        Batch = batch;
        Hidden = hidden;
        Hiddens = new T[layers * batch * hidden];
        Cells = hasCellState ? new T[layers * batch * hidden] : [];
    }

    public int Layers { get; }
    public int Batch { get; }
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
