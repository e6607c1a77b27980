// Dense matrix products on row-major spans, the three shapes a recurrent layer needs, plus the two bias
// helpers. Every product *accumulates* into C, as Backward passes accumulate gradients.
// For float on hardware with FMA vectors the products run the blocked kernels (FloatGemm: each C element
// is one FMA chain over k in order, except A·Bᵀ with at most 4 rows of C, which sums along k in a fixed
// tree; either way results do not depend on blocking, alignment or threads); for double, and without FMA,
// they run the scalar oracle in Reference/ReferenceMatMul. See docs/kernels.md.
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Recurrent.Numerics.Reference;

namespace Recurrent.Numerics;

/// <summary>Accumulating matrix products: C += A·Bᵀ, C += A·B, C += Aᵀ·B, all row-major.</summary>
public static class MatMul
{
    /// <summary>C (M×N) += A (M×K) · Bᵀ, where B is (N×K): each entry is a dot product of two rows.</summary>
    /// <exception cref="ArgumentException">A span is shorter than its shape.</exception>
    public static void AddABt<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && FloatGemm.IsSupported)
        {
            CheckSizes(a.Length, m * k, b.Length, n * k, c.Length, m * n);
            FloatGemm.AddABt(AsFloat(a), AsFloat(b), AsFloat(c), m, n, k);
        }
        else
            ReferenceMatMul.AddABt(a, b, c, m, n, k);
    }

    /// <summary>
    /// C (M×N) += A (M×K) · Wᵀ through a packed copy of W (N×K), read fastest for one row of A (generation at batch 1).
    /// For float each entry is the FMA chain every blocked product computes, so the bits equal those of
    /// <see cref="AddABt{T}(ReadOnlySpan{T}, ReadOnlySpan{T}, Span{T}, int, int, int)"/> with W except where that
    /// takes its dot-product path (unpacked, at most 4 rows of C), which sums in another order.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="w"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="m"/> is negative.</exception>
    /// <exception cref="ArgumentException">A span is shorter than its shape.</exception>
    public static void AddABt<T>(ReadOnlySpan<T> a, PackedWeight<T> w, Span<T> c, int m)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(w);
        int n = w.Rows, k = w.Columns;
        CheckWeightProduct(a.Length, c.Length, m, n, k);
        if (PackedWeight<T>.IsPanels)
            FloatGemm.AddAPackedT(AsFloat(a), Unsafe.As<PackedWeight<float>>(w), AsFloat(c), m);
        else
            AddABt(a, w.Copy, c, m, n, k);
    }

    /// <summary>
    /// C (M×N) += A (M×K) · Wᵀ for a quantized W (N×K), W[j, p] = s[j]·Q[j, p]: with at most 4 rows (generation at
    /// batch 1), or 16-bit weights, the float rows of A times the integers widened to float; with more rows of an 8-bit W,
    /// where the CPU has AVX-VNNI, integer products of A's rows quantized on the fly to 8 bits (see QuantizedKernel). A row's
    /// result never depends on the other rows' values, the blocking or the threads; it does depend on which side of 4 rows
    /// the product is, since that picks the path (exact activations, or quantized ones).
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="w"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="m"/> is negative.</exception>
    /// <exception cref="ArgumentException">A span is shorter than its shape.</exception>
    public static void AddABt(ReadOnlySpan<float> a, QuantizedWeight w, Span<float> c, int m)
    {
        ArgumentNullException.ThrowIfNull(w);
        CheckWeightProduct(a.Length, c.Length, m, w.Rows, w.Columns);
        QuantizedGemm.AddABt(a, w, c, m);
    }

    /// <summary>The checks of a product with a weight object (N × K): m not negative, A (m × K) and C (m × N) long enough.</summary>
    private static void CheckWeightProduct(int aLength, int cLength, int m, int n, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        if ((long)m * k > int.MaxValue || (long)m * n > int.MaxValue)
            throw new ArgumentException("The product is larger than a span can hold.", nameof(m));
        CheckSizes(aLength, m * k, n * k, n * k, cLength, m * n);
    }

    /// <summary>C (M×N) += A (M×K) · B (K×N): row i of C gathers the rows of B weighted by row i of A.</summary>
    /// <exception cref="ArgumentException">A span is shorter than its shape.</exception>
    public static void AddAB<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && FloatGemm.IsSupported)
        {
            CheckSizes(a.Length, m * k, b.Length, k * n, c.Length, m * n);
            FloatGemm.AddAB(AsFloat(a), AsFloat(b), AsFloat(c), m, n, k);
        }
        else
            ReferenceMatMul.AddAB(a, b, c, m, n, k);
    }

    /// <summary>C (M×N) += Aᵀ · B, where A is (K×M) and B is (K×N): a sum of K outer products.</summary>
    /// <exception cref="ArgumentException">A span is shorter than its shape.</exception>
    public static void AddAtB<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> c, int m, int n, int k)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float) && FloatGemm.IsSupported)
        {
            CheckSizes(a.Length, k * m, b.Length, k * n, c.Length, m * n);
            FloatGemm.AddAtB(AsFloat(a), AsFloat(b), AsFloat(c), m, n, k);
        }
        else
            ReferenceMatMul.AddAtB(a, b, c, m, n, k);
    }

    /// <summary>
    /// sums (N) += the column sums of A (M×N), rows added in order: the gradient of a bias added to every row. Float
    /// columns are split between threads in blocks of 16 (each column the same additions in the same order).
    /// </summary>
    public static unsafe void AddColumnSums<T>(ReadOnlySpan<T> a, Span<T> sums, int m, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSizes(a.Length, m * n, sums.Length, n, sums.Length, n);
        if (typeof(T) != typeof(float))
        {
            for (int i = 0; i < m; i++)
                TensorPrimitives.Add(sums, a.Slice(i * n, n), sums);
            return;
        }
        fixed (T* pA = a, pSums = sums)
        {
            var job = new RowBlocks { P0 = (float*)pA, P1 = (float*)pSums, Width = n, Height = m, Kernel = &ColumnSumsBlock };
            RowBlocks.Run(ref job, (n + ColumnBlock - 1) / ColumnBlock, m * ColumnBlock);
        }
    }

    private const int ColumnBlock = 16;

    private static unsafe void ColumnSumsBlock(ref RowBlocks r, int start, int end)
    {
        int n = r.Width, m = r.Height, c0 = start * ColumnBlock, width = Math.Min(n, end * ColumnBlock) - c0;
        var sums = new Span<float>(r.P1 + c0, width);
        for (int i = 0; i < m; i++)
            TensorPrimitives.Add(sums, new ReadOnlySpan<float>(r.P0 + (nint)i * n + c0, width), sums);
    }

    /// <summary>Every row of A (M×N) += row (N); float rows are split between threads.</summary>
    public static unsafe void AddRowToEach<T>(Span<T> a, ReadOnlySpan<T> row, int m, int n)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckSizes(a.Length, m * n, row.Length, n, row.Length, n);
        if (typeof(T) != typeof(float))
        {
            for (int i = 0; i < m; i++)
            {
                Span<T> aRow = a.Slice(i * n, n);
                TensorPrimitives.Add(aRow, row, aRow);
            }
            return;
        }
        fixed (T* pA = a, pRow = row)
        {
            var job = new RowBlocks { P0 = (float*)pA, P1 = (float*)pRow, Width = n, Kernel = &RowToEachBlock };
            RowBlocks.Run(ref job, m, n);
        }
    }

    private static unsafe void RowToEachBlock(ref RowBlocks r, int start, int end)
    {
        int n = r.Width;
        var row = new ReadOnlySpan<float>(r.P1, n);
        for (int i = start; i < end; i++)
        {
            var aRow = new Span<float>(r.P0 + (nint)i * n, n);
            TensorPrimitives.Add(aRow, row, aRow);
        }
    }

    internal static void CheckSizes(int aLength, int aNeeded, int bLength, int bNeeded, int cLength, int cNeeded)
    {
        if (aLength < aNeeded || bLength < bNeeded || cLength < cNeeded)
            throw new ArgumentException($"Matrix spans too short: have {aLength}/{bLength}/{cLength}, need {aNeeded}/{bNeeded}/{cNeeded}.");
    }

    private static ReadOnlySpan<float> AsFloat<T>(ReadOnlySpan<T> span) where T : unmanaged => MemoryMarshal.Cast<T, float>(span);

    private static Span<float> AsFloat<T>(Span<T> span) where T : unmanaged => MemoryMarshal.Cast<T, float>(span);
}
