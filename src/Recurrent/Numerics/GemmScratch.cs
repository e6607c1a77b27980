// Per-thread working memory for the float GEMM: one pinned buffer per use (packing panels, a transposed
// copy of C), allocated on a thread's first product and grown only when a larger product comes; after
// that, products allocate nothing, which is what keeps a training step at zero bytes.
// Each buffer lives as long as its thread; sizes are bounded by the blocking (GemmPlan) and by the largest
// transposed C (few rows × 4H), so a few MiB at most.
using System.Runtime.CompilerServices;

namespace Recurrent.Numerics;

/// <summary>A thread's scratch buffers, 64-byte aligned.</summary>
internal static unsafe class GemmScratch
{
    /// <summary>The two independent buffers a product may hold at once.</summary>
    public const int Packing = 0, TransposedC = 1;

    [ThreadStatic]
    private static float[]? t_packing;

    [ThreadStatic]
    private static float[]? t_transposedC;

    /// <summary>At least <paramref name="floats"/> floats of this thread's buffer <paramref name="use"/>, 64-byte aligned.</summary>
    public static float* Get(int use, nint floats)
    {
        float[]? buffer = use == Packing ? t_packing : t_transposedC;
        if (buffer is null || buffer.Length < floats + 16)
            buffer = Grow(use, floats, buffer?.Length ?? 0);
        // Pinned object heap: the address is stable for the array's life.
        float* start = (float*)Unsafe.AsPointer(ref buffer[0]);
        return (float*)(((nint)start + 63) & ~(nint)63);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float[] Grow(int use, nint floats, int oldLength)
    {
        nint size = Math.Max(floats + 16, (nint)oldLength * 3 / 2);
        var buffer = GC.AllocateUninitializedArray<float>(checked((int)size), pinned: true);
        if (use == Packing)
            t_packing = buffer;
        else
            t_transposedC = buffer;
        return buffer;
    }
}
