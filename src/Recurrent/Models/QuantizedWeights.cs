// The weight matrices of a quantized model: every weight_ih and weight_hh of the stack (and embed.weight) as a
// QuantizedWeight, 8 or 16 bits with one scale per row. The biases and the head stay float32 in the model's
// ParameterSet: they are a few percent of the bytes (the head of a 65-character model is 65 rows), and the head's
// logits are what a language model's loss and sampling read most closely. A quantized model serves inference only:
// its float matrices are gone (that is the point: a quarter of the memory), so there is nothing to train.
using Recurrent.Numerics;

namespace Recurrent.Models;

/// <summary>The quantized matrices of a model's stack, by entry k·D + d as the stack numbers its layers.</summary>
public sealed class QuantizedWeights
{
    private QuantizedWeights(int bits, QuantizedWeight? embedding, QuantizedWeight[] input, QuantizedWeight[] recurrent)
    {
        Bits = bits;
        Embedding = embedding;
        Input = input;
        Recurrent = recurrent;
    }

    /// <summary>What training, gradients and a precision change of a quantized model are refused with.</summary>
    internal const string InferenceOnly =
        "A quantized model serves inference only: its float weight matrices are gone. Train, or take gradients of, the float model it was made from.";

    /// <summary>8 or 16.</summary>
    public int Bits { get; }

    /// <summary>embed.weight (V × E), one scale per token; null for a model without an embedding.</summary>
    public QuantizedWeight? Embedding { get; }

    /// <summary>weight_ih of entry k·D + d (G·H × I_k); a one-hot first layer gathers its columns.</summary>
    public IReadOnlyList<QuantizedWeight> Input { get; }

    /// <summary>weight_hh of entry k·D + d (G·H × H).</summary>
    public IReadOnlyList<QuantizedWeight> Recurrent { get; }

    /// <summary>Bytes the integers, scales and row sums take in memory.</summary>
    public long Bytes => (Embedding?.Bytes ?? 0) + Input.Sum(w => w.Bytes) + Recurrent.Sum(w => w.Bytes);

    /// <summary>Whether a parameter of <paramref name="spec"/> is one of the quantized matrices.</summary>
    public static bool IsQuantized(ModelSpec spec, string name) => Names(spec).Contains(name);

    /// <summary>The quantized parameters' names, in the model's buffer order: embed.weight, then each entry's weight_ih, weight_hh.</summary>
    public static IEnumerable<string> Names(ModelSpec spec)
    {
        if (spec.Input == InputKind.Embedding)
            yield return ParameterNames.EmbeddingWeight;
        for (int k = 0; k < spec.Layers; k++)
            for (int d = 0; d < spec.Directions; d++)
            {
                yield return ParameterNames.WeightIh(k, d == 1);
                yield return ParameterNames.WeightHh(k, d == 1);
            }
    }

    /// <summary>
    /// Builds the matrices from <paramref name="weightOf"/>, which gives each quantized parameter's name and shape its
    /// quantized weight (made from float values, or read from integers and scales).
    /// </summary>
    internal static QuantizedWeights Build(ModelSpec spec, int bits, Func<string, int[], QuantizedWeight> weightOf)
    {
        var shapes = RecurrentModel<float>.Layout(spec).ToDictionary(p => p.Name, p => p.Shape, StringComparer.Ordinal);
        QuantizedWeight Make(string name) => weightOf(name, shapes[name]);
        var embedding = spec.Input == InputKind.Embedding ? Make(ParameterNames.EmbeddingWeight) : null;
        int entries = spec.Layers * spec.Directions;
        var input = new QuantizedWeight[entries];
        var recurrent = new QuantizedWeight[entries];
        for (int e = 0; e < entries; e++)
        {
            int k = e / spec.Directions;
            bool reverse = e % spec.Directions == 1;
            input[e] = Make(ParameterNames.WeightIh(k, reverse));
            recurrent[e] = Make(ParameterNames.WeightHh(k, reverse));
        }
        return new QuantizedWeights(bits, embedding, input, recurrent);
    }

    /// <summary>The quantized weight of a parameter by name.</summary>
    /// <exception cref="KeyNotFoundException">The name is not one of the quantized matrices.</exception>
    public QuantizedWeight this[ModelSpec spec, string name]
    {
        get
        {
            if (name == ParameterNames.EmbeddingWeight && Embedding is not null)
                return Embedding;
            for (int e = 0; e < Input.Count; e++)
            {
                int k = e / spec.Directions;
                bool reverse = e % spec.Directions == 1;
                if (name == ParameterNames.WeightIh(k, reverse))
                    return Input[e];
                if (name == ParameterNames.WeightHh(k, reverse))
                    return Recurrent[e];
            }
            throw new KeyNotFoundException($"{name} is not a quantized weight of this model.");
        }
    }
}
