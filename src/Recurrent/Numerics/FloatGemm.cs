// The fast float paths behind MatMul: each public product becomes one strided GEMM with a blocking plan.
// - Few rows of C (the per-step recurrent products, B = 32): operands are read in place. A·Bᵀ is computed
//   as Cᵀ += W·hᵀ, so the weight rows are broadcast straight from where they lie and only the small h is
//   packed (no per-step packing of W_hh); C is transposed into scratch before and back after (exact copies).
// - At most four rows of C in A·Bᵀ (batch 1): dot products along K (DotKernel), the one path whose summation
//   order is not the FMA chain (see there); every other path follows GemmKernel's chain.
// - A·Wᵀ through a PackedWeight (W packed once: a generation snapshot, or W_hh for a window): one row at a time
//   through PanelKernel, or GemmKernel tiles that read the panels as B; the chain again, without transposes.
// - A·B and Aᵀ·B with at most four rows of C: row updates (RowKernel), the same chain as the tiles.
// - Larger products pack both operands (GotoBLAS blocking, GemmDriver).
// Threads (Parallelism.Threads > 1, products of at least 65,536 multiply-adds): each part computes a block of
// whole columns of C (the few-row paths) or of rows or columns (the packed path) with its own scratch; every path
// computes each element the same way whatever the block, so the results do not depend on the thread count.
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

    /// <summary>Products with fewer multiply-adds than this run on one thread: a split costs about a microsecond.</summary>
    private const long SplitWork = 1 << 16;

    /// <summary>C (m×n) += A (m×k) · Bᵀ, B is (n×k).</summary>
    public static void AddABt(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k,
        int vectorBits = 0, GemmPath path = GemmPath.Auto)
    {
        if (m == 0 || n == 0 || k == 0)
            return;
        fixed (float* pa = a, pb = b, pc = c)
        {
            var job = new Job { A = pa, B = pb, C = pc, M = m, N = n, K = k, VectorBits = vectorBits };
            if (path == GemmPath.Auto && m <= DotRows)
                Execute(&Dot, ref job, n, DotKernel.Rows);
            else if (Choose(path, m) == GemmPath.InPlace)
                Execute(&TransposedInPlace, ref job, n, GemmKernel.Rows);
            else
            {
                job.ViewA = new StridedMatrix(pa, k, 1);
                job.ViewB = new StridedMatrix(pb, 1, k);
                job.Plan = new GemmPlan(PackA: true, PackB: true, Kc, Mc, Nc);
                ExecuteDriver(ref job);
            }
        }
    }

    /// <summary>C (m×n) += A (m×k) · Wᵀ, W (n×k) packed in panels (<see cref="PackedWeight{T}"/>).</summary>
    public static void AddAPackedT(ReadOnlySpan<float> a, PackedWeight<float> w, Span<float> c, int m, int vectorBits = 0)
    {
        if (m == 0)
            return;
        fixed (float* pa = a, pc = c)
        {
            var job = new Job
            {
                A = pa, B = w.Panels, C = pc, M = m, N = w.Rows, K = w.Columns, VectorBits = vectorBits, NarrowWidth = w.NarrowWidth,
            };
            Execute(&Panels, ref job, job.N, PanelKernel.Width);
        }
    }

    /// <summary>C (m×n) += A (m×k) · B (k×n).</summary>
    public static void AddAB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k,
        int vectorBits = 0, GemmPath path = GemmPath.Auto)
    {
        if (m == 0 || n == 0 || k == 0)
            return;
        fixed (float* pa = a, pb = b, pc = c)
        {
            var job = new Job
            {
                A = pa, B = pb, C = pc, M = m, N = n, K = k, VectorBits = vectorBits,
                ViewA = new StridedMatrix(pa, k, 1), ViewB = new StridedMatrix(pb, n, 1),
            };
            RowsOrBlocks(ref job, path);
        }
    }

    /// <summary>C (m×n) += Aᵀ · B, A is (k×m), B is (k×n).</summary>
    public static void AddAtB(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int n, int k,
        int vectorBits = 0, GemmPath path = GemmPath.Auto)
    {
        if (m == 0 || n == 0 || k == 0)
            return;
        fixed (float* pa = a, pb = b, pc = c)
        {
            var job = new Job
            {
                A = pa, B = pb, C = pc, M = m, N = n, K = k, VectorBits = vectorBits,
                ViewA = new StridedMatrix(pa, 1, m), ViewB = new StridedMatrix(pb, n, 1),
            };
            RowsOrBlocks(ref job, path);
        }
    }

    /// <summary>A·B or Aᵀ·B (A seen through ViewA): row updates for at most four rows of C, else the blocked driver.</summary>
    private static void RowsOrBlocks(ref Job job, GemmPath path)
    {
        if (path == GemmPath.Auto && job.M <= RowUpdateRows)
            Execute(&Rows, ref job, job.N, RowColumns);
        else
        {
            job.Plan = Plan(Choose(path, job.M), job.M, job.N);
            ExecuteDriver(ref job);
        }
    }

    /// <summary>Column blocks of the row-update path are whole 512-bit vectors.</summary>
    private const int RowColumns = 16;

    /// <summary>One product and how to compute a block of it; lives on the caller's stack while its parts run.</summary>
    private struct Job
    {
        public float* A, B, C;
        public int M, N, K, VectorBits;
        public StridedMatrix ViewA, ViewB;
        public GemmPlan Plan;
        public bool SplitRows;
        public delegate*<ref Job, int, int, void> Block;
        public int Extent, Align;
        public int NarrowWidth;
    }

    /// <summary>
    /// Runs block(job, start, end) over [0, extent), split between the threads in multiples of align when the product
    /// is large enough. Blocks are whole rows or columns of C, each computed as it would be alone.
    /// </summary>
    private static void Execute(delegate*<ref Job, int, int, void> block, ref Job job, int extent, int align)
    {
        if (Parallelism.Threads == 1 || (long)job.M * job.N * job.K < SplitWork || extent <= align)
        {
            block(ref job, 0, extent);
            return;
        }
        job.Block = block;
        job.Extent = extent;
        job.Align = align;
        fixed (Job* context = &job)
            WorkerTeam.Run(&Part, context);
    }

    private static void Part(void* context, int part, int parts)
    {
        ref Job job = ref *(Job*)context;
        var (start, end) = Parallelism.Range(job.Extent, job.Align, part, parts);
        if (start < end)
            job.Block(ref job, start, end);
    }

    /// <summary>The general path, split by rows of C when it has at least as many rows as columns, else by columns.</summary>
    private static void ExecuteDriver(ref Job job)
    {
        job.SplitRows = job.M >= job.N;
        if (job.SplitRows)
            Execute(&DriverBlock, ref job, job.M, GemmKernel.Rows);
        else
            Execute(&DriverBlock, ref job, job.N, GemmKernel.Vectors * Simd512.Count);
    }

    private static void DriverBlock(ref Job job, int start, int end)
    {
        var c = new StridedMatrix(job.C, job.N, 1);
        if (job.SplitRows)
            Run(new StridedMatrix(job.ViewA.At(start, 0), job.ViewA.RowStride, job.ViewA.ColumnStride), job.ViewB,
                new StridedMatrix(c.At(start, 0), job.N, 1), end - start, job.N, job.K, job.Plan, job.VectorBits);
        else
            Run(job.ViewA, new StridedMatrix(job.ViewB.At(0, start), job.ViewB.RowStride, job.ViewB.ColumnStride),
                new StridedMatrix(c.At(0, start), job.N, 1), job.M, end - start, job.K, job.Plan, job.VectorBits);
    }

    /// <summary>
    /// Columns [start, end) of C += A·Bᵀ with few rows, as Cᵀ += B·Aᵀ: the weight rows are read in place, the block of
    /// C is transposed into this thread's scratch and back.
    /// </summary>
    private static void TransposedInPlace(ref Job job, int start, int end)
    {
        int m = job.M, n = end - start, k = job.K;
        float* c = job.C + start;
        float* ct = GemmScratch.Get(GemmScratch.TransposedC, (nint)n * m);
        GemmPacking.Transpose(c, job.N, ct, m, m, n);
        Run(new StridedMatrix(job.B + (nint)start * k, k, 1), new StridedMatrix(job.A, 1, k), new StridedMatrix(ct, m, 1),
            n, m, k, new GemmPlan(PackA: false, PackB: true, TransposedKc, n, m), job.VectorBits);
        GemmPacking.Transpose(ct, m, c, job.N, n, m);
    }

    private static GemmPath Choose(GemmPath path, int m) =>
        path != GemmPath.Auto ? path : m <= SmallRows ? GemmPath.InPlace : GemmPath.Packed;

    private static GemmPlan Plan(GemmPath path, int m, int n) => path == GemmPath.InPlace
        ? new GemmPlan(PackA: false, PackB: false, InPlaceKc, Math.Max(m, 1), Math.Max(n, 1))
        : new GemmPlan(PackA: true, PackB: true, Kc, Mc, Nc);

    /// <summary>Columns [start, end) of every row i of C += Σ_p A(i, p) · (row p of B), A through ViewA, a row at a time.</summary>
    private static void Rows(ref Job job, int start, int end)
    {
        bool wide = (job.VectorBits == 0 ? DefaultBits : job.VectorBits) == 512;
        float* a = job.ViewA.Data, c = job.C + start;
        nint aColumn = job.ViewA.ColumnStride;
        for (int i = 0; i < job.M; i++, a += job.ViewA.RowStride, c += job.N)
            if (wide)
                RowKernel.AddRow<Simd512, Vector512<float>>(a, aColumn, job.B + start, job.N, c, end - start, job.K);
            else
                RowKernel.AddRow<Simd256, Vector256<float>>(a, aColumn, job.B + start, job.N, c, end - start, job.K);
    }

    /// <summary>Columns [start, end) of C += A·Bᵀ for a C of at most four rows: dot products of rows.</summary>
    private static void Dot(ref Job job, int start, int end)
    {
        bool wide = (job.VectorBits == 0 ? DefaultBits : job.VectorBits) == 512;
        int k = job.K;
        float* a = job.A, c = job.C;
        for (int i = 0; i < job.M; i++, a += k, c += job.N)
            for (int j = start; j < end; j += DotKernel.Rows)
            {
                int rows = Math.Min(DotKernel.Rows, end - j);
                if (wide)
                    DotKernel.Row<Simd512, Vector512<float>>(a, job.B + (nint)j * k, k, c + j, k, rows);
                else
                    DotKernel.Row<Simd256, Vector256<float>>(a, job.B + (nint)j * k, k, c + j, k, rows);
            }
    }

    /// <summary>
    /// Columns [start, end) (whole panels) of C += A·Wᵀ through W's packed panels: with more than 4 rows of A, 8 rows
    /// at a time as GEMM tiles that read the panels as B (a 64-row panel is two or four tile widths side by side,
    /// ldb = 64) and A in place; the remaining rows, and every row of a small A, one at a time through PanelKernel.
    /// Both are the same FMA chain.
    /// </summary>
    private static void Panels(ref Job job, int start, int end)
    {
        int k = job.K, n = job.N;
        int tiled = job.M > DotRows ? job.M / GemmKernel.Rows * GemmKernel.Rows : 0;
        if (tiled > 0)
        {
            if ((job.VectorBits == 0 ? DefaultBits : job.VectorBits) == 512)
                PanelTiles<Simd512, Vector512<float>>(ref job, start, end, tiled);
            else
                PanelTiles<Simd256, Vector256<float>>(ref job, start, end, tiled);
        }
        float* a = job.A + (nint)tiled * k, c = job.C + (nint)tiled * n;
        for (int i = tiled; i < job.M; i++, a += k, c += n)
            for (int j = start; j < end; j += PanelKernel.Width)
            {
                float* panel = job.B + (nint)j * k;
                if (j + PanelKernel.Width <= n)
                    PanelKernel.Full(a, panel, c + j, k);
                else
                    PanelKernel.Narrow(a, panel, job.NarrowWidth, c + j, n - j, k);
            }
    }

    /// <summary>Rows [0, rows) (a multiple of 8) and columns [start, end) of C += A·Wᵀ as tiles over W's panels.</summary>
    private static void PanelTiles<TS, TV>(ref Job job, int start, int end, int rows)
        where TS : struct, ISimdFloat<TV> where TV : struct
    {
        int k = job.K, n = job.N, nr = GemmKernel.Vectors * TS.Count;
        for (int j = start; j < end; j += nr)
        {
            int panelStart = j / PanelKernel.Width * PanelKernel.Width;
            int width = panelStart + PanelKernel.Width <= n ? PanelKernel.Width : job.NarrowWidth;
            float* b = job.B + (nint)panelStart * k + (j - panelStart);
            int cols = Math.Min(nr, n - j);
            for (int i = 0; i < rows; i += GemmKernel.Rows)
                for (int p = 0; p < k; p += TransposedKc)
                    GemmKernel.Tile<TS, TV>(job.A + (nint)i * k + p, k, 1, b + (nint)p * width, width,
                        job.C + (nint)i * n + j, n, Math.Min(TransposedKc, k - p), cols);
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
