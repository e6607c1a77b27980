// The kernel behind PackedWeight: c += W·a for one row a, with W packed in panels of 64 of its rows laid out
// k-major (for each p, the 64 values W[j0 .. j0+63, p] side by side). At batch 1 a weight is used once per step,
// so the step is a stream through memory; read this way the stream is one contiguous run (row-major W read
// eight rows at a time is eight runs at once, ~1.7x slower from L3 on Zen 4, docs/kernels.md).
//
// Summation order: each c_j is the chain c_j = fma(a_p, W[j, p], c_j) for p = 0, 1, …, k−1 from its own value,
// the same chain as GemmKernel, so a product through packed weights gives the same bits as the batched products.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recurrent.Numerics;

/// <summary>c[j] chain-accumulates Σ_p a[p]·W[j, p] over one k-major panel, 8 floats per vector (AVX2 + FMA).</summary>
internal static unsafe class PanelKernel
{
    /// <summary>Rows of W per full panel: eight 256-bit accumulators.</summary>
    public const int Width = 64;

    /// <summary>Lanes per vector; a narrower last panel is a multiple of this.</summary>
    public const int Lanes = 8;

    /// <summary>c[0..64) chain += panel (k × 64, row p = W[j0 + r, p]) times a (k).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Full(float* a, float* panel, float* c, int k)
    {
        Vector256<float> c0 = Simd256.Load(c), c1 = Simd256.Load(c + 8), c2 = Simd256.Load(c + 16), c3 = Simd256.Load(c + 24);
        Vector256<float> c4 = Simd256.Load(c + 32), c5 = Simd256.Load(c + 40), c6 = Simd256.Load(c + 48), c7 = Simd256.Load(c + 56);
        for (int p = 0; p < k; p++, panel += Width)
        {
            Vector256<float> x = Simd256.Broadcast(a[p]);
            c0 = Simd256.MultiplyAdd(x, Simd256.Load(panel), c0);
            c1 = Simd256.MultiplyAdd(x, Simd256.Load(panel + 8), c1);
            c2 = Simd256.MultiplyAdd(x, Simd256.Load(panel + 16), c2);
            c3 = Simd256.MultiplyAdd(x, Simd256.Load(panel + 24), c3);
            c4 = Simd256.MultiplyAdd(x, Simd256.Load(panel + 32), c4);
            c5 = Simd256.MultiplyAdd(x, Simd256.Load(panel + 40), c5);
            c6 = Simd256.MultiplyAdd(x, Simd256.Load(panel + 48), c6);
            c7 = Simd256.MultiplyAdd(x, Simd256.Load(panel + 56), c7);
        }
        Simd256.Store(c, c0); Simd256.Store(c + 8, c1); Simd256.Store(c + 16, c2); Simd256.Store(c + 24, c3);
        Simd256.Store(c + 32, c4); Simd256.Store(c + 40, c5); Simd256.Store(c + 48, c6); Simd256.Store(c + 56, c7);
    }

    /// <summary>
    /// The last panel, narrower than 64: its width is a multiple of 8 (zero rows pad it), rows of C past
    /// <paramref name="rows"/> are neither read nor written. One vector at a time: a chain per vector, latency-bound,
    /// but only the remainder of a weight runs here.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Narrow(float* a, float* panel, int width, float* c, int rows, int k)
    {
        for (int v = 0; v * Lanes < rows; v++)
        {
            Vector256<float> mask = Simd256.FirstLanes(rows - v * Lanes);
            Vector256<float> acc = Simd256.LoadMasked(c + v * Lanes, mask);
            float* column = panel + v * Lanes;
            for (int p = 0; p < k; p++, column += width)
                acc = Simd256.MultiplyAdd(Simd256.Broadcast(a[p]), Simd256.Load(column), acc);
            Simd256.StoreMasked(c + v * Lanes, mask, acc);
        }
    }
}
