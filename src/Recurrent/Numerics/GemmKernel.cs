// The register-blocked micro-kernel of the float GEMM: an 8-row by 2-vector tile of C (8×32 floats with
// 512-bit vectors, 8×16 with 256-bit ones) held in 16 accumulators while K streams through.
// Per k step it loads two vectors of a B row, broadcasts eight A values and issues sixteen FMAs.
// A half-width twin (8 rows × 1 vector) serves column edges no wider than one vector, so that an odd
// last column (V = 65 = 64 + 1) costs half a tile instead of a whole one. A tile narrower than its width
// reads and writes C through lane masks (outside the K loop), never past the last column.
//
// Summation order (the contract every caller relies on): each C element is updated as the chain
//   c = fma(a(i,p), b(p,j), c)  for p = 0, 1, …, kc−1,
// starting from C's own value. Splitting K into blocks therefore continues the same chain through memory,
// and neither tiling, packing, alignment nor a split of the output over threads can change a result.
using System.Runtime.CompilerServices;

namespace Recurrent.Numerics;

/// <summary>C tile (8 × 2·W) chain-accumulates A (8 × kc, any strides) times B (kc × 2·W, rows contiguous).</summary>
internal static unsafe class GemmKernel
{
    /// <summary>Rows of C per tile (MR).</summary>
    public const int Rows = 8;

    /// <summary>Vectors of C per tile row; NR = Vectors · lanes.</summary>
    public const int Vectors = 2;

    /// <summary>
    /// For r &lt; 8, j &lt; min(cols, 2W): c[r·ldc + j] = chain over p &lt; kc of fma(a[r·aRow + p·aCol], b[p·ldb + j], ·).
    /// Packed A panels have aRow = 1, aCol = 8; A read in place has its own strides. B is read 2W wide whatever
    /// cols is (pad it); C is touched only in its first cols columns.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Tile<TS, TV>(float* a, nint aRow, nint aCol, float* b, nint ldb, float* c, nint ldc, int kc, int cols)
        where TS : struct, ISimdFloat<TV> where TV : struct
    {
        nint w = TS.Count;
        bool masked = cols < 2 * w;
        TV m0 = TS.FirstLanes(cols), m1 = TS.FirstLanes(cols - (int)w);
        float* c4 = c + 4 * ldc;
        nint l2 = 2 * ldc, l3 = 3 * ldc;
        TV c00 = Load<TS, TV>(c, masked, m0), c01 = Load<TS, TV>(c + w, masked, m1);
        TV c10 = Load<TS, TV>(c + ldc, masked, m0), c11 = Load<TS, TV>(c + ldc + w, masked, m1);
        TV c20 = Load<TS, TV>(c + l2, masked, m0), c21 = Load<TS, TV>(c + l2 + w, masked, m1);
        TV c30 = Load<TS, TV>(c + l3, masked, m0), c31 = Load<TS, TV>(c + l3 + w, masked, m1);
        TV c40 = Load<TS, TV>(c4, masked, m0), c41 = Load<TS, TV>(c4 + w, masked, m1);
        TV c50 = Load<TS, TV>(c4 + ldc, masked, m0), c51 = Load<TS, TV>(c4 + ldc + w, masked, m1);
        TV c60 = Load<TS, TV>(c4 + l2, masked, m0), c61 = Load<TS, TV>(c4 + l2 + w, masked, m1);
        TV c70 = Load<TS, TV>(c4 + l3, masked, m0), c71 = Load<TS, TV>(c4 + l3 + w, masked, m1);

        float* a4 = a + 4 * aRow;
        nint r2 = 2 * aRow, r3 = 3 * aRow;
        for (int p = kc; p > 0; p--)
        {
            TV b0 = TS.Load(b), b1 = TS.Load(b + w);
            TV x = TS.Broadcast(a[0]);
            c00 = TS.MultiplyAdd(x, b0, c00); c01 = TS.MultiplyAdd(x, b1, c01);
            x = TS.Broadcast(a[aRow]);
            c10 = TS.MultiplyAdd(x, b0, c10); c11 = TS.MultiplyAdd(x, b1, c11);
            x = TS.Broadcast(a[r2]);
            c20 = TS.MultiplyAdd(x, b0, c20); c21 = TS.MultiplyAdd(x, b1, c21);
            x = TS.Broadcast(a[r3]);
            c30 = TS.MultiplyAdd(x, b0, c30); c31 = TS.MultiplyAdd(x, b1, c31);
            x = TS.Broadcast(a4[0]);
            c40 = TS.MultiplyAdd(x, b0, c40); c41 = TS.MultiplyAdd(x, b1, c41);
            x = TS.Broadcast(a4[aRow]);
            c50 = TS.MultiplyAdd(x, b0, c50); c51 = TS.MultiplyAdd(x, b1, c51);
            x = TS.Broadcast(a4[r2]);
            c60 = TS.MultiplyAdd(x, b0, c60); c61 = TS.MultiplyAdd(x, b1, c61);
            x = TS.Broadcast(a4[r3]);
            c70 = TS.MultiplyAdd(x, b0, c70); c71 = TS.MultiplyAdd(x, b1, c71);
            a += aCol;
            a4 += aCol;
            b += ldb;
        }

        Store<TS, TV>(c, c00, masked, m0); Store<TS, TV>(c + w, c01, masked, m1);
        Store<TS, TV>(c + ldc, c10, masked, m0); Store<TS, TV>(c + ldc + w, c11, masked, m1);
        Store<TS, TV>(c + l2, c20, masked, m0); Store<TS, TV>(c + l2 + w, c21, masked, m1);
        Store<TS, TV>(c + l3, c30, masked, m0); Store<TS, TV>(c + l3 + w, c31, masked, m1);
        Store<TS, TV>(c4, c40, masked, m0); Store<TS, TV>(c4 + w, c41, masked, m1);
        Store<TS, TV>(c4 + ldc, c50, masked, m0); Store<TS, TV>(c4 + ldc + w, c51, masked, m1);
        Store<TS, TV>(c4 + l2, c60, masked, m0); Store<TS, TV>(c4 + l2 + w, c61, masked, m1);
        Store<TS, TV>(c4 + l3, c70, masked, m0); Store<TS, TV>(c4 + l3 + w, c71, masked, m1);
    }

