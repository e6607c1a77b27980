// A layer's input products when its weight is quantized: what Linear, OneHotLinear and Embedding compute with a
// float weight, here with a QuantizedWeight (W[j, p] = s[j]·Q[j, p]). Forward only: a quantized model does not train.
using Recurrent.Numerics;

namespace Recurrent.Layers;

/// <summary>Forward products of a quantized weight: dense rows, one-hot tokens and embedding rows.</summary>
public static class QuantizedProducts
{
    /// <summary>output (rows × N) = input (rows × K) · Wᵀ + bias, with W quantized (see <see cref="MatMul"/>).</summary>
    /// <exception cref="ArgumentException">A span is shorter than its shape.</exception>
    public static void Linear(QuantizedWeight weight, ReadOnlySpan<float> input, ReadOnlySpan<float> bias, Span<float> output, int rows)
    {
        FillRows(bias, output, rows, weight.Rows);
        MatMul.AddABt(input, weight, output, rows);
    }

    /// <summary>output row r (N) = bias + W[·, tokens[r]]: a one-hot input's product, the token's column.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A token is outside [0, K).</exception>
    public static void OneHot(QuantizedWeight weight, ReadOnlySpan<int> tokens, ReadOnlySpan<float> bias, Span<float> output)
    {
        int width = weight.Rows;
        for (int r = 0; r < tokens.Length; r++)
            weight.AddColumn(tokens[r], bias, output.Slice(r * width, width));
    }

    /// <summary>output row r (E) = embed.weight[tokens[r], ·], the token's row.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A token is outside [0, V).</exception>
    public static void Embed(QuantizedWeight weight, ReadOnlySpan<int> tokens, Span<float> output)
    {
        int width = weight.Columns;
        for (int r = 0; r < tokens.Length; r++)
            weight.CopyRow(tokens[r], output.Slice(r * width, width));
    }

    private static void FillRows(ReadOnlySpan<float> bias, Span<float> output, int rows, int width)
    {
        for (int r = 0; r < rows; r++)
            bias.CopyTo(output.Slice(r * width, width));
    }
}
