// QuantizedKernel: the integer path of C += A · Wᵀ with W a QuantizedWeight (8-bit weights, more than 4 rows, where the
// CPU has AVX-VNNI); WidenedKernel holds the other path (float activations, integers widened in registers). Each row of A
// is quantized on the fly to unsigned bytes, u = round(a / s_a) + 128 with s_a = max|a| / 127 (so u in [1, 255]), as
// PyTorch's dynamic quantization quantizes activations per batch; vpdpbusd then sums four u·q products per int32 lane:
// 32 multiply-adds per instruction where a 512-bit FMA does 16. The sums are exact integers, so the order of the
// additions does not matter; then c[i, j] = fma((float)(Σ u·q − 128 · Σ q), s_a · s[j], c[i, j]). vpdpbusd adds in
// 32 bits without the 16-bit intermediate of vpmaddubsw (whose pairs would saturate at 2·255·127 = 64,770 > 32,767), so
// nothing saturates, and |Σ| ≤ K · 255 · 127 < 2^31 for K ≤ 66,311 (wider weights take the widened path).
// Deterministic: a row's result never depends on the other rows' values, the blocking or the threads (but a product of at
// most 4 rows takes the widened path, with exact activations, so its rows' bits differ from the same rows here).
// ReferenceQuantized.AddABtIntegers is the scalar twin, with the same bits.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recurrent.Numerics;

/// <summary>SIMD kernels of the products with a <see cref="QuantizedWeight"/>.</summary>
internal static unsafe class QuantizedKernel
{
    /// <summary>The widest K the integer path sums without overflow: K · 255 · 127 &lt; 2^31.</summary>
    internal const int IntegerMaxColumns = 66_000;

    /// <summary>Rows of A per pass of the integer path (each pass reads all of W once).</summary>
    internal const int IntegerRows = 4;

    /// <summary>The zero point of the unsigned activations.</summary>
    internal const int ZeroPoint = 128;

    /// <summary>Whether products with this many rows of A take the integer path on this machine.</summary>
    internal static bool UsesIntegers(QuantizedWeight w, int rows) =>
        rows > FloatGemm.DotRows && w.Bits == 8 && w.Columns <= IntegerMaxColumns && AvxVnni.IsSupported;

    /// <summary>
    /// Row i of A quantized for the integer path: u[p] = clamp(round(a[p] · (127 / m)), ±127) + 128 (p &lt; K; 128 after),
    /// m = max|a|; returns s = m / 127. ReferenceQuantized.QuantizeRow is its scalar twin.
    /// </summary>
    internal static float QuantizeRow(float* a, int columns, byte* u, int paddedColumns)
    {
        // The largest magnitude, NaN when a value is NaN: the same value however the search runs.
        float largest = columns == 0 ? 0 : MathF.Abs(System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(new ReadOnlySpan<float>(a, columns)));
        float inverse = 127 / largest;
        if (!float.IsFinite(largest) || !float.IsFinite(inverse))
        {
            // A row of zeros, or of values so small that 127 / max overflows (s_a ≈ 1e-39: their products are zeros too),
            // is all 128s with scale 0; a row with NaN or infinity makes its outputs NaN (a float product would give NaN
            // for NaN, and ±∞ or NaN for infinity).
            new Span<byte>(u, paddedColumns).Fill(ZeroPoint);
            return float.IsFinite(largest) ? 0 : float.NaN;
        }
        int done = 0;
        if (Avx512F.IsSupported)
        {
            // cvtps2dq rounds to nearest even, as MathF.Round does; vpmovdb keeps the low byte of each value + 128.
            Vector512<float> scale = Vector512.Create(inverse);
            Vector512<int> low = Vector512.Create(-127), high = Vector512.Create(127), zero = Vector512.Create(ZeroPoint);
            for (; done + 16 <= columns; done += 16)
            {
                Vector512<int> q = Avx512F.ConvertToVector512Int32(Vector512.Load(a + done) * scale);
                Avx512F.ConvertToVector128Byte(Vector512.Min(Vector512.Max(q, low), high) + zero).Store(u + done);
            }
        }
        for (int p = done; p < columns; p++)
            u[p] = (byte)(Math.Clamp((int)MathF.Round(a[p] * inverse), -127, 127) + ZeroPoint);
        for (int p = columns; p < paddedColumns; p++)
            u[p] = ZeroPoint;
        return largest / 127;
    }

