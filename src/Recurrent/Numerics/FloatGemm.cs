// The fast float paths behind MatMul: each public product becomes one strided GEMM with a blocking plan.
// - Few rows of C (the per-step recurrent products, B = 32): operands are read in place. A·Bᵀ is computed
//   as Cᵀ += W·hᵀ, so the weight rows are broadcast straight from where they lie and only the small h is
//   packed (no per-step packing of W_hh); C is transposed into scratch before and back after (exact copies).
// - At most four rows of C in A·Bᵀ (generation at batch 1): dot products along K (DotKernel), the one path
//   whose summation order is not the FMA chain (see there); every other path follows GemmKernel's chain.
// - A·B and Aᵀ·B with at most four rows of C: row updates (RowKernel), the same chain as the tiles.
// - Larger products pack both operands (GotoBLAS blocking, GemmDriver).
// To split a product over threads later: give each thread a block of C's rows (or columns) and the matching
// rows of A (or B); every path computes each element the same way whatever the block.
using System.Runtime.Intrinsics;

namespace Recurrent.Numerics;

/// <summary>C += A·Bᵀ, A·B, Aᵀ·B on float spans with FMA vector kernels (only when <see cref="IsSupported"/>).</summary>
internal static unsafe class FloatGemm
{
    /// <summary>Products with at most this many rows of C take the in-place path.</summary>
    internal const int SmallRows = 64;

    /// <summary>A·Bᵀ with at most this many rows of C takes the dot-product path.</summary>
    internal const int DotRows = 4;

    /// <summary>A·B and Aᵀ·B with at most this many rows of C take row updates (half-empty tiles are slower).</summary>
    internal const int RowUpdateRows = 4;

    /// <summary>
    /// Packed path: K blocks of 512 (one B panel, 512 × NR, sits in L2 and a C tile is reloaded only every 512
    /// steps), 128 rows of A per block (a 256 KiB packed A block), 1024 columns of B per block (2 MiB). Measured
    /// best among Kc 128–768, Mc 64–512, Nc 256–4096 on Zen 4 (docs/kernels.md).
    /// </summary>
    private const int Kc = 512, Mc = 128, Nc = 1024;

    /// <summary>In-place path: a K block of the weight (Kc × N, contiguous) fits in L2 (512 KiB at N = 512).</summary>
    private const int InPlaceKc = 256;

    /// <summary>Cᵀ path: the packed hᵀ (K × 32) stays in L2 for K up to 512, so K is rarely split.</summary>
    private const int TransposedKc = 512;

    /// <summary>Vector width in bits: 512 with AVX-512F, 256 with AVX2+FMA, 0 when neither.</summary>
    public static readonly int DefaultBits = Simd512.IsSupported ? 512 : Simd256.IsSupported ? 256 : 0;

    public static bool IsSupported => DefaultBits != 0;

    /// <summary>C (m×n) += A (m×k) · Bᵀ, B is (n×k).</summary>
    public static void AddABt(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k,
        int vectorBits = 0, GemmPath path = GemmPath.Auto)
    {
        if (m == 0 || n == 0 || k == 0)
            return;
        fixed (float* pa = a, pb = b, pc = c)
        {
            if (path == GemmPath.Auto && m <= DotRows)
                Dot(pa, pb, pc, m, n, k, vectorBits);
            else if (Choose(path, m) == GemmPath.InPlace)
            {
                float* ct = GemmScratch.Get(GemmScratch.TransposedC, (nint)n * m);
                GemmPacking.Transpose(pc, n, ct, m, m, n);
                Run(new StridedMatrix(pb, k, 1), new StridedMatrix(pa, 1, k), new StridedMatrix(ct, m, 1), n, m, k,
                    new GemmPlan(PackA: false, PackB: true, TransposedKc, n, m), vectorBits);
                GemmPacking.Transpose(ct, m, pc, n, n, m);
            }
            else
                Run(new StridedMatrix(pa, k, 1), new StridedMatrix(pb, 1, k), new StridedMatrix(pc, n, 1), m, n, k,
                    new GemmPlan(PackA: true, PackB: true, Kc, Mc, Nc), vectorBits);
        }
    }

