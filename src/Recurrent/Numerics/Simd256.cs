// 256-bit float vectors (AVX2 + FMA3): 8 lanes.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recurrent.Numerics;

/// <summary>Vector256&lt;float&gt; operations for the GEMM kernels; use only when <see cref="IsSupported"/>.</summary>
internal readonly unsafe struct Simd256 : ISimdFloat<Vector256<float>>
{
    public static bool IsSupported => Avx2.IsSupported && Fma.IsSupported;

    public static int Count => Vector256<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(float* source) => Avx.LoadVector256(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float* destination, Vector256<float> value) => Avx.Store(destination, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Broadcast(float value) => Vector256.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> FirstLanes(int count) =>
        Vector256.LessThan(Vector256<int>.Indices, Vector256.Create(count)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LoadMasked(float* source, Vector256<float> mask) => Avx.MaskLoad(source, mask);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreMasked(float* destination, Vector256<float> mask, Vector256<float> value) =>
        Avx.MaskStore(destination, mask, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector256<float> value)
    {
        Vector128<float> four = value.GetLower() + value.GetUpper();
        Vector128<float> two = four + Sse.MoveHighToLow(four, four);
        return two.ToScalar() + two.GetElement(1);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
        Fma.MultiplyAdd(a, b, c);
}
