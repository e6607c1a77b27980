// An 8×8 float transpose in eight 256-bit registers (24 shuffles), used to pack row-major operands into
// the column panels the micro-kernel reads, and to move transposed C tiles.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recurrent.Numerics;

/// <summary>Copies an 8×8 block from source (row stride sourceStride) to destination, transposed.</summary>
internal static unsafe class Transpose8x8
{
    /// <summary>destination[q·destinationStride + r] = source[r·sourceStride + q] for r, q &lt; 8 (needs AVX).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Copy(float* source, nint sourceStride, float* destination, nint destinationStride)
    {
        Vector256<float> r0 = Avx.LoadVector256(source), r1 = Avx.LoadVector256(source + sourceStride);
        Vector256<float> r2 = Avx.LoadVector256(source + 2 * sourceStride), r3 = Avx.LoadVector256(source + 3 * sourceStride);
        Vector256<float> r4 = Avx.LoadVector256(source + 4 * sourceStride), r5 = Avx.LoadVector256(source + 5 * sourceStride);
        Vector256<float> r6 = Avx.LoadVector256(source + 6 * sourceStride), r7 = Avx.LoadVector256(source + 7 * sourceStride);

        // Pairs of rows interleaved: t0 = r0[0] r1[0] r0[1] r1[1] | r0[4] r1[4] r0[5] r1[5], and so on.
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);

        // Columns q and q+4 of four rows: u0 = column 0 (low half) and column 4 (high half) of rows 0..3.
        Vector256<float> u0 = Avx.Shuffle(t0, t2, 0x44), u1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> u2 = Avx.Shuffle(t1, t3, 0x44), u3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> u4 = Avx.Shuffle(t4, t6, 0x44), u5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> u6 = Avx.Shuffle(t5, t7, 0x44), u7 = Avx.Shuffle(t5, t7, 0xEE);

        Avx.Store(destination, Avx.Permute2x128(u0, u4, 0x20));
        Avx.Store(destination + destinationStride, Avx.Permute2x128(u1, u5, 0x20));
        Avx.Store(destination + 2 * destinationStride, Avx.Permute2x128(u2, u6, 0x20));
        Avx.Store(destination + 3 * destinationStride, Avx.Permute2x128(u3, u7, 0x20));
        Avx.Store(destination + 4 * destinationStride, Avx.Permute2x128(u0, u4, 0x31));
        Avx.Store(destination + 5 * destinationStride, Avx.Permute2x128(u1, u5, 0x31));
        Avx.Store(destination + 6 * destinationStride, Avx.Permute2x128(u2, u6, 0x31));
        Avx.Store(destination + 7 * destinationStride, Avx.Permute2x128(u3, u7, 0x31));
    }
}
