// Dense matrix products on row-major spans, the three shapes a recurrent layer needs.
// These are the plain, obviously-correct kernels (dot products and row updates over
// TensorPrimitives); faster blocked kernels can replace them behind the same signatures.
// Every product *accumulates* into C, as Backward passes accumulate gradients.
using System.Numerics;
using System.Numerics.Tensors;

namespace Recurrent.Numerics;

/// <summary>Accumulating matrix products: C += A·Bᵀ, C += A·B, C += Aᵀ·B, all row-major.</summary>
public static class MatMul
{
    /// <summary>C (M×N) += A (M×K) · Bᵀ, where B is (N×K): each entry is a dot product of two rows.</summary>
    public static void AddABt<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSizes(a.Length, m * k, b.Length, n * k, c.Length, m * n);
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
        CheckSizes(a.Length, m * k, b.Length, k * n, c.Length, m * n);
        for (int i = 0; i < m; i++)
        {
            Span<T> cRow = c.Slice(i * n, n);
            for (int p = 0; p < k; p++)
            {
                TensorPrimitives.MultiplyAdd(b.Slice(p * n, n), a[i * k + p], cRow, cRow);
            }
        }
    }

    /// <summary>C (M×N) += Aᵀ · B, where A is (K×M) and B is (K×N): a sum of K outer products.</summary>
    public static void AddAtB<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSizes(a.Length, k * m, b.Length, k * n, c.Length, m * n);
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

    /// <summary>sums (N) += the column sums of A (M×N): the gradient of a bias added to every row.</summary>
    public static void AddColumnSums<T>(ReadOnlySpan<T> a, Span<T> sums, int m, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSizes(a.Length, m * n, sums.Length, n, sums.Length, n);
        for (int i = 0; i < m; i++)
            TensorPrimitives.Add(sums, a.Slice(i * n, n), sums);
    }

    /// <summary>Every row of A (M×N) += row (N).</summary>
    public static void AddRowToEach<T>(Span<T> a, ReadOnlySpan<T> row, int m, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSizes(a.Length, m * n, row.Length, n, row.Length, n);
        for (int i = 0; i < m; i++)
        {
            Span<T> aRow = a.Slice(i * n, n);
            TensorPrimitives.Add(aRow, row, aRow);
        }
    }

    private static void CheckSizes(int aLength, int aNeeded, int bLength, int bNeeded, int cLength, int cNeeded)
    {
        if (aLength < aNeeded || bLength < bNeeded || cLength < cNeeded)
            throw new ArgumentException($"Matrix spans too short: have {aLength}/{bLength}/{cLength}, need {aNeeded}/{bNeeded}/{cNeeded}.");
    }
}
