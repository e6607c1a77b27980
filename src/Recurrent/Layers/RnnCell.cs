// The vanilla (Elman) RNN cell: h(t) = tanh(W_ih·x(t) + b_ih + W_hh·h(t-1) + b_hh).
// The pre-activation arrives complete; the cell applies tanh and, backward, its derivative 1 - h².
using System.Numerics;
using System.Numerics.Tensors;

namespace Recurrent.Layers;

/// <summary>h = tanh(pre-activation); one gate block, no cell state.</summary>
public sealed class RnnCell<T> : RecurrentCell<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>1: the pre-activation of h.</summary>
    public override int GateCount => 1;

    /// <summary>False: the state is h alone.</summary>
    public override bool HasCellState => false;

    /// <inheritdoc/>

    public override void Forward(Span<T> gates, ReadOnlySpan<T> recurrentGates, ReadOnlySpan<T> hPrev, ReadOnlySpan<T> cPrev,
        Span<T> c, Span<T> h, int batch, int hidden)
    {
        Span<T> active = gates[..(batch * hidden)];
        TensorPrimitives.Tanh(active, active);
        active.CopyTo(h);
    }

    /// <inheritdoc/>
    public override void Backward(ReadOnlySpan<T> gates, ReadOnlySpan<T> recurrentGates, ReadOnlySpan<T> hPrev,
        ReadOnlySpan<T> cPrev, ReadOnlySpan<T> c, ReadOnlySpan<T> dH, Span<T> dC, Span<T> dGates, Span<T> dRecurrentGates,
        Span<T> dHPrev, int batch, int hidden)
    {
        // d tanh(z)/dz = 1 - tanh(z)², as three vector passes over B·H values
        int n = batch * hidden;
        ReadOnlySpan<T> h = gates[..n];
        Span<T> dPre = dGates[..n];
        TensorPrimitives.Multiply(h, h, dPre);
        TensorPrimitives.Subtract(T.One, dPre, dPre);
        TensorPrimitives.Multiply(dPre, dH[..n], dPre);
    }
}
