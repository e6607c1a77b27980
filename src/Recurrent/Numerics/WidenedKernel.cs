// QuantizedKernel's widened path: C += A · Wᵀ with the float rows of A and W's integers widened to float in registers,
// accumulated in float (what batch-1 generation and 16-bit weights run). Per output row j and column phase q = p mod 4,
// a chain of FMAs over the column groups in increasing order, then sum = (q0 + q1) + (q2 + q3) and
// c[i, j] = fma(sum, s[j], c[i, j]): the order ReferenceQuantized.AddABtWidened follows, so its bits are these.
// At 512 bits a group of a block (8 rows × 4 columns) is two vectors, rows 0-3 and 4-7, each lane (r, q) multiplied by
// a[4g + q] (the row's four values broadcast); at 256 bits four vectors of two rows.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recurrent.Numerics;

/// <summary>The widened products of a <see cref="QuantizedWeight"/>, for 8- and 16-bit integers.</summary>
internal static unsafe class WidenedKernel
{
    /// <summary>Row blocks per pass for one row of A: 4 blocks, 8 independent FMA chains at 512 bits.</summary>
    internal const int PassBlocks = 4;

    /// <summary>Whether this machine has a vector kernel (else the scalar twin runs, with the same bits).</summary>
    internal static bool IsSupported => Avx512F.IsSupported || (Avx2.IsSupported && Fma.IsSupported);

    /// <summary>One row a (K) over the weight's row blocks [blockStart, blockEnd): c[j] += s[j] · Σ_p a[p]·Q[j, p].</summary>
    internal static void Row(float* a, QuantizedWeight w, float* c, int blockStart, int blockEnd)
    {
        if (w.Bits == 8)
            Row<Int8>(a, w, c, blockStart, blockEnd);
        else
            Row<Int16>(a, w, c, blockStart, blockEnd);
    }

    /// <summary>
    /// Up to four rows of A (lda apart) over W's row blocks [blockStart, blockEnd), each block widened once for all of
    /// them (512 bits; else row by row).
    /// </summary>
    internal static void Rows4(float* a, int lda, int rows, QuantizedWeight w, float* c, int ldc, int blockStart, int blockEnd)
    {
        if (!Avx512F.IsSupported)
        {
            for (int i = 0; i < rows; i++)
                Row(a + (nint)i * lda, w, c + (nint)i * ldc, blockStart, blockEnd);
        }
        else if (w.Bits == 8)
            Rows4<Int8>(a, lda, rows, w, c, ldc, blockStart, blockEnd);
        else
            Rows4<Int16>(a, lda, rows, w, c, ldc, blockStart, blockEnd);
    }

    /// <summary>
    /// Row blocks of W whose integers take at most 128 KiB: the panel that many rows of A read in turn from L2, instead of
    /// streaming all of W (2 MiB at 16 bits for a 2048 × 512 weight) from L3 once per four rows.
    /// </summary>
    internal static int PanelBlocks(QuantizedWeight w) =>
        Math.Max(1, (int)(128 * 1024 / ((long)w.Groups * QuantizedWeight.BlockRows * QuantizedWeight.GroupColumns * (w.Bits / 8))));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row<TI>(float* a, QuantizedWeight w, float* c, int blockStart, int blockEnd) where TI : struct, IIntegers
    {
        a = Padded(a, 0, 1, w, out _);
        float* lanes = stackalloc float[PassBlocks * 32];
        int b = blockStart;
        for (; b + PassBlocks <= blockEnd; b += PassBlocks)
        {
            if (Avx512F.IsSupported)
                Four512<TI>(a, w, b, lanes);
            else
                Blocks256<TI>(a, w, b, PassBlocks, lanes);
            Finish(lanes, w, b, PassBlocks, c);
        }
        for (; b < blockEnd; b++)
        {
            if (Avx512F.IsSupported)
                One512<TI>(a, w, b, lanes);
            else
                Blocks256<TI>(a, w, b, 1, lanes);
            Finish(lanes, w, b, 1, c);
        }
    }

    [ThreadStatic]
    private static float[]? t_padded; // pinned: rows of A with zeros up to whole groups

    /// <summary>
    /// Rows of A (lda apart) copied with zeros after column K up to whole groups of 4 (the weight's padding is zero too), so
    /// the loops read every group the same way; A itself when K is a multiple of 4. The copy is K floats a row, next to
    /// the N·K multiply-adds the row then takes.
    /// </summary>
    private static float* Padded(float* a, int lda, int rows, QuantizedWeight w, out int stride)
    {
        int k = w.Columns, padded = w.Groups * QuantizedWeight.GroupColumns;
        stride = lda;
        if (padded == k)
            return a;
        stride = padded;
        if (t_padded is null || t_padded.Length < rows * padded)
            t_padded = GC.AllocateArray<float>(Math.Max(rows * padded, 1024), pinned: true);
        float* copy = (float*)Unsafe.AsPointer(ref t_padded[0]);
        for (int i = 0; i < rows; i++)
        {
            new ReadOnlySpan<float>(a + (nint)i * lda, k).CopyTo(new Span<float>(copy + (nint)i * padded, k));
            new Span<float>(copy + (nint)i * padded + k, padded - k).Clear();
        }
        return copy;
    }