    /// <summary>As <see cref="Tile"/> for at most W columns (cols ≤ W): one vector per row, 8 accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void HalfTile<TS, TV>(float* a, nint aRow, nint aCol, float* b, nint ldb, float* c, nint ldc, int kc, int cols)
        where TS : struct, ISimdFloat<TV> where TV : struct
    {
        bool masked = cols < TS.Count;
        TV m0 = TS.FirstLanes(cols);
        float* c4 = c + 4 * ldc;
        nint l2 = 2 * ldc, l3 = 3 * ldc;
        TV c0 = Load<TS, TV>(c, masked, m0), c1 = Load<TS, TV>(c + ldc, masked, m0);
        TV c2 = Load<TS, TV>(c + l2, masked, m0), c3 = Load<TS, TV>(c + l3, masked, m0);
        TV c4v = Load<TS, TV>(c4, masked, m0), c5 = Load<TS, TV>(c4 + ldc, masked, m0);
        TV c6 = Load<TS, TV>(c4 + l2, masked, m0), c7 = Load<TS, TV>(c4 + l3, masked, m0);

        float* a4 = a + 4 * aRow;
        nint r2 = 2 * aRow, r3 = 3 * aRow;
        for (int p = kc; p > 0; p--)
        {
            TV b0 = TS.Load(b);
            c0 = TS.MultiplyAdd(TS.Broadcast(a[0]), b0, c0);
            c1 = TS.MultiplyAdd(TS.Broadcast(a[aRow]), b0, c1);
            c2 = TS.MultiplyAdd(TS.Broadcast(a[r2]), b0, c2);
            c3 = TS.MultiplyAdd(TS.Broadcast(a[r3]), b0, c3);
            c4v = TS.MultiplyAdd(TS.Broadcast(a4[0]), b0, c4v);
            c5 = TS.MultiplyAdd(TS.Broadcast(a4[aRow]), b0, c5);
            c6 = TS.MultiplyAdd(TS.Broadcast(a4[r2]), b0, c6);
            c7 = TS.MultiplyAdd(TS.Broadcast(a4[r3]), b0, c7);
            a += aCol;
            a4 += aCol;
            b += ldb;
        }

        Store<TS, TV>(c, c0, masked, m0); Store<TS, TV>(c + ldc, c1, masked, m0);
        Store<TS, TV>(c + l2, c2, masked, m0); Store<TS, TV>(c + l3, c3, masked, m0);
        Store<TS, TV>(c4, c4v, masked, m0); Store<TS, TV>(c4 + ldc, c5, masked, m0);
        Store<TS, TV>(c4 + l2, c6, masked, m0); Store<TS, TV>(c4 + l3, c7, masked, m0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Load<TS, TV>(float* source, bool masked, TV mask)
        where TS : struct, ISimdFloat<TV> where TV : struct =>
        masked ? TS.LoadMasked(source, mask) : TS.Load(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store<TS, TV>(float* destination, TV value, bool masked, TV mask)
        where TS : struct, ISimdFloat<TV> where TV : struct
    {
        if (masked)
            TS.StoreMasked(destination, mask, value);
        else
            TS.Store(destination, value);
    }
}
