// The plain, obviously-correct matrix products (dot products and row updates over TensorPrimitives).
// They are the oracle the fast float kernels are tested against, and the path MatMul takes for
// double and on hardware without FMA. Not tuned: keep them simple.
using System.Numerics;
using System.Numerics.Tensors;

namespace Recurrent.Numerics.Reference;

/// <summary>Reference accumulating products on row-major spans: C += A·Bᵀ, C += A·B, C += Aᵀ·B.</summary>
public static class ReferenceMatMul
{
    /// <summary>C (M×N) += A (M×K) · Bᵀ, where B is (N×K): each entry is a dot product of two rows.</summary>
    public static void AddABt<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        MatMul.CheckSizes(a.Length, m * k, b.Length, n * k, c.Length, m * n);
        for (int i = 0; i < m; i++)
        {
            ReadOnlySpan<T> aRow = a.Slice(i * k, k);
            Span<T> cRow = c.Slice(i * n, n);
            for (int j = 0; j < n; j++)
                cRow[j] += TensorPrimitives.Dot(aRow, b.Slice(j * k, k));
        }
    }

    /// <summary>C (M×N) += A (M×K) · B (K×N): row i of C gathers the rows of B weighted by row i of A.</summary>
    public static void AddAB<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        MatMul.CheckSizes(a.Length, m * k, b.Length, k * n, c.Length, m * n);
        for (int i = 0; i < m; i++)
        {
            Span<T> cRow = c.Slice(i * n, n);
            for (int p = 0; p < k; p++)
                TensorPrimitives.MultiplyAdd(b.Slice(p * n, n), a[i * k + p], cRow, cRow);
        }
    }

    /// <summary>C (M×N) += Aᵀ · B, where A is (K×M) and B is (K×N): a sum of K outer products.</summary>
    public static void AddAtB<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        MatMul.CheckSizes(a.Length, k * m, b.Length, k * n, c.Length, m * n);
        for (int p = 0; p < k; p++)
        {
            ReadOnlySpan<T> bRow = b.Slice(p * n, n);
            for (int i = 0; i < m; i++)
            {
                Span<T> cRow = c.Slice(i * n, n);
                TensorPrimitives.MultiplyAdd(bRow, a[p * m + i], cRow, cRow);
            }
        }
    }
}