    /// <summary>c[j] = fma((l0 + l1) + (l2 + l3), s[j], c[j]) for the rows of <paramref name="blocks"/> blocks (32 lanes each: row r, phase q at 4r + q).</summary>
    private static void Finish(float* lanes, QuantizedWeight w, int block, int blocks, float* c)
    {
        float[] scales = w.PaddedScales;
        for (int n = 0; n < blocks; n++)
        {
            int j0 = (block + n) * QuantizedWeight.BlockRows, rows = Math.Min(QuantizedWeight.BlockRows, w.Rows - j0);
            float* l = lanes + n * 32;
            if (Avx512F.IsSupported && rows == QuantizedWeight.BlockRows)
            {
                fixed (float* s = scales)
                    Fma.MultiplyAdd(Sums(Vector512.Load(l), Vector512.Load(l + 16)), Vector256.Load(s + j0), Vector256.Load(c + j0)).Store(c + j0);
                continue;
            }
            for (int r = 0; r < rows; r++)
            {
                float sum = (l[4 * r] + l[4 * r + 1]) + (l[4 * r + 2] + l[4 * r + 3]);
                c[j0 + r] = MathF.FusedMultiplyAdd(sum, scales[j0 + r], c[j0 + r]);
            }
        }
    }

    /// <summary>
    /// The eight rows' sums (l0 + l1) + (l2 + l3) of a block's lanes, rows 0-3 in <paramref name="low"/> and 4-7 in
    /// <paramref name="high"/> (lane 4r + q): adjacent lanes added, then the pairs two apart, then every fourth lane taken.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Sums(Vector512<float> low, Vector512<float> high)
    {
        low += Avx512F.Shuffle(low, low, 0b10_11_00_01);   // lane q: l_q + l_(q xor 1)
        high += Avx512F.Shuffle(high, high, 0b10_11_00_01);
        low += Avx512F.Shuffle(low, low, 0b01_00_11_10);   // lane 0 of each four: (l0 + l1) + (l2 + l3)
        high += Avx512F.Shuffle(high, high, 0b01_00_11_10);
        return Avx512F.PermuteVar16x32x2(low, Vector512.Create(0, 4, 8, 12, 16, 20, 24, 28, 0, 0, 0, 0, 0, 0, 0, 0), high).GetLower();
    }

    /// <summary>Four blocks from <paramref name="block"/> at 512 bits: the lanes of each, two vectors per block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Four512<TI>(float* a, QuantizedWeight w, int block, float* lanes) where TI : struct, IIntegers
    {
        int groups = w.Groups;
        long blockBytes = (long)groups * TI.GroupBytes;
        byte* d = w.Data + block * blockBytes;
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        for (int g = 0; g < groups; g++, d += TI.GroupBytes)
        {
            Vector512<float> x = Avx512F.BroadcastVector128ToVector512(a + 4 * g);
            a0 = Avx512F.FusedMultiplyAdd(x, TI.Low512(d), a0);
            a1 = Avx512F.FusedMultiplyAdd(x, TI.High512(d), a1);
            a2 = Avx512F.FusedMultiplyAdd(x, TI.Low512(d + blockBytes), a2);
            a3 = Avx512F.FusedMultiplyAdd(x, TI.High512(d + blockBytes), a3);
            a4 = Avx512F.FusedMultiplyAdd(x, TI.Low512(d + 2 * blockBytes), a4);
            a5 = Avx512F.FusedMultiplyAdd(x, TI.High512(d + 2 * blockBytes), a5);
            a6 = Avx512F.FusedMultiplyAdd(x, TI.Low512(d + 3 * blockBytes), a6);
            a7 = Avx512F.FusedMultiplyAdd(x, TI.High512(d + 3 * blockBytes), a7);
        }
        a0.Store(lanes); a1.Store(lanes + 16); a2.Store(lanes + 32); a3.Store(lanes + 48);
        a4.Store(lanes + 64); a5.Store(lanes + 80); a6.Store(lanes + 96); a7.Store(lanes + 112);
    }

    /// <summary>One block at 512 bits (the blocks left after the passes of four).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void One512<TI>(float* a, QuantizedWeight w, int block, float* lanes) where TI : struct, IIntegers
    {
        int groups = w.Groups;
        byte* d = w.Data + block * (long)groups * TI.GroupBytes;
        Vector512<float> a0 = default, a1 = default;
        for (int g = 0; g < groups; g++, d += TI.GroupBytes)
        {
            Vector512<float> x = Avx512F.BroadcastVector128ToVector512(a + 4 * g);
            a0 = Avx512F.FusedMultiplyAdd(x, TI.Low512(d), a0);
            a1 = Avx512F.FusedMultiplyAdd(x, TI.High512(d), a1);
        }
        a0.Store(lanes); a1.Store(lanes + 16);
    }

