// The few vector operations the GEMM kernels need, behind a static interface so that one kernel source
// serves 256-bit and 512-bit vectors: the JIT compiles a separate body per struct and inlines every call.

namespace Recurrent.Numerics;

/// <summary>A float vector width: load, store, broadcast and fused multiply-add.</summary>
internal unsafe interface ISimdFloat<TVector> where TVector : struct
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }

    static abstract TVector Load(float* source);

    static abstract void Store(float* destination, TVector value);

    static abstract TVector Broadcast(float value);

    /// <summary>A mask with the first <paramref name="count"/> lanes set (none when count ≤ 0, all when ≥ Count).</summary>
    static abstract TVector FirstLanes(int count);

    /// <summary>Loads the lanes set in <paramref name="mask"/>, zero elsewhere; never touches memory of clear lanes.</summary>
    static abstract TVector LoadMasked(float* source, TVector mask);

    /// <summary>Stores the lanes set in <paramref name="mask"/>; leaves the memory of clear lanes alone.</summary>
    static abstract void StoreMasked(float* destination, TVector mask, TVector value);

    /// <summary>The sum of the lanes, always in the same tree: halves added pairwise down to one lane.</summary>
    static abstract float Sum(TVector value);

    /// <summary>a·b + c with one rounding (a true FMA, so every lane rounds like MathF.FusedMultiplyAdd).</summary>
    static abstract TVector MultiplyAdd(TVector a, TVector b, TVector c);
}
