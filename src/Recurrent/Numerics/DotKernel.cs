// Dot products of one row of A with eight rows of B, vectorised along K: the kernel for C += A·Bᵀ when C has
// at most four rows (generation at batch 1). There each weight is used only a few times per call, so the
// FMA-chain kernels (vectorised along C's rows or columns) would either waste most lanes or need the weight
// matrix transposed first; reading W's rows as they lie, along K, is the only cheap way.
//
// Summation order (fixed by k and the vector width alone, never by alignment or threads): lane l of an
// accumulator chains the products p ≡ l (mod W) in increasing p, the last partial vector masked with zeros;
// the lanes are then summed in a fixed tree and the sum is added to C once.
using System.Runtime.CompilerServices;

namespace Recurrent.Numerics;

/// <summary>c[j] += Σ_p a[p]·b[j·ldb + p] for j &lt; rows ≤ 8, vectorised along p.</summary>
internal static unsafe class DotKernel
{
    /// <summary>Rows of B per call.</summary>
    public const int Rows = 8;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Row<TS, TV>(float* a, float* b, nint ldb, float* c, int k, int rows)
        where TS : struct, ISimdFloat<TV> where TV : struct
    {
        // Rows past the end read row 0 again (valid memory); their sums are dropped.
        float* b0 = b, b1 = rows > 1 ? b + ldb : b, b2 = rows > 2 ? b + 2 * ldb : b, b3 = rows > 3 ? b + 3 * ldb : b;
        float* b4 = rows > 4 ? b + 4 * ldb : b, b5 = rows > 5 ? b + 5 * ldb : b;
        float* b6 = rows > 6 ? b + 6 * ldb : b, b7 = rows > 7 ? b + 7 * ldb : b;
        TV s0 = default, s1 = default, s2 = default, s3 = default, s4 = default, s5 = default, s6 = default, s7 = default;
        int w = TS.Count, p = 0;
        for (; p + w <= k; p += w)
        {
            TV x = TS.Load(a + p);
            s0 = TS.MultiplyAdd(x, TS.Load(b0 + p), s0);
            s1 = TS.MultiplyAdd(x, TS.Load(b1 + p), s1);
            s2 = TS.MultiplyAdd(x, TS.Load(b2 + p), s2);
            s3 = TS.MultiplyAdd(x, TS.Load(b3 + p), s3);
            s4 = TS.MultiplyAdd(x, TS.Load(b4 + p), s4);
            s5 = TS.MultiplyAdd(x, TS.Load(b5 + p), s5);
            s6 = TS.MultiplyAdd(x, TS.Load(b6 + p), s6);
            s7 = TS.MultiplyAdd(x, TS.Load(b7 + p), s7);
        }
        if (p < k)
        {
            TV mask = TS.FirstLanes(k - p);
            TV x = TS.LoadMasked(a + p, mask);
            s0 = TS.MultiplyAdd(x, TS.LoadMasked(b0 + p, mask), s0);
            s1 = TS.MultiplyAdd(x, TS.LoadMasked(b1 + p, mask), s1);
            s2 = TS.MultiplyAdd(x, TS.LoadMasked(b2 + p, mask), s2);
            s3 = TS.MultiplyAdd(x, TS.LoadMasked(b3 + p, mask), s3);
            s4 = TS.MultiplyAdd(x, TS.LoadMasked(b4 + p, mask), s4);
            s5 = TS.MultiplyAdd(x, TS.LoadMasked(b5 + p, mask), s5);
            s6 = TS.MultiplyAdd(x, TS.LoadMasked(b6 + p, mask), s6);
            s7 = TS.MultiplyAdd(x, TS.LoadMasked(b7 + p, mask), s7);
        }
        c[0] += TS.Sum(s0);
        if (rows > 1) c[1] += TS.Sum(s1);
        if (rows > 2) c[2] += TS.Sum(s2);
        if (rows > 3) c[3] += TS.Sum(s3);
        if (rows > 4) c[4] += TS.Sum(s4);
        if (rows > 5) c[5] += TS.Sum(s5);
        if (rows > 6) c[6] += TS.Sum(s6);
        if (rows > 7) c[7] += TS.Sum(s7);
    }
}
