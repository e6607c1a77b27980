// The bias of the gate that keeps the old state: an LSTM's forget gate f (C(t) = f⊙C(t-1) + ...) and a GRU's
// update gate z (h(t) = (1-z)⊙n + z⊙h(t-1)). PyTorch's default initialisation leaves it near 0, so the gate starts
// near σ(0) = 0.5 and halves the carried state (and its gradient) at every step; a positive bias (Gers et al.
// 2000, Jozefowicz et al. 2015: 1) starts it near σ(b) instead. Lives here, beside the gradient-flow measure
// that shows its effect, rather than in the initialiser, whose output must stay PyTorch's.
using System.Numerics;
using Recurrent.Models;

namespace Recurrent.Diagnostics;

/// <summary>Sets the bias of the LSTM's forget gate or the GRU's update gate in every layer.</summary>
public static class MemoryGateBias
{
    /// <summary>The gate block of f in an LSTM row (i, f, g, o) and of z in a GRU row (r, z, n).</summary>
    private const int Block = 1;

    /// <summary>
    /// In every layer (each direction of it), bias_ih's block of the memory gate becomes <paramref name="value"/> and bias_hh's 0, so that
    /// gate's total bias is exactly <paramref name="value"/>. The plain RNN has no gate: it is left as it is.
    /// </summary>
    public static void Set<T>(RecurrentModel<T> model, double value) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var spec = model.Spec;
        if (spec.Cell == CellKind.Rnn)
            return;
        int hidden = spec.Hidden;
        for (int k = 0; k < spec.Layers; k++)
            foreach (bool reverse in spec.Bidirectional ? [false, true] : new[] { false })
            {
                model.Parameters.Value(ParameterNames.BiasIh(k, reverse)).Slice(Block * hidden, hidden).Fill(T.CreateChecked(value));
                model.Parameters.Value(ParameterNames.BiasHh(k, reverse)).Slice(Block * hidden, hidden).Clear();
            }
    }
}
