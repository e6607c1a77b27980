// PyTorch's recurrent weights in the layouts of ONNX's LSTM, GRU and RNN operators. Both stack the G gate blocks of
// H rows each, but in another order: torch's LSTM is i, f, g (C~), o and ONNX's is i, o, f, c; torch's GRU is r, z, n
// and ONNX's is z, r, h. ONNX also stacks the directions (W: [D, G·H, I], R: [D, G·H, H]) and joins each direction's
// two biases into one row, B: [D, 2·G·H] = [Wb; Rb]. Plain copies of rows: the values are the model's, bit for bit.
using Recurrent.Models;

namespace Recurrent.Onnx;

/// <summary>One layer's weights rearranged for an ONNX recurrent operator.</summary>
internal static class OnnxGateOrder
{
    /// <summary>For each ONNX gate block in order, the torch block it is copied from.</summary>
    public static int[] TorchBlocks(CellKind cell) => cell switch
    {
        CellKind.Lstm => [0, 3, 1, 2], // i, o, f, c from i, f, g, o
        CellKind.Gru => [1, 0, 2],     // z, r, h from r, z, n
        CellKind.Rnn => [0],
        _ => throw new ArgumentOutOfRangeException(nameof(cell), cell, null),
    };

    /// <summary>
    /// W, R and B of layer <paramref name="layer"/>, every direction stacked: W (D × G·H × I_k), R (D × G·H × H),
    /// B (D × 2·G·H).
    /// </summary>
    public static (float[] W, float[] R, float[] B) Layer(ModelSpec spec, ParameterSet<float> parameters, int layer)
    {
        int gates = spec.GateCount, hidden = spec.Hidden, input = spec.LayerInputSize(layer), directions = spec.Directions;
        int[] blocks = TorchBlocks(spec.Cell);
        int rows = gates * hidden;
        var w = new float[(long)directions * rows * input];
        var r = new float[(long)directions * rows * hidden];
        var b = new float[(long)directions * 2 * rows];
        for (int d = 0; d < directions; d++)
        {
            bool reverse = d == 1;
            Reorder(parameters.Value(ParameterNames.WeightIh(layer, reverse)), w.AsSpan(d * rows * input, rows * input), blocks, hidden * input);
            Reorder(parameters.Value(ParameterNames.WeightHh(layer, reverse)), r.AsSpan(d * rows * hidden, rows * hidden), blocks, hidden * hidden);
            Span<float> bias = b.AsSpan(d * 2 * rows, 2 * rows);
            Reorder(parameters.Value(ParameterNames.BiasIh(layer, reverse)), bias[..rows], blocks, hidden);
            Reorder(parameters.Value(ParameterNames.BiasHh(layer, reverse)), bias[rows..], blocks, hidden);
        }
        return (w, r, b);
    }

    /// <summary>Copies torch's blocks of <paramref name="block"/> values into ONNX's order.</summary>
    private static void Reorder(ReadOnlySpan<float> torch, Span<float> onnx, int[] blocks, int block)
    {
        for (int g = 0; g < blocks.Length; g++)
            torch.Slice(blocks[g] * block, block).CopyTo(onnx.Slice(g * block, block));
    }
}
