// A fully connected layer over N rows, in PyTorch's nn.Linear layout: Y = X·Wᵀ + b, W is (Out×In).
// Used as the output head and as the input projection of dense (real-valued or stacked) inputs.
using System.Numerics;
using Recurrent.Numerics;

namespace Recurrent.Layers;

/// <summary>Y (N×Out) = X (N×In) · Wᵀ + b, and its gradients.</summary>
public static class Linear
{
    /// <summary>y (N×Out) = x (N×In) · wᵀ + bias; y is overwritten.</summary>
    public static void Forward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, Span<T> y,
        int rows, int inputs, int outputs) where T : unmanaged, IFloatingPointIeee754<T>
    {
        FillRows(bias, y, rows, outputs);
        MatMul.AddABt(x, w, y, rows, outputs, inputs);
    }

    /// <summary>y (N×Out) = x (N×In) · wᵀ + bias through a packed snapshot of w; y is overwritten.</summary>
    public static void Forward<T>(ReadOnlySpan<T> x, PackedWeight<T> w, ReadOnlySpan<T> bias, Span<T> y, int rows)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        FillRows(bias, y, rows, w.Rows);
        MatMul.AddABt(x, w, y, rows);
    }

    /// <summary>y (N×Out) = x (N×In) · wᵀ + bias with w quantized (see <see cref="MatMul"/>'s product); y is overwritten.</summary>
    public static void Forward(ReadOnlySpan<float> x, QuantizedWeight w, ReadOnlySpan<float> bias, Span<float> y, int rows)
    {
        FillRows(bias, y, rows, w.Rows);
        MatMul.AddABt(x, w, y, rows);
    }

    /// <summary>Every row of y (rows × outputs) = bias, before a product adds into it.</summary>
    private static void FillRows<T>(ReadOnlySpan<T> bias, Span<T> y, int rows, int outputs)
    {
        for (int r = 0; r < rows; r++)
            bias.CopyTo(y.Slice(r * outputs, outputs));
    }

    /// <summary>
    /// dW += dYᵀ·X, dBias += Σ rows of dY, and dX += dY·W when dX is not empty (accumulates, as every Backward).
    /// </summary>
    public static void Backward<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> dY,
        Span<T> dW, Span<T> dBias, Span<T> dX, int rows, int inputs, int outputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        MatMul.AddAtB(dY, x, dW, outputs, inputs, rows);
        MatMul.AddColumnSums(dY, dBias, rows, outputs);
        if (!dX.IsEmpty)
            MatMul.AddAB(dY, w, dX, rows, inputs, outputs);
    }
}
