// Copies of operand blocks into the layouts the micro-kernel streams: A as kc×MR panels (MR values of one
// k step side by side), B as kc×NR panels (one row of NR values per k step), zero-padded past the matrix
// edge. Padding only ever meets C entries that are thrown away, so it cannot change a kept result.
// Also moves C tiles that cannot be updated in place (edges, transposed C) through a small dense buffer.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recurrent.Numerics;

/// <summary>Packing and tile copies for the float GEMM (all need AVX).</summary>
internal static unsafe class GemmPacking
{
    private const int MR = GemmKernel.Rows;

    /// <summary>panel[p·MR + r] = src(row0 + r, col0 + p) for r &lt; rows, p &lt; kc; zero for rows ≤ r &lt; MR.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA(in StridedMatrix src, nint row0, nint col0, int rows, int kc, float* panel)
    {
        float* s = src.At(row0, col0);
        nint rs = src.RowStride, cs = src.ColumnStride;
        int p = 0;
        if (rows == MR && rs == 1)
        {
            for (; p < kc; p++, s += cs)
                Avx.Store(panel + p * MR, Avx.LoadVector256(s));
            return;
        }
        if (rows == MR && cs == 1)
            for (; p + 8 <= kc; p += 8)
                Transpose8x8.Copy(s + p, rs, panel + p * MR, MR);
        for (; p < kc; p++)
        {
            float* d = panel + p * MR;
            for (int r = 0; r < rows; r++)
                d[r] = s[r * rs + p * cs];
            for (int r = rows; r < MR; r++)
                d[r] = 0;
        }
    }

    /// <summary>Packs rows [0, rows) of src into consecutive panels of MR rows (the last one zero-padded).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackABlock(in StridedMatrix src, nint row0, nint col0, int rows, int kc, float* panels)
    {
        int r = 0;
        if (src.RowStride == 1 && rows >= MR)
        {
            // A seen transposed (Aᵀ·B: the gate gradients of T·B rows for dW): the block's rows lie side by side in
            // each line of memory. Read one line at a time, all its full panels at once, instead of panel by panel,
            // which revisits each line once per panel kc lines later and touches a new page at every step.
            int full = rows / MR * MR;
            float* s = src.At(row0, col0);
            nint cs = src.ColumnStride, panelSize = (nint)kc * MR;
            for (int p = 0; p < kc; p++, s += cs)
            {
                float* d = panels + p * MR;
                for (int q = 0; q < full; q += MR, d += panelSize)
                    Avx.Store(d, Avx.LoadVector256(s + q));
            }
            r = full;
            panels += (nint)full * kc;
        }
        for (; r < rows; r += MR, panels += kc * MR)
            PackA(src, row0 + r, col0, Math.Min(MR, rows - r), kc, panels);
    }

    /// <summary>panel[p·nr + j] = src(row0 + p, col0 + j) for p &lt; kc, j &lt; cols; zero for cols ≤ j &lt; nr.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(in StridedMatrix src, nint row0, nint col0, int kc, int cols, int nr, float* panel)
    {
        float* s = src.At(row0, col0);
        nint rs = src.RowStride, cs = src.ColumnStride;
        if (cols == nr && cs == 1)
        {
            for (int p = 0; p < kc; p++, s += rs)
                for (int j = 0; j < nr; j += 8)
                    Avx.Store(panel + p * nr + j, Avx.LoadVector256(s + j));
            return;
        }
        int j0 = 0;
        if (rs == 1)
        {
            // Columns of src are contiguous along p: transpose 8×8 blocks of (column, p).
            int fullP = kc & ~7;
            for (; j0 + 8 <= cols; j0 += 8)
            {
                for (int p = 0; p < fullP; p += 8)
                    Transpose8x8.Copy(s + j0 * cs + p, cs, panel + p * nr + j0, nr);
                for (int p = fullP; p < kc; p++)
                    for (int j = j0; j < j0 + 8; j++)
                        panel[p * nr + j] = s[j * cs + p];
            }
        }
        for (int p = 0; p < kc; p++)
        {
            float* d = panel + p * nr;
            for (int j = j0; j < cols; j++)
                d[j] = s[p * rs + j * cs];
            for (int j = cols; j < nr; j++)
                d[j] = 0;
        }
    }

    /// <summary>Packs columns [0, cols) of src into consecutive panels of nr columns (the last one zero-padded).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackBBlock(in StridedMatrix src, nint row0, nint col0, int kc, int cols, int nr, float* panels)
    {
        for (int j = 0; j < cols; j += nr, panels += kc * nr)
            PackB(src, row0, col0 + j, kc, Math.Min(nr, cols - j), nr, panels);
    }

    /// <summary>
    /// destination[c·destinationStride + r] = source[r·sourceStride + c] for r &lt; rows, c &lt; cols. Walks eight
    /// source rows at a time so that each source line is used whole before it can be evicted.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Transpose(float* source, nint sourceStride, float* destination, nint destinationStride, int rows, int cols)
    {
        int fullRows = rows & ~7, fullCols = cols & ~7;
        for (int r = 0; r < fullRows; r += 8)
        {
            for (int c = 0; c < fullCols; c += 8)
                Transpose8x8.Copy(source + r * sourceStride + c, sourceStride, destination + c * destinationStride + r, destinationStride);
            for (int q = r; q < r + 8; q++)
                for (int c = fullCols; c < cols; c++)
                    destination[c * destinationStride + q] = source[q * sourceStride + c];
        }
        for (int r = fullRows; r < rows; r++)
            for (int c = 0; c < cols; c++)
                destination[c * destinationStride + r] = source[r * sourceStride + c];
    }

    /// <summary>tile[r·nr + j] = c(row0 + r, col0 + j) inside rows × cols, zero elsewhere in MR × nr.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LoadTile(in StridedMatrix c, nint row0, nint col0, int rows, int cols, float* tile, int nr)
    {
        float* s = c.At(row0, col0);
        nint rs = c.RowStride, cs = c.ColumnStride;
        int j0 = 0;
        if (rows == MR && rs == 1)
            for (; j0 + 8 <= cols; j0 += 8)
                Transpose8x8.Copy(s + j0 * cs, cs, tile + j0, nr);
        for (int r = 0; r < MR; r++)
        {
            float* d = tile + r * nr;
            for (int j = j0; j < nr; j++)
                d[j] = r < rows && j < cols ? s[r * rs + j * cs] : 0;
        }
    }

    /// <summary>c(row0 + r, col0 + j) = tile[r·nr + j] for r &lt; rows, j &lt; cols.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void StoreTile(in StridedMatrix c, nint row0, nint col0, int rows, int cols, float* tile, int nr)
    {
        float* d = c.At(row0, col0);
        nint rs = c.RowStride, cs = c.ColumnStride;
        int j0 = 0;
        if (rows == MR && rs == 1)
            for (; j0 + 8 <= cols; j0 += 8)
                Transpose8x8.Copy(tile + j0, nr, d + j0 * cs, cs);
        for (int r = 0; r < rows; r++)
            for (int j = j0; j < cols; j++)
                d[r * rs + j * cs] = tile[r * nr + j];
    }
}