    /// <summary>
    /// The integer path for four quantized rows u (4 × paddedK bytes) with scales sa, over all of W: c[i, j] for
    /// i &lt; <paramref name="rows"/>, three blocks (24 outputs) per pass.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void IntegerRows4(byte* u, int paddedColumns, float* sa, QuantizedWeight w, float* c, int ldc, int rows)
    {
        int groups = w.Groups;
        byte* u0 = u, u1 = u + paddedColumns, u2 = u + 2 * paddedColumns, u3 = u + 3 * paddedColumns;
        long blockBytes = (long)groups * 32;
        for (int b = 0; b < w.Blocks; b += PassBlocks)
        {
            // A last pass with fewer blocks reads block b again in their place and drops those sums.
            int blocks = Math.Min(PassBlocks, w.Blocks - b);
            byte* d0 = w.Data + b * blockBytes, d1 = blocks > 1 ? d0 + blockBytes : d0, d2 = blocks > 2 ? d0 + 2 * blockBytes : d0;
            Vector256<int> s00 = default, s01 = default, s02 = default, s10 = default, s11 = default, s12 = default;
            Vector256<int> s20 = default, s21 = default, s22 = default, s30 = default, s31 = default, s32 = default;
            for (int g = 0; g < groups; g++)
            {
                Vector256<sbyte> w0 = Vector256.Load((sbyte*)d0 + 32 * g), w1 = Vector256.Load((sbyte*)d1 + 32 * g);
                Vector256<sbyte> w2 = Vector256.Load((sbyte*)d2 + 32 * g);
                Vector256<byte> x = Vector256.Create(*(int*)(u0 + 4 * g)).AsByte();
                s00 = AvxVnni.MultiplyWideningAndAdd(s00, x, w0);
                s01 = AvxVnni.MultiplyWideningAndAdd(s01, x, w1);
                s02 = AvxVnni.MultiplyWideningAndAdd(s02, x, w2);
                x = Vector256.Create(*(int*)(u1 + 4 * g)).AsByte();
                s10 = AvxVnni.MultiplyWideningAndAdd(s10, x, w0);
                s11 = AvxVnni.MultiplyWideningAndAdd(s11, x, w1);
                s12 = AvxVnni.MultiplyWideningAndAdd(s12, x, w2);
                x = Vector256.Create(*(int*)(u2 + 4 * g)).AsByte();
                s20 = AvxVnni.MultiplyWideningAndAdd(s20, x, w0);
                s21 = AvxVnni.MultiplyWideningAndAdd(s21, x, w1);
                s22 = AvxVnni.MultiplyWideningAndAdd(s22, x, w2);
                x = Vector256.Create(*(int*)(u3 + 4 * g)).AsByte();
                s30 = AvxVnni.MultiplyWideningAndAdd(s30, x, w0);
                s31 = AvxVnni.MultiplyWideningAndAdd(s31, x, w1);
                s32 = AvxVnni.MultiplyWideningAndAdd(s32, x, w2);
            }
            // What the four rows share, loaded once: each block's 128·Σq and scales.
            fixed (int* rowSums = w.RowSums)
            fixed (float* scales = w.PaddedScales)
            {
                int j0 = b * QuantizedWeight.BlockRows;
                Vector256<int> z0 = Vector256.Load(rowSums + j0) * ZeroPoint;
                Vector256<int> z1 = blocks > 1 ? Vector256.Load(rowSums + j0 + 8) * ZeroPoint : z0;
                Vector256<int> z2 = blocks > 2 ? Vector256.Load(rowSums + j0 + 16) * ZeroPoint : z0;
                Vector256<float> k0 = Vector256.Load(scales + j0);
                Vector256<float> k1 = blocks > 1 ? Vector256.Load(scales + j0 + 8) : k0;
                Vector256<float> k2 = blocks > 2 ? Vector256.Load(scales + j0 + 16) : k0;
                int valid = w.Rows - j0; // outputs of this pass that exist
                FinishRow(s00 - z0, s01 - z1, s02 - z2, sa[0], k0, k1, k2, blocks, valid, c + j0);
                if (rows > 1) FinishRow(s10 - z0, s11 - z1, s12 - z2, sa[1], k0, k1, k2, blocks, valid, c + ldc + j0);
                if (rows > 2) FinishRow(s20 - z0, s21 - z1, s22 - z2, sa[2], k0, k1, k2, blocks, valid, c + 2 * ldc + j0);
                if (rows > 3) FinishRow(s30 - z0, s31 - z1, s32 - z2, sa[3], k0, k1, k2, blocks, valid, c + 3 * ldc + j0);
            }
        }
    }

    /// <summary>Blocks per pass of the integer path: 4 rows × 3 blocks = 12 accumulators, of the 16 registers VEX reaches.</summary>
    private const int PassBlocks = 3;

    /// <summary>c[j] = fma((float)d[j], s_a · s[j], c[j]) for one row's (up to) three blocks of differences d = Σ − 128·Σq.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FinishRow(Vector256<int> d0, Vector256<int> d1, Vector256<int> d2, float sa,
        Vector256<float> k0, Vector256<float> k1, Vector256<float> k2, int blocks, int valid, float* c)
    {
        Vector256<float> a = Vector256.Create(sa);
        if (valid >= PassBlocks * QuantizedWeight.BlockRows)
        {
            Fma.MultiplyAdd(Avx.ConvertToVector256Single(d0), a * k0, Vector256.Load(c)).Store(c);
            Fma.MultiplyAdd(Avx.ConvertToVector256Single(d1), a * k1, Vector256.Load(c + 8)).Store(c + 8);
            Fma.MultiplyAdd(Avx.ConvertToVector256Single(d2), a * k2, Vector256.Load(c + 16)).Store(c + 16);
            return;
        }
        FinishPartial(d0, a * k0, Math.Min(valid, 8), c);
        if (blocks > 1) FinishPartial(d1, a * k1, Math.Min(valid - 8, 8), c + 8);
        if (blocks > 2) FinishPartial(d2, a * k2, Math.Min(valid - 16, 8), c + 16);
    }

    private static void FinishPartial(Vector256<int> difference, Vector256<float> step, int rows, float* c)
    {
        for (int r = 0; r < rows; r++)
            c[r] = MathF.FusedMultiplyAdd(difference[r], step[r], c[r]);
    }
}
