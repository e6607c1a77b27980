// Post-training quantization of a model's weight matrices, as torch.quantization.quantize_dynamic does for nn.LSTM:
// every weight_ih, weight_hh (and embed.weight) to 8- or 16-bit integers with one symmetric scale per output row;
// biases and the head stay float32. The result is a new model for inference: eval, predict, sample, trace, forecast
// and classify run it unchanged, and ModelFile saves it with I8/I16 tensors.
using Recurrent.Numerics;

namespace Recurrent.Models;

/// <summary>Turns float models into quantized ones.</summary>
public static class ModelQuantization
{
    /// <summary>The widths a model's weights can be quantized to.</summary>
    public static readonly IReadOnlyList<int> Widths = [8, 16];

    /// <summary>A copy of <paramref name="model"/> with its weight matrices quantized to <paramref name="bits"/> bits per value.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is not 8 or 16.</exception>
    /// <exception cref="ArgumentException">The model is quantized already, or a weight holds NaN or infinity.</exception>
    public static RecurrentModel<float> Quantize(RecurrentModel<float> model, int bits)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!Widths.Contains(bits))
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "Weights are quantized to 8 or 16 bits.");
        if (model.Quantized is not null)
            throw new ArgumentException($"The model is quantized already (to {model.Quantized.Bits} bits); quantize the float model it was made from.", nameof(model));
        var spec = model.Spec;
        var weights = QuantizedWeights.Build(spec, bits,
            (name, shape) => QuantizedWeight.Quantize(model.Parameters.Value(name), shape[0], shape[1], bits));
        var quantized = new RecurrentModel<float>(spec, weights);
        foreach (var info in quantized.Parameters.Parameters)
            model.Parameters.Value(info.Name).CopyTo(quantized.Parameters.Value(info));
        return quantized;
    }

    /// <summary>
    /// The bundle with its network quantized (<see cref="Quantize(RecurrentModel{float}, int)"/>); vocabulary, labels,
    /// scalings and metadata kept, but a checkpoint's "train.*" keys.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bits"/> is not 8 or 16.</exception>
    /// <exception cref="ArgumentException">The model is quantized already, or a weight holds NaN or infinity.</exception>
    public static ModelBundle Quantize(ModelBundle model, int bits)
    {
        ArgumentNullException.ThrowIfNull(model);
        // A checkpoint's run state ("train.*") does not come along: the quantized model cannot resume a run.
        var facts = model.Metadata.Where(pair => !pair.Key.StartsWith(ModelFile.TrainingPrefix, StringComparison.Ordinal))
            .ToDictionary(pair => pair.Key, pair => pair.Value, StringComparer.Ordinal);
        return model with { Network = Quantize(model.Network, bits), Metadata = facts };
    }
}
