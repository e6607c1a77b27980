// 512-bit float vectors (AVX-512F): 16 lanes, 32 registers.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Recurrent.Numerics;

/// <summary>Vector512&lt;float&gt; operations for the GEMM kernels; use only when <see cref="IsSupported"/>.</summary>
internal readonly unsafe struct Simd512 : ISimdFloat<Vector512<float>>
{
    public static bool IsSupported => Avx512F.IsSupported;

    public static int Count => Vector512<float>.Count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(float* source) => Avx512F.LoadVector512(source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float* destination, Vector512<float> value) => Avx512F.Store(destination, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Broadcast(float value) => Vector512.Create(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> FirstLanes(int count) =>
        Vector512.LessThan(Vector512<int>.Indices, Vector512.Create(count)).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LoadMasked(float* source, Vector512<float> mask) =>
        Avx512F.MaskLoad(source, mask, Vector512<float>.Zero);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreMasked(float* destination, Vector512<float> mask, Vector512<float> value) =>
        Avx512F.MaskStore(destination, mask, value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sum(Vector512<float> value) => Simd256.Sum(value.GetLower() + value.GetUpper());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) =>
        Avx512F.FusedMultiplyAdd(a, b, c);
}