    /// <summary>C (m×n) += A (m×k) · B (k×n).</summary>
    public static void AddAB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k,
        int vectorBits = 0, GemmPath path = GemmPath.Auto)
    {
        fixed (float* pa = a, pb = b, pc = c)
        {
            if (path == GemmPath.Auto && m <= RowUpdateRows)
                Rows(pa, k, 1, pb, pc, m, n, k, vectorBits);
            else
                Run(new StridedMatrix(pa, k, 1), new StridedMatrix(pb, n, 1), new StridedMatrix(pc, n, 1), m, n, k,
                    Plan(Choose(path, m), m, n), vectorBits);
        }
    }

    /// <summary>C (m×n) += Aᵀ · B, A is (k×m), B is (k×n).</summary>
    public static void AddAtB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k,
        int vectorBits = 0, GemmPath path = GemmPath.Auto)
    {
        fixed (float* pa = a, pb = b, pc = c)
        {
            if (path == GemmPath.Auto && m <= RowUpdateRows)
                Rows(pa, 1, m, pb, pc, m, n, k, vectorBits);
            else
                Run(new StridedMatrix(pa, 1, m), new StridedMatrix(pb, n, 1), new StridedMatrix(pc, n, 1), m, n, k,
                    Plan(Choose(path, m), m, n), vectorBits);
        }
    }

    private static GemmPath Choose(GemmPath path, int m) =>
        path != GemmPath.Auto ? path : m <= SmallRows ? GemmPath.InPlace : GemmPath.Packed;

    private static GemmPlan Plan(GemmPath path, int m, int n) => path == GemmPath.InPlace
        ? new GemmPlan(PackA: false, PackB: false, InPlaceKc, Math.Max(m, 1), Math.Max(n, 1))
        : new GemmPlan(PackA: true, PackB: true, Kc, Mc, Nc);

    /// <summary>Row i of C += Σ_p a[i·aRow + p·aCol] · (row p of B), one row at a time.</summary>
    private static void Rows(float* a, nint aRow, nint aCol, float* b, float* c, int m, int n, int k, int vectorBits)
    {
        bool wide = (vectorBits == 0 ? DefaultBits : vectorBits) == 512;
        for (int i = 0; i < m; i++, a += aRow, c += n)
            if (wide)
                RowKernel.AddRow<Simd512, Vector512<float>>(a, aCol, b, n, c, n, k);
            else
                RowKernel.AddRow<Simd256, Vector256<float>>(a, aCol, b, n, c, n, k);
    }

    private static void Dot(float* a, float* b, float* c, int m, int n, int k, int vectorBits)
    {
        bool wide = (vectorBits == 0 ? DefaultBits : vectorBits) == 512;
        for (int i = 0; i < m; i++, a += k, c += n)
            for (int j = 0; j < n; j += DotKernel.Rows)
            {
                int rows = Math.Min(DotKernel.Rows, n - j);
                if (wide)
                    DotKernel.Row<Simd512, Vector512<float>>(a, b + (nint)j * k, k, c + j, k, rows);
                else
                    DotKernel.Row<Simd256, Vector256<float>>(a, b + (nint)j * k, k, c + j, k, rows);
            }
    }

    private static void Run(in StridedMatrix a, in StridedMatrix b, in StridedMatrix c, int m, int n, int k,
        GemmPlan plan, int vectorBits)
    {
        if (Bits(vectorBits, n) == 512)
            GemmDriver.Run<Simd512, Vector512<float>>(a, b, c, m, n, k, plan);
        else
            GemmDriver.Run<Simd256, Vector256<float>>(a, b, c, m, n, k, plan);
    }

    /// <summary>
    /// The width to run: the one asked for, else the machine's, except that C only 8 columns wide runs on
    /// 256-bit vectors (a 512-bit tile would leave half its lanes idle). The chain kernels give the same bits
    /// at either width, so this choice changes speed only.
    /// </summary>
    private static int Bits(int vectorBits, int n) =>
        vectorBits != 0 ? vectorBits : n <= 8 && Simd256.IsSupported ? 256 : DefaultBits;
}
