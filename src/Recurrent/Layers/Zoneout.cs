// Zoneout (Krueger et al., 2016): after a cell's step, some units keep their previous value instead of the new one.
// Per unit, with m = 1 for a unit zoned out (kept) and 0 otherwise,
//   s(t) = m ⊙ s(t−1) + (1 − m) ⊙ s̃(t)        s̃(t): what the cell computed
// In training m is a Bernoulli(z) draw per unit, sequence and step; at evaluation m is its expectation z, the same
// formula with a scalar. The derivative is the formula's: dL/ds(t−1) gets m ⊙ dL/ds(t) directly, and the cell is
// differentiated with dL/ds̃(t) = (1 − m) ⊙ dL/ds(t). With m in {0, 1} the forward is exactly one of the two values,
// so a fixed mask gives PyTorch's bits for the same formula.
using System.Numerics;

namespace Recurrent.Layers;

/// <summary>Zoneout's mix of a state with the state before it, and its derivative, by a mask or by the expectation z.</summary>
public static class Zoneout
{
    /// <summary>state = kept ⊙ previous + (1 − kept) ⊙ state, elementwise; kept is 1 for a zoned-out unit, else 0.</summary>
    public static void Forward<T>(ReadOnlySpan<T> kept, ReadOnlySpan<T> previous, Span<T> state) where T : IFloatingPointIeee754<T>
    {
        for (int k = 0; k < state.Length; k++)
            state[k] = kept[k] * previous[k] + (T.One - kept[k]) * state[k];
    }

    /// <summary>state = z·previous + (1 − z)·state, elementwise: the expectation over masks of probability z.</summary>
    public static void Forward<T>(T z, ReadOnlySpan<T> previous, Span<T> state) where T : IFloatingPointIeee754<T>
    {
        T rest = T.One - z;
        for (int k = 0; k < state.Length; k++)
            state[k] = z * previous[k] + rest * state[k];
    }

    /// <summary>dPrevious += kept ⊙ dState, then dState = (1 − kept) ⊙ dState: dL/d(the cell's new value) from here on.</summary>
    public static void Backward<T>(ReadOnlySpan<T> kept, Span<T> dState, Span<T> dPrevious) where T : IFloatingPointIeee754<T>
    {
        for (int k = 0; k < dState.Length; k++)
        {
            T d = dState[k];
            dPrevious[k] += kept[k] * d;
            dState[k] = (T.One - kept[k]) * d;
        }
    }

    /// <summary>dPrevious += z·dState, then dState = (1 − z)·dState: the derivative of the expectation.</summary>
    public static void Backward<T>(T z, Span<T> dState, Span<T> dPrevious) where T : IFloatingPointIeee754<T>
    {
        T rest = T.One - z;
        for (int k = 0; k < dState.Length; k++)
        {
            T d = dState[k];
            dPrevious[k] += z * d;
            dState[k] = rest * d;
        }
    }
}
