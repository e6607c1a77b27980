// The blocked loop nest around the micro-kernel (the GotoBLAS/BLIS order): N in blocks of Nc, K in blocks
// of Kc, M in blocks of Mc, then NR-wide column panels and MR-high row panels. Operands are packed or read
// in place as the plan says (a B panel that overhangs N is packed, zero-padded). Narrow last columns use the
// kernels' lane masks; tiles short of rows, or of a C that is not row-major, go through a dense buffer.
// While a tile computes, the next tile's rows of C are prefetched. Any output block [i0, i1)×[j0, j1)
// could run on another thread with the same results.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Recurrent.Numerics;

/// <summary>C (m×n) += A (m×k) · B (k×n) over strided views, one FMA chain per element in k order.</summary>
internal static unsafe class GemmDriver
{
    private const int MR = GemmKernel.Rows;

    /// <summary>Runs the product with the given blocking. Views must cover their shapes; sizes may be 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TS, TV>(in StridedMatrix a, in StridedMatrix b, in StridedMatrix c, int m, int n, int k, GemmPlan plan)
        where TS : struct, ISimdFloat<TV> where TV : struct
    {
        if (m == 0 || n == 0 || k == 0)
            return;
        int nr = GemmKernel.Vectors * TS.Count;
        int kcMax = Math.Min(plan.Kc, k), mcMax = Math.Min(plan.Mc, m), ncMax = Math.Min(plan.Nc, n);
        nint aPackSize = plan.PackA ? RoundUp(mcMax, MR) * kcMax : 0;
        nint bPackSize = plan.PackB ? kcMax * (nint)RoundUp(ncMax, nr) : 0;
        float* aPack = GemmScratch.Get(GemmScratch.Packing, aPackSize + bPackSize + kcMax * (MR + nr) + MR * nr);
        float* bPack = aPack + aPackSize;
        float* aEdge = bPack + bPackSize, bEdge = aEdge + kcMax * MR, tile = bEdge + kcMax * nr;
        bool bInPlace = !plan.PackB && b.ColumnStride == 1, cInPlace = c.ColumnStride == 1;

        for (int jc = 0; jc < n; jc += plan.Nc)
        {
            int nc = Math.Min(plan.Nc, n - jc);
            for (int pc = 0; pc < k; pc += plan.Kc)
            {
                int kc = Math.Min(plan.Kc, k - pc);
                if (plan.PackB)
                    GemmPacking.PackBBlock(b, pc, jc, kc, nc, nr, bPack);
                for (int ic = 0; ic < m; ic += plan.Mc)
                {
                    int mc = Math.Min(plan.Mc, m - ic), mFull = mc - mc % MR;
                    if (plan.PackA)
                        GemmPacking.PackABlock(a, ic, pc, mc, kc, aPack);
                    else if (mFull < mc)
                        GemmPacking.PackA(a, ic + mFull, pc, mc - mFull, kc, aEdge);
                    for (int jr = 0; jr < nc; jr += nr)
                    {
                        int cols = Math.Min(nr, nc - jr);
                        float* bp;
                        nint ldb;
                        if (plan.PackB)
                        {
                            bp = bPack + (nint)(jr / nr) * kc * nr;
                            ldb = nr;
                        }
                        else if (cols == nr && bInPlace)
                        {
                            bp = b.At(pc, jc + jr);
                            ldb = b.RowStride;
                        }
                        else
                        {
                            GemmPacking.PackB(b, pc, jc + jr, kc, cols, nr, bEdge);
                            bp = bEdge;
                            ldb = nr;
                        }
                        for (int ir = 0; ir < mc; ir += MR)
                        {
                            int rows = Math.Min(MR, mc - ir);
                            float* ap = aEdge;
                            nint aRow = 1, aCol = MR;
                            if (plan.PackA)
                                ap = aPack + (nint)(ir / MR) * kc * MR;
                            else if (rows == MR)
                            {
                                ap = a.At(ic + ir, pc);
                                aRow = a.RowStride;
                                aCol = a.ColumnStride;
                            }
                            if (rows == MR && cInPlace)
                            {
                                if (ir + 2 * MR <= mc)
                                    PrefetchTile(c.At(ic + ir + MR, jc + jr), c.RowStride, cols);
                                Tile<TS, TV>(ap, aRow, aCol, bp, ldb, c.At(ic + ir, jc + jr), c.RowStride, kc, cols);
                            }
                            else
                            {
                                // Short of rows, or C not row-major: through a dense MR × nr buffer.
                                GemmPacking.LoadTile(c, ic + ir, jc + jr, rows, cols, tile, nr);
                                Tile<TS, TV>(ap, aRow, aCol, bp, ldb, tile, nr, kc, cols);
                                GemmPacking.StoreTile(c, ic + ir, jc + jr, rows, cols, tile, nr);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>The full kernel, or its half-width twin when the columns fit in one vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Tile<TS, TV>(float* a, nint aRow, nint aCol, float* b, nint ldb, float* c, nint ldc, int kc, int cols)
        where TS : struct, ISimdFloat<TV> where TV : struct
    {
        if (cols <= TS.Count)
            GemmKernel.HalfTile<TS, TV>(a, aRow, aCol, b, ldb, c, ldc, kc, cols);
        else
            GemmKernel.Tile<TS, TV>(a, aRow, aCol, b, ldb, c, ldc, kc, cols);
    }

    /// <summary>
    /// Asks for the next C tile while this one computes: with a short K a tile's own loads of C would
    /// otherwise stall on a cache miss for a good part of its run.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchTile(float* c, nint ldc, int cols)
    {
        for (int r = 0; r < MR; r++, c += ldc)
            for (int j = 0; j < cols; j += 16)
                Sse.Prefetch0(c + j);
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;
}
