// One row of C updated by whole rows of B: c[j] = fma(a(p), b[p·ldb + j], c[j]) for p = 0 … k−1. Serves
// C += A·B and C += Aᵀ·B when C has at most four rows (batch-1 products), where the 8-row tiles would
// leave most of their FMAs idle. The order per element is GemmKernel's chain, so the results are the
// same bits the tiled paths give. Four k steps run per pass over the row, so C is loaded and stored once
// per four steps; the last columns go through lane masks.
using System.Runtime.CompilerServices;

namespace Recurrent.Numerics;

/// <summary>c (n) chain-accumulates Σ_p a[p·aStride] · b[p·ldb + ·] over p &lt; k.</summary>
internal static unsafe class RowKernel
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AddRow<TS, TV>(float* a, nint aStride, float* b, nint ldb, float* c, int n, int k)
        where TS : struct, ISimdFloat<TV> where TV : struct
    {
        int w = TS.Count, p = 0;
        for (; p + 4 <= k; p += 4, a += 4 * aStride, b += 4 * ldb)
        {
            TV x0 = TS.Broadcast(a[0]), x1 = TS.Broadcast(a[aStride]);
            TV x2 = TS.Broadcast(a[2 * aStride]), x3 = TS.Broadcast(a[3 * aStride]);
            float* b1 = b + ldb, b2 = b + 2 * ldb, b3 = b + 3 * ldb;
            int j = 0;
            for (; j + w <= n; j += w)
                TS.Store(c + j, Four<TS, TV>(TS.Load(c + j), x0, TS.Load(b + j), x1, TS.Load(b1 + j),
                    x2, TS.Load(b2 + j), x3, TS.Load(b3 + j)));
            if (j < n)
            {
                TV mask = TS.FirstLanes(n - j);
                TS.StoreMasked(c + j, mask, Four<TS, TV>(TS.LoadMasked(c + j, mask), x0, TS.LoadMasked(b + j, mask),
                    x1, TS.LoadMasked(b1 + j, mask), x2, TS.LoadMasked(b2 + j, mask), x3, TS.LoadMasked(b3 + j, mask)));
            }
        }
        for (; p < k; p++, a += aStride, b += ldb)
        {
            TV x = TS.Broadcast(a[0]);
            int j = 0;
            for (; j + w <= n; j += w)
                TS.Store(c + j, TS.MultiplyAdd(x, TS.Load(b + j), TS.Load(c + j)));
            if (j < n)
            {
                TV mask = TS.FirstLanes(n - j);
                TS.StoreMasked(c + j, mask, TS.MultiplyAdd(x, TS.LoadMasked(b + j, mask), TS.LoadMasked(c + j, mask)));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Four<TS, TV>(TV c, TV x0, TV b0, TV x1, TV b1, TV x2, TV b2, TV x3, TV b3)
        where TS : struct, ISimdFloat<TV> where TV : struct =>
        TS.MultiplyAdd(x3, b3, TS.MultiplyAdd(x2, b2, TS.MultiplyAdd(x1, b1, TS.MultiplyAdd(x0, b0, c))));
}
