// A frozen copy of a model's parameters for step-by-step inference (the Sampler): every value as it was when
// taken, plus the weight matrices again in the layouts that products with one row read fastest (PackedWeight;
// weight_ih_l0 of a one-hot model transposed, so that a token's column is a contiguous row). A Forward over a
// workspace that holds a snapshot reads only the snapshot, so the model may go on changing meanwhile; taking the
// snapshot again (RecurrentModel.TakeWeightSnapshot) catches up, into the same memory.
using System.Numerics;
using Recurrent.Numerics;

namespace Recurrent.Models;

/// <summary>Copied parameter values and packed weights of a stack (and its head) for one-row products.</summary>
internal sealed class WeightSnapshot<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public WeightSnapshot(ParameterSet<T> source, ModelSpec spec, int headOutputs)
    {
        Source = source;
        int width = spec.GateCount * spec.Hidden;
        Values = new T[source.Count];
        bool oneHot = spec.Input == InputKind.OneHot;
        int entries = spec.Layers * spec.Directions;
        OneHotTransposed = new T[oneHot ? spec.Directions : 0][];
        for (int d = 0; d < OneHotTransposed.Length; d++)
            OneHotTransposed[d] = new T[spec.InputSize * width];
        InputWeights = new PackedWeight<T>?[entries];
        RecurrentWeights = new PackedWeight<T>[entries];
        for (int e = 0; e < entries; e++)
        {
            int k = e / spec.Directions;
            InputWeights[e] = k == 0 && oneHot ? null : new PackedWeight<T>(width, spec.LayerInputSize(k));
            RecurrentWeights[e] = new PackedWeight<T>(width, spec.Hidden);
        }
        HeadWeight = headOutputs > 0 ? new PackedWeight<T>(headOutputs, spec.OutputWidth) : null;
    }

    /// <summary>The ParameterSet the snapshot was taken from: a Forward of any other model refuses the workspace.</summary>
    public ParameterSet<T> Source { get; }

    /// <summary>Every parameter value, at the offsets of the model's ParameterSet.</summary>
    public T[] Values { get; }

    /// <summary>Per direction, (V × G·H) weight_ih_l0ᵀ of a one-hot model; no entries otherwise.</summary>
    public T[][] OneHotTransposed { get; }

    /// <summary>Per entry k·D + d (direction d of layer k), weight_ih_lk packed; null for the first layer of a one-hot model.</summary>
    public PackedWeight<T>?[] InputWeights { get; }

    /// <summary>Per entry k·D + d, weight_hh_lk packed.</summary>
    public PackedWeight<T>[] RecurrentWeights { get; }

    /// <summary>head.weight packed, for models with a per-step head; null otherwise.</summary>
    public PackedWeight<T>? HeadWeight { get; }

    public ReadOnlySpan<T> Value(ParameterInfo info) => Values.AsSpan(info.Offset, info.Length);

    /// <summary>
    /// Whether a product with this many rows of input reads the packed weights: as many as take the dot-product path
    /// without a snapshot (each row streams the whole weight); more rows take the blocked products over
    /// <see cref="Values"/>. Both follow the same FMA chain.
    /// </summary>
    public static bool Streams(int rows) => rows <= FloatGemm.DotRows;
}
