// Clipping by global norm, as torch.nn.utils.clip_grad_norm_(parameters, max_norm):
// the 2-norm over every gradient together; if it exceeds max_norm, all gradients are scaled by
// max_norm / (norm + 1e-6). The norm is accumulated in double so that it does not depend on
// summation rounding of millions of float squares; in vectors (four double accumulators in a fixed order), since
// one sequential sum of 3.3 M squares (LSTM 2x512) is a chain of dependent additions that cost 1% of a training step.
// The order is fixed in the code (not by TensorPrimitives, whose order follows the machine's vector width).
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Recurrent.Training;

/// <summary>Global-norm gradient clipping.</summary>
public static class GradientClipping
{
    /// <summary>The 2-norm of all gradients together.</summary>
    public static double GlobalNorm<T>(ReadOnlySpan<T> gradients) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float))
            return Math.Sqrt(SumOfSquares(MemoryMarshal.Cast<T, float>(gradients)));
        if (typeof(T) == typeof(double))
            return Math.Sqrt(SumOfSquares(MemoryMarshal.Cast<T, double>(gradients)));
        double sum = 0;
        foreach (T g in gradients)
        {
            double value = double.CreateChecked(g);
            sum += value * value;
        }
        return Math.Sqrt(sum);
    }

    /// <summary>
    /// Σ g² over double values, 16 at a time in four accumulators: the same order on every machine (TensorPrimitives'
    /// order follows the hardware's vector width, and double training is meant to reproduce bit for bit).
    /// </summary>
    private static double SumOfSquares(ReadOnlySpan<double> values)
    {
        Vector256<double> s0 = Vector256<double>.Zero, s1 = s0, s2 = s0, s3 = s0;
        int i = 0;
        for (; i + 16 <= values.Length; i += 16)
        {
            Vector256<double> a = Vector256.Create(values.Slice(i, 4)), b = Vector256.Create(values.Slice(i + 4, 4));
            Vector256<double> c = Vector256.Create(values.Slice(i + 8, 4)), d = Vector256.Create(values.Slice(i + 12, 4));
            s0 = Vector256.FusedMultiplyAdd(a, a, s0);
            s1 = Vector256.FusedMultiplyAdd(b, b, s1);
            s2 = Vector256.FusedMultiplyAdd(c, c, s2);
            s3 = Vector256.FusedMultiplyAdd(d, d, s3);
        }
        double sum = Vector256.Sum((s0 + s1) + (s2 + s3));
        for (; i < values.Length; i++)
            sum = Math.FusedMultiplyAdd(values[i], values[i], sum);
        return sum;
    }

    /// <summary>Σ g² in double over float values: 8 floats at a time widened into four double accumulators.</summary>
    private static double SumOfSquares(ReadOnlySpan<float> values)
    {
        Vector256<double> s0 = Vector256<double>.Zero, s1 = s0, s2 = s0, s3 = s0;
        int i = 0;
        for (; i + 16 <= values.Length; i += 16)
        {
            var (a0, a1) = Vector256.Widen(Vector256.Create(values.Slice(i, 8)));
            var (b0, b1) = Vector256.Widen(Vector256.Create(values.Slice(i + 8, 8)));
            s0 = Vector256.FusedMultiplyAdd(a0, a0, s0);
            s1 = Vector256.FusedMultiplyAdd(a1, a1, s1);
            s2 = Vector256.FusedMultiplyAdd(b0, b0, s2);
            s3 = Vector256.FusedMultiplyAdd(b1, b1, s3);
        }
        double sum = Vector256.Sum((s0 + s1) + (s2 + s3));
        for (; i < values.Length; i++)
            sum += (double)values[i] * values[i];
        return sum;
    }

    /// <summary>
    /// Scales the gradients by min(1, maxNorm / (norm + 1e-6)) and returns the norm before clipping.
    /// A maxNorm of 0 (or less) turns clipping off and only measures.
    /// </summary>
    public static double ClipByGlobalNorm<T>(Span<T> gradients, double maxNorm) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double norm = GlobalNorm<T>(gradients);
        if (maxNorm > 0)
        {
            double coefficient = maxNorm / (norm + 1e-6);
            if (coefficient < 1)
            {
                TensorPrimitives.Multiply(gradients, T.CreateChecked(coefficient), gradients);
            }
        }
        return norm;
    }
}
