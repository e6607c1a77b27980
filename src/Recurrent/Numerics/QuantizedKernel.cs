// The products C += A · Wᵀ with W a QuantizedWeight, two ways:
// - Widened (any rows; what batch-1 generation and 16-bit weights run): the float activations times the integers
//   widened to float in registers, accumulated in float. Per output row j and column phase q (p mod 4), a chain of
//   FMAs over the column groups in increasing order; then sum = (q0 + q1) + (q2 + q3) and c[i, j] = fma(sum, s[j], c).
//   At batch 1 each weight is read once per step, so the step is a stream through memory: a quarter (8 bits) or half
//   (16 bits) of float32's bytes.
// - Integer (8-bit weights, more than 4 rows, where the CPU has AVX-VNNI): each row of A quantized on the fly to
//   unsigned bytes, u = round(a / s_a) + 128 with s_a = max|a| / 127 (so u in [1, 255]), and vpdpbusd sums four
//   u·q products per int32 lane: 32 multiply-adds per instruction where an FMA does 8 (16 at 512 bits). The sums
//   are exact integers, so the order of the additions does not matter; then
//   c[i, j] = fma((float)(Σ u·q − 128 · Σ q), s_a · s[j], c). vpdpbusd adds in 32 bits without the 16-bit
//   intermediate of vpmaddubsw, so nothing saturates: |Σ| ≤ K · 255 · 127 < 2^31 for K ≤ 66,311 (wider weights take
//   the widened path).
// Both are deterministic: a row's result does not depend on the other rows, the blocking or the thread count.
// QuantizedReference holds their scalar twins, which give the same bits.
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

    /// <summary>Whether the widened path has a vector kernel here (else it runs the scalar twin, which gives the same bits).</summary>
    internal static bool WidensInVectors => Avx512F.IsSupported || (Avx2.IsSupported && Fma.IsSupported);

    /// <summary>Row i of A quantized for the integer path: u[p] = round(a[p] / s) + 128 (p &lt; K; 128 after), s = max|a| / 127.</summary>
    internal static float QuantizeRow(float* a, int columns, byte* u, int paddedColumns)
    {
        float largest = 0;
        for (int p = 0; p < columns; p++)
            largest = MathF.Max(largest, MathF.Abs(a[p]));
        if (largest == 0 || !float.IsFinite(largest))
        {
            // A row of zeros, or one that NaN or infinity poisons: its products are NaN, as a float product's would be.
            new Span<byte>(u, paddedColumns).Fill(ZeroPoint);
            return largest == 0 ? 0 : float.NaN;
        }
        float inverse = 127 / largest;
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
    /// The widened path for one row a (K) and the weight's row blocks [blockStart, blockEnd): c[j] += s[j] · Σ_p a[p]·Q[j, p].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void WidenedRow(float* a, QuantizedWeight w, float* c, int blockStart, int blockEnd)
    {
        int k = w.Columns, full = k / QuantizedWeight.GroupColumns;
        // The last, partial group of a: its columns past K read as zeros (the weight's padding is zero too).
        float* tail = stackalloc float[QuantizedWeight.GroupColumns];
        for (int q = 0; q < QuantizedWeight.GroupColumns; q++)
            tail[q] = full * QuantizedWeight.GroupColumns + q < k ? a[full * QuantizedWeight.GroupColumns + q] : 0;
        float* lanes = stackalloc float[Four * 32];
        int b = blockStart;
        for (; b + Four <= blockEnd; b += Four)
        {
            if (Avx512F.IsSupported)
                Widened512(a, tail, w, b, Four, lanes);
            else
                Widened256(a, tail, w, b, Four, lanes);
            Finish(lanes, w, b, Four, c);
        }
        for (; b < blockEnd; b++)
        {
            if (Avx512F.IsSupported)
                Widened512(a, tail, w, b, 1, lanes);
            else
                Widened256(a, tail, w, b, 1, lanes);
            Finish(lanes, w, b, 1, c);
        }
    }

    /// <summary>
    /// The widened path for up to four rows of A (lda apart) over all of W: each block's integers widened once and used by
    /// every row, at 512 bits (else row by row). Each row's result is <see cref="WidenedRow"/>'s, bit for bit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void WidenedRows4(float* a, int lda, int rows, QuantizedWeight w, float* c, int ldc)
    {
        if (!Avx512F.IsSupported)
        {
            for (int i = 0; i < rows; i++)
                WidenedRow(a + (nint)i * lda, w, c + (nint)i * ldc, 0, w.Blocks);
            return;
        }
        int k = w.Columns, groups = w.Groups, full = k / QuantizedWeight.GroupColumns;
        // Each row's last, partial group with its columns past K as zeros; rows past `rows` read row 0 (their sums are dropped).
        float* tails = stackalloc float[4 * QuantizedWeight.GroupColumns];
        float* a0 = a, a1 = rows > 1 ? a + lda : a, a2 = rows > 2 ? a + 2 * lda : a, a3 = rows > 3 ? a + 3 * lda : a;
        for (int i = 0; i < 4; i++)
        {
            float* row = i == 0 ? a0 : i == 1 ? a1 : i == 2 ? a2 : a3;
            for (int q = 0; q < QuantizedWeight.GroupColumns; q++)
                tails[4 * i + q] = full * QuantizedWeight.GroupColumns + q < k ? row[full * QuantizedWeight.GroupColumns + q] : 0;
        }
        bool wide = w.Bits == 16;
        long blockBytes = (long)groups * 32 * (wide ? 2 : 1), groupBytes = wide ? 64 : 32;
        float* lanes = stackalloc float[4 * 32];
        for (int b = 0; b < w.Blocks; b++)
        {
            byte* d0 = w.Data + b * blockBytes;
            Vector512<float> s00 = default, s01 = default, s10 = default, s11 = default;
            Vector512<float> s20 = default, s21 = default, s30 = default, s31 = default;
            for (int g = 0; g < groups; g++)
            {
                byte* d = d0 + g * groupBytes;
                Vector512<float> low, high;
                if (wide)
                {
                    low = Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector256.Load((short*)d)));
                    high = Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector256.Load((short*)d + 16)));
                }
                else
                {
                    low = Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector128.Load((sbyte*)d)));
                    high = Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector128.Load((sbyte*)d + 16)));
                }
                float* x0 = a0 + 4 * g, x1 = a1 + 4 * g, x2 = a2 + 4 * g, x3 = a3 + 4 * g;
                if (g == full) // the partial last group
                {
                    x0 = tails; x1 = tails + 4; x2 = tails + 8; x3 = tails + 12;
                }
                Vector512<float> x = Vector512.Create(Vector128.Load(x0));
                s00 = Avx512F.FusedMultiplyAdd(x, low, s00);
                s01 = Avx512F.FusedMultiplyAdd(x, high, s01);
                x = Vector512.Create(Vector128.Load(x1));
                s10 = Avx512F.FusedMultiplyAdd(x, low, s10);
                s11 = Avx512F.FusedMultiplyAdd(x, high, s11);
                x = Vector512.Create(Vector128.Load(x2));
                s20 = Avx512F.FusedMultiplyAdd(x, low, s20);
                s21 = Avx512F.FusedMultiplyAdd(x, high, s21);
                x = Vector512.Create(Vector128.Load(x3));
                s30 = Avx512F.FusedMultiplyAdd(x, low, s30);
                s31 = Avx512F.FusedMultiplyAdd(x, high, s31);
            }
            s00.Store(lanes); s01.Store(lanes + 16); s10.Store(lanes + 32); s11.Store(lanes + 48);
            s20.Store(lanes + 64); s21.Store(lanes + 80); s30.Store(lanes + 96); s31.Store(lanes + 112);
            for (int i = 0; i < rows; i++)
                Finish(lanes + 32 * i, w, b, 1, c + (nint)i * ldc);
        }
    }

    /// <summary>Row blocks per pass of the widened path: 4 blocks, 8 independent FMA chains at 512 bits.</summary>
    internal const int Four = 4;

    /// <summary>c[j] = fma((l0 + l1) + (l2 + l3), s[j], c[j]) for the rows of <paramref name="blocks"/> blocks from <paramref name="lanes"/> (32 per block: row r, phase q at 4r + q).</summary>
    private static void Finish(float* lanes, QuantizedWeight w, int block, int blocks, float* c)
    {
        for (int n = 0; n < blocks; n++)
        {
            int j0 = (block + n) * QuantizedWeight.BlockRows, rows = Math.Min(QuantizedWeight.BlockRows, w.Rows - j0);
            float* l = lanes + n * 32;
            for (int r = 0; r < rows; r++)
            {
                float sum = (l[4 * r] + l[4 * r + 1]) + (l[4 * r + 2] + l[4 * r + 3]);
                c[j0 + r] = MathF.FusedMultiplyAdd(sum, w.PaddedScales[j0 + r], c[j0 + r]);
            }
        }
    }

    /// <summary>The lanes of <paramref name="blocks"/> (1 or 4) blocks at 512 bits: two vectors per block, rows 0-3 and 4-7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Widened512(float* a, float* tail, QuantizedWeight w, int block, int blocks, float* lanes)
    {
        int groups = w.Groups, full = w.Columns / QuantizedWeight.GroupColumns;
        bool wide = w.Bits == 16;
        long blockBytes = (long)groups * 32 * (wide ? 2 : 1), groupBytes = wide ? 64 : 32;
        byte* d0 = w.Data + block * blockBytes;
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        if (blocks == Four)
        {
            for (int g = 0; g < groups; g++)
            {
                Vector512<float> x = Vector512.Create(Vector128.Load(g < full ? a + 4 * g : tail));
                byte* d = d0 + g * groupBytes;
                a0 = Avx512F.FusedMultiplyAdd(x, Widen(d, 0, wide), a0);
                a1 = Avx512F.FusedMultiplyAdd(x, Widen(d, 16, wide), a1);
                a2 = Avx512F.FusedMultiplyAdd(x, Widen(d + blockBytes, 0, wide), a2);
                a3 = Avx512F.FusedMultiplyAdd(x, Widen(d + blockBytes, 16, wide), a3);
                a4 = Avx512F.FusedMultiplyAdd(x, Widen(d + 2 * blockBytes, 0, wide), a4);
                a5 = Avx512F.FusedMultiplyAdd(x, Widen(d + 2 * blockBytes, 16, wide), a5);
                a6 = Avx512F.FusedMultiplyAdd(x, Widen(d + 3 * blockBytes, 0, wide), a6);
                a7 = Avx512F.FusedMultiplyAdd(x, Widen(d + 3 * blockBytes, 16, wide), a7);
            }
            a2.Store(lanes + 32); a3.Store(lanes + 48); a4.Store(lanes + 64); a5.Store(lanes + 80); a6.Store(lanes + 96); a7.Store(lanes + 112);
        }
        else
        {
            for (int g = 0; g < groups; g++)
            {
                Vector512<float> x = Vector512.Create(Vector128.Load(g < full ? a + 4 * g : tail));
                byte* d = d0 + g * groupBytes;
                a0 = Avx512F.FusedMultiplyAdd(x, Widen(d, 0, wide), a0);
                a1 = Avx512F.FusedMultiplyAdd(x, Widen(d, 16, wide), a1);
            }
        }
        a0.Store(lanes); a1.Store(lanes + 16);
    }

    /// <summary>Sixteen integers (rows r..r+3 of a group, 4 phases each) from element <paramref name="first"/> of a group, as floats.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Widen(byte* group, int first, bool wide) => Avx512F.ConvertToVector512Single(wide
        ? Avx512F.ConvertToVector512Int32(Vector256.Load((short*)group + first))
        : Avx512F.ConvertToVector512Int32(Vector128.Load((sbyte*)group + first)));

    /// <summary>As <see cref="Widened512"/> with 256-bit vectors: four per block (rows 0-1, 2-3, 4-5, 6-7).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Widened256(float* a, float* tail, QuantizedWeight w, int block, int blocks, float* lanes)
    {
        int groups = w.Groups, full = w.Columns / QuantizedWeight.GroupColumns;
        bool wide = w.Bits == 16;
        long blockBytes = (long)groups * 32 * (wide ? 2 : 1), groupBytes = wide ? 64 : 32;
        for (int n = 0; n < blocks; n++)
        {
            byte* d0 = w.Data + (block + n) * blockBytes;
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (int g = 0; g < groups; g++)
            {
                Vector256<float> x = Vector256.Create(Vector128.Load(g < full ? a + 4 * g : tail));
                byte* d = d0 + g * groupBytes;
                a0 = Fma.MultiplyAdd(x, Widen256(d, 0, wide), a0);
                a1 = Fma.MultiplyAdd(x, Widen256(d, 8, wide), a1);
                a2 = Fma.MultiplyAdd(x, Widen256(d, 16, wide), a2);
                a3 = Fma.MultiplyAdd(x, Widen256(d, 24, wide), a3);
            }
            float* l = lanes + n * 32;
            a0.Store(l); a1.Store(l + 8); a2.Store(l + 16); a3.Store(l + 24);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Widen256(byte* group, int first, bool wide) => Avx.ConvertToVector256Single(wide
        ? Avx2.ConvertToVector256Int32((short*)group + first)
        : Avx2.ConvertToVector256Int32((sbyte*)group + first));

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
            FinishRow(s00, s01, s02, sa[0], w, b, blocks, c);
            if (rows > 1) FinishRow(s10, s11, s12, sa[1], w, b, blocks, c + ldc);
            if (rows > 2) FinishRow(s20, s21, s22, sa[2], w, b, blocks, c + 2 * ldc);
            if (rows > 3) FinishRow(s30, s31, s32, sa[3], w, b, blocks, c + 3 * ldc);
        }
    }

    /// <summary>Blocks per pass of the integer path: 4 rows × 3 blocks = 12 accumulators, of the 16 registers VEX reaches.</summary>
    private const int PassBlocks = 3;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void FinishRow(Vector256<int> s0, Vector256<int> s1, Vector256<int> s2, float sa, QuantizedWeight w, int block, int blocks, float* c)
    {
        FinishIntegers(s0, sa, w, block, c);
        if (blocks > 1) FinishIntegers(s1, sa, w, block + 1, c);
        if (blocks > 2) FinishIntegers(s2, sa, w, block + 2, c);
    }

    /// <summary>c[j] = fma((float)(Σ − 128 · rowSum[j]), s_a · s[j], c[j]) for the rows of one block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void FinishIntegers(Vector256<int> sums, float sa, QuantizedWeight w, int block, float* c)
    {
        int j0 = block * QuantizedWeight.BlockRows, rows = Math.Min(QuantizedWeight.BlockRows, w.Rows - j0);
        fixed (int* rowSums = w.RowSums)
        fixed (float* scales = w.PaddedScales)
        {
            Vector256<float> difference = Avx.ConvertToVector256Single(sums - Vector256.Load(rowSums + j0) * ZeroPoint);
            Vector256<float> step = Vector256.Create(sa) * Vector256.Load(scales + j0);
            if (rows == QuantizedWeight.BlockRows)
            {
                Fma.MultiplyAdd(difference, step, Vector256.Load(c + j0)).Store(c + j0);
                return;
            }
            for (int r = 0; r < rows; r++)
                c[j0 + r] = MathF.FusedMultiplyAdd(difference[r], step[r], c[j0 + r]);
        }
    }
}
