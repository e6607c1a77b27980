// The products under test as calls, with their operand sizes and two oracles: the FMA chain every fast
// kernel promises to reproduce bit for bit, and the exact (double) value with its error scale.
using Recurrent.Numerics;
using Recurrent.Numerics.Reference;

namespace Recurrent.Tests.Numerics;

internal static class ProductMath
{
    public static (int A, int B, int C) Sizes(Product product, int m, int n, int k) => (m * k, k * n, m * n);

    /// <summary>a(i, p) and b(p, j) of the product as written in its row-major spans.</summary>
    public static float A(Product product, ReadOnlySpan<float> a, int m, int k, int i, int p) =>
        product == Product.AtB ? a[p * m + i] : a[i * k + p];

    public static float B(Product product, ReadOnlySpan<float> b, int n, int k, int p, int j) =>
        product == Product.ABt ? b[j * k + p] : b[p * n + j];

    /// <summary>C (m×n) += op(A)·op(B) through the fast kernels with a forced width and path (the public path
    /// when the machine has no FMA vectors).</summary>
    public static void Fast(Product product, ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c,
        int m, int n, int k, int bits, GemmPath path)
    {
        if (!FloatGemm.IsSupported)
        {
            Public(product, a, b, c, m, n, k);
            return;
        }
        switch (product)
        {
            case Product.ABt: FloatGemm.AddABt(a, b, c, m, n, k, bits, path); break;
            case Product.AB: FloatGemm.AddAB(a, b, c, m, n, k, bits, path); break;
            default: FloatGemm.AddAtB(a, b, c, m, n, k, bits, path); break;
        }
    }

    /// <summary>C (m×n) += op(A)·op(B) through the public generic API.</summary>
    public static void Public<T>(Product product, ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        switch (product)
        {
            case Product.ABt: MatMul.AddABt(a, b, c, m, n, k); break;
            case Product.AB: MatMul.AddAB(a, b, c, m, n, k); break;
            default: MatMul.AddAtB(a, b, c, m, n, k); break;
        }
    }

    /// <summary>C (m×n) += op(A)·op(B) through the reference (oracle) kernels.</summary>
    public static void ViaReference<T>(Product product, T[] a, T[] b, T[] c, int m, int n, int k)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        switch (product)
        {
            case Product.ABt: ReferenceMatMul.AddABt<T>(a, b, c, m, n, k); break;
            case Product.AB: ReferenceMatMul.AddAB<T>(a, b, c, m, n, k); break;
            default: ReferenceMatMul.AddAtB<T>(a, b, c, m, n, k); break;
        }
    }

    /// <summary>The documented order: c(i, j) = fma(a(i, p), b(p, j), c) for p = 0 … k−1, from C's value.</summary>
    public static float Chain(Product product, ReadOnlySpan<float> a, ReadOnlySpan<float> b, float c0,
        int m, int n, int k, int i, int j)
    {
        float c = c0;
        for (int p = 0; p < k; p++)
            c = MathF.FusedMultiplyAdd(A(product, a, m, k, i, p), B(product, b, n, k, p, j), c);
        return c;
    }

    /// <summary>op(A) as a dense row-major (m×k) array and op(B) as (k×n), so that oracles index plainly.</summary>
    public static (float[] A, float[] B) Dense(Product product, ReadOnlySpan<float> a, ReadOnlySpan<float> b, int m, int n, int k)
    {
        float[] opA = new float[m * k], opB = new float[k * n];
        for (int i = 0; i < m; i++)
            for (int p = 0; p < k; p++)
                opA[i * k + p] = A(product, a, m, k, i, p);
        for (int p = 0; p < k; p++)
            for (int j = 0; j < n; j++)
                opB[p * n + j] = B(product, b, n, k, p, j);
        return (opA, opB);
    }

    /// <summary>C (m×n) += opA (m×k, dense) · opB (k×n, dense), each entry by the documented FMA chain.</summary>
    public static void ChainAll(float[] opA, float[] opB, float[] c, int m, int n, int k)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float sum = c[i * n + j];
                for (int p = 0; p < k; p++)
                    sum = MathF.FusedMultiplyAdd(opA[i * k + p], opB[p * n + j], sum);
                c[i * n + j] = sum;
            }
    }

    /// <summary>The exact value of c(i, j) (in double) and its scale |c0| + Σ|a·b|.</summary>
    public static (double Value, double Scale) Exact(Product product, ReadOnlySpan<float> a, ReadOnlySpan<float> b,
        float c0, int m, int n, int k, int i, int j)
    {
        double value = c0, scale = Math.Abs(c0);
        for (int p = 0; p < k; p++)
        {
            double term = (double)A(product, a, m, k, i, p) * B(product, b, n, k, p, j);
            value += term;
            scale += Math.Abs(term);
        }
        return (value, scale);
    }

    public static float[] Random(Recurrent.Numerics.Rng rng, int count, float bound = 1)
    {
        var values = new float[count];
        for (int q = 0; q < count; q++)
            values[q] = rng.NextUniform(-bound, bound);
        return values;
    }
}