    /// <summary><paramref name="blocks"/> blocks at 256 bits, one at a time: four vectors of two rows each.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Blocks256<TI>(float* a, QuantizedWeight w, int block, int blocks, float* lanes) where TI : struct, IIntegers
    {
        int groups = w.Groups;
        long blockBytes = (long)groups * TI.GroupBytes;
        for (int n = 0; n < blocks; n++)
        {
            byte* d = w.Data + (block + n) * blockBytes;
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (int g = 0; g < groups; g++, d += TI.GroupBytes)
            {
                Vector256<float> x = Avx.BroadcastVector128ToVector256(a + 4 * g);
                a0 = Fma.MultiplyAdd(x, TI.Quarter256(d, 0), a0);
                a1 = Fma.MultiplyAdd(x, TI.Quarter256(d, 1), a1);
                a2 = Fma.MultiplyAdd(x, TI.Quarter256(d, 2), a2);
                a3 = Fma.MultiplyAdd(x, TI.Quarter256(d, 3), a3);
            }
            float* l = lanes + n * 32;
            a0.Store(l); a1.Store(l + 8); a2.Store(l + 16); a3.Store(l + 24);
        }
    }

    /// <summary>Four rows at 512 bits, one block at a time: 8 chains, each block's vectors widened once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows4<TI>(float* a, int lda, int rows, QuantizedWeight w, float* c, int ldc, int blockStart, int blockEnd)
        where TI : struct, IIntegers
    {
        int groups = w.Groups;
        a = Padded(a, lda, rows, w, out lda);
        // Rows past `rows` read row 0 again (their sums are dropped).
        float* a0 = a, a1 = rows > 1 ? a + lda : a, a2 = rows > 2 ? a + 2 * lda : a, a3 = rows > 3 ? a + 3 * lda : a;
        float* lanes = stackalloc float[4 * 32];
        byte* d = w.Data + blockStart * (long)groups * TI.GroupBytes;
        for (int b = blockStart; b < blockEnd; b++)
        {
            Vector512<float> s00 = default, s01 = default, s10 = default, s11 = default;
            Vector512<float> s20 = default, s21 = default, s30 = default, s31 = default;
            for (int g = 0; g < groups; g++, d += TI.GroupBytes)
            {
                Vector512<float> low = TI.Low512(d), high = TI.High512(d);
                Vector512<float> x = Avx512F.BroadcastVector128ToVector512(a0 + 4 * g);
                s00 = Avx512F.FusedMultiplyAdd(x, low, s00);
                s01 = Avx512F.FusedMultiplyAdd(x, high, s01);
                x = Avx512F.BroadcastVector128ToVector512(a1 + 4 * g);
                s10 = Avx512F.FusedMultiplyAdd(x, low, s10);
                s11 = Avx512F.FusedMultiplyAdd(x, high, s11);
                x = Avx512F.BroadcastVector128ToVector512(a2 + 4 * g);
                s20 = Avx512F.FusedMultiplyAdd(x, low, s20);
                s21 = Avx512F.FusedMultiplyAdd(x, high, s21);
                x = Avx512F.BroadcastVector128ToVector512(a3 + 4 * g);
                s30 = Avx512F.FusedMultiplyAdd(x, low, s30);
                s31 = Avx512F.FusedMultiplyAdd(x, high, s31);
            }
            s00.Store(lanes); s01.Store(lanes + 16); s10.Store(lanes + 32); s11.Store(lanes + 48);
            s20.Store(lanes + 64); s21.Store(lanes + 80); s30.Store(lanes + 96); s31.Store(lanes + 112);
            for (int i = 0; i < rows; i++)
                Finish(lanes + 32 * i, w, b, 1, c + (nint)i * ldc);
        }
    }

    /// <summary>How one integer width is widened: a group's rows 0-3 and 4-7 as 16 floats, or a quarter (two rows) as 8.</summary>
    private interface IIntegers
    {
        static abstract int GroupBytes { get; }

        static abstract Vector512<float> Low512(byte* group);

        static abstract Vector512<float> High512(byte* group);

        static abstract Vector256<float> Quarter256(byte* group, int quarter);
    }

    private readonly struct Int8 : IIntegers
    {
        public static int GroupBytes => 32;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Low512(byte* group) =>
            Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector128.Load((sbyte*)group)));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> High512(byte* group) =>
            Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector128.Load((sbyte*)group + 16)));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Quarter256(byte* group, int quarter) =>
            Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32((sbyte*)group + 8 * quarter));
    }

    private readonly struct Int16 : IIntegers
    {
        public static int GroupBytes => 64;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Low512(byte* group) =>
            Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector256.Load((short*)group)));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> High512(byte* group) =>
            Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Vector256.Load((short*)group + 16)));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Quarter256(byte* group, int quarter) =>
            Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32((short*)group + 8 * quarter));
    }
}
