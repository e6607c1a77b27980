// The measured norms of a gradient-flow run (see GradientFlow): how much of the gradient of a loss on the last
// step reaches each earlier step, indexed by the distance k back from the last step.
using Recurrent.Models;

namespace Recurrent.Diagnostics;

/// <summary>
/// For a model of <paramref name="Cell"/> with <paramref name="HiddenSize"/> units and <paramref name="Layers"/>
/// layers, over sequences of <paramref name="Length"/> = T steps, averaged over <paramref name="Samples"/> sequences:
/// <paramref name="HiddenNorms"/>[k] = ‖dL/dh(T-1-k)‖ of the top layer (1 at k = 0: the loss is u·h(T-1), ‖u‖ = 1),
/// <paramref name="InputNorms"/>[k] = ‖dL/dx(T-1-k)‖ of the first layer's input,
/// <paramref name="LayerHiddenNorms"/>[l][k] as HiddenNorms for layer l, bottom first (the last one is HiddenNorms).
/// The average is geometric, exp(mean over the sequences of ln ‖·‖), and 0 when any sequence's norm is 0.
/// </summary>
public sealed record GradientFlowResult(
    CellKind Cell, int HiddenSize, int Layers, int Length, int Samples,
    double[] HiddenNorms, double[] InputNorms, double[][] LayerHiddenNorms)
{
    /// <summary>What tables and plots call this result (the file it was measured on, say); null: the cell's name.</summary>
    public string? Label { get; init; }

    /// <summary>The label, or the cell's name when there is none.</summary>
    public string Name => Label ?? Cell.ToName();

    /// <summary>HiddenNorms[k] / HiddenNorms[1]: the part of the one-step-back gradient that is left k steps back.</summary>
    public double HiddenRatio(int k) => HiddenNorms[k] / HiddenNorms[1];
}
