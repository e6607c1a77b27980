// σ and tanh on eight floats at once, for the fused cell kernels. The scalar MathF.Tanh goes to libm's
// tanhf/expm1f, which cost more than a recurrent step's whole matrix product at H = 128; these cost a
// vector exp and a division. The exp is our own, in float throughout: the runtime's Vector256.Exp widens
// to double and costs twice as much, and the cells spend most of their time in it.
// Accuracy (tests compare with double-precision σ and tanh over the whole float line): tanh near 0 uses its
// odd Taylor series, since (1 − e^−2|x|)/(1 + e^−2|x|) loses the small values' relative precision to the
// cancellation in 1 − e; from |x| = 0.4 the quotient is as exact as the exp.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Recurrent.Numerics;

/// <summary>
/// Elementwise σ(x) = 1/(1 + e^−x) and tanh(x) on Vector256&lt;float&gt; and Vector512&lt;float&gt;; NaN in gives NaN out.
/// The two widths run the same operations lane by lane, so a value gets the same bits from either.
/// </summary>
internal static class VectorActivations
{
    /// <summary>Below this |x| tanh takes the series; its first omitted term is then under 2e-9 relative.</summary>
    private const float SeriesLimit = 0.4f;

    // tanh x = x + x³·(c3 + x²·(c5 + x²·(c7 + …))), the Taylor coefficients −1/3, 2/15, −17/315, …
    private const float C3 = -1f / 3, C5 = 2f / 15, C7 = -17f / 315, C9 = 62f / 2835, C11 = -1382f / 155925,
        C13 = 21844f / 6081075, C15 = -929569f / 638512875;

    // exp: x = n·ln 2 + r with |r| ≤ ln 2 / 2 (ln 2 split in two so that n·ln 2 is exact enough), e^r by its Taylor
    // series to r⁷ (first omitted term under 6e-9), times 2ⁿ built in the exponent bits. Inside [−87, 88], 2ⁿ
    // is a normal float; beyond, the result is +∞ above (e^88.7 is the largest float) and 0 below (e^−87 is near
    // the smallest normal), so σ and tanh saturate exactly to 0, 1 and ±1.
    private const float Log2E = 1.44269504f, Ln2High = 0.693359375f, Ln2Low = -2.12194440e-4f;
    private const float ExpMin = -87f, ExpMax = 88f;

    /// <summary>e^x for x in [−87, 88] within 2 ulp; +∞ above 88, 0 below −87; NaN stays NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        Vector256<float> clamped = Vector256.Min(Vector256.Max(x, Vector256.Create(ExpMin)), Vector256.Create(ExpMax));
        Vector256<float> n = Vector256.Round(clamped * Vector256.Create(Log2E));
        Vector256<float> r = Vector256.FusedMultiplyAdd(-n, Vector256.Create(Ln2High), clamped);
        r = Vector256.FusedMultiplyAdd(-n, Vector256.Create(Ln2Low), r);
        Vector256<float> p = Vector256.FusedMultiplyAdd(r, Vector256.Create(1f / 5040), Vector256.Create(1f / 720));
        p = Vector256.FusedMultiplyAdd(r, p, Vector256.Create(1f / 120));
        p = Vector256.FusedMultiplyAdd(r, p, Vector256.Create(1f / 24));
        p = Vector256.FusedMultiplyAdd(r, p, Vector256.Create(1f / 6));
        p = Vector256.FusedMultiplyAdd(r, p, Vector256.Create(0.5f));
        p = Vector256.FusedMultiplyAdd(r, p, Vector256<float>.One);
        p = Vector256.FusedMultiplyAdd(r, p, Vector256<float>.One);
        // n is a whole number in [-126, 127] here, so the plain conversion (no saturation fix-ups) is exact.
        Vector256<float> scale = Vector256.ShiftLeft(Vector256.ConvertToInt32Native(n) + Vector256.Create(127), 23).AsSingle();
        Vector256<float> result = p * scale;
        result = Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256.Create(ExpMax)),
            Vector256.Create(float.PositiveInfinity), result);
        result = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256.Create(ExpMin)), Vector256<float>.Zero, result);
        return Vector256.ConditionalSelect(Vector256.Equals(x, x), result, x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Sigmoid(Vector256<float> x) =>
        Vector256<float>.One / (Vector256<float>.One + Exp(-x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        Vector256<float> magnitude = Vector256.Abs(x);
        // Each branch only when a lane needs it: candidate pre-activations are often all small, gates' all large.
        uint near = Vector256.LessThan(magnitude, Vector256.Create(SeriesLimit)).ExtractMostSignificantBits();
        Vector256<float> result = near == 0 ? Quotient(magnitude)
            : near == 0xFF ? Series(magnitude)
            : Vector256.ConditionalSelect(Vector256.LessThan(magnitude, Vector256.Create(SeriesLimit)), Series(magnitude), Quotient(magnitude));
        return Vector256.CopySign(result, x); // the sign of x, so that tanh(−0) = −0
    }

    /// <summary>tanh |x| = (1 − e^−2|x|)/(1 + e^−2|x|), for |x| from 0.4 up.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Quotient(Vector256<float> magnitude)
    {
        Vector256<float> e = Exp(magnitude * Vector256.Create(-2f));
        return (Vector256<float>.One - e) / (Vector256<float>.One + e);
    }

    /// <summary>tanh |x| by its odd Taylor series to x¹⁵, for |x| below 0.4.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Series(Vector256<float> magnitude)
    {
        Vector256<float> x2 = magnitude * magnitude;
        Vector256<float> p = Vector256.FusedMultiplyAdd(x2, Vector256.Create(C15), Vector256.Create(C13));
        p = Vector256.FusedMultiplyAdd(x2, p, Vector256.Create(C11));
        p = Vector256.FusedMultiplyAdd(x2, p, Vector256.Create(C9));
        p = Vector256.FusedMultiplyAdd(x2, p, Vector256.Create(C7));
        p = Vector256.FusedMultiplyAdd(x2, p, Vector256.Create(C5));
        p = Vector256.FusedMultiplyAdd(x2, p, Vector256.Create(C3));
        return Vector256.FusedMultiplyAdd(magnitude * x2, p, magnitude);
    }

    /// <summary>As <see cref="Exp(Vector256{float})"/>, sixteen lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        Vector512<float> clamped = Vector512.Min(Vector512.Max(x, Vector512.Create(ExpMin)), Vector512.Create(ExpMax));
        Vector512<float> n = Vector512.Round(clamped * Vector512.Create(Log2E));
        Vector512<float> r = Vector512.FusedMultiplyAdd(-n, Vector512.Create(Ln2High), clamped);
        r = Vector512.FusedMultiplyAdd(-n, Vector512.Create(Ln2Low), r);
        Vector512<float> p = Vector512.FusedMultiplyAdd(r, Vector512.Create(1f / 5040), Vector512.Create(1f / 720));
        p = Vector512.FusedMultiplyAdd(r, p, Vector512.Create(1f / 120));
        p = Vector512.FusedMultiplyAdd(r, p, Vector512.Create(1f / 24));
        p = Vector512.FusedMultiplyAdd(r, p, Vector512.Create(1f / 6));
        p = Vector512.FusedMultiplyAdd(r, p, Vector512.Create(0.5f));
        p = Vector512.FusedMultiplyAdd(r, p, Vector512<float>.One);
        p = Vector512.FusedMultiplyAdd(r, p, Vector512<float>.One);
        Vector512<float> scale = Vector512.ShiftLeft(Vector512.ConvertToInt32Native(n) + Vector512.Create(127), 23).AsSingle();
        Vector512<float> result = p * scale;
        result = Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512.Create(ExpMax)),
            Vector512.Create(float.PositiveInfinity), result);
        result = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512.Create(ExpMin)), Vector512<float>.Zero, result);
        return Vector512.ConditionalSelect(Vector512.Equals(x, x), result, x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Sigmoid(Vector512<float> x) =>
        Vector512<float>.One / (Vector512<float>.One + Exp(-x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Tanh(Vector512<float> x)
    {
        Vector512<float> magnitude = Vector512.Abs(x);
        ulong near = Vector512.LessThan(magnitude, Vector512.Create(SeriesLimit)).ExtractMostSignificantBits();
        Vector512<float> result = near == 0 ? Quotient(magnitude)
            : near == 0xFFFF ? Series(magnitude)
            : Vector512.ConditionalSelect(Vector512.LessThan(magnitude, Vector512.Create(SeriesLimit)), Series(magnitude), Quotient(magnitude));
        return Vector512.CopySign(result, x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Quotient(Vector512<float> magnitude)
    {
        Vector512<float> e = Exp(magnitude * Vector512.Create(-2f));
        return (Vector512<float>.One - e) / (Vector512<float>.One + e);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Series(Vector512<float> magnitude)
    {
        Vector512<float> x2 = magnitude * magnitude;
        Vector512<float> p = Vector512.FusedMultiplyAdd(x2, Vector512.Create(C15), Vector512.Create(C13));
        p = Vector512.FusedMultiplyAdd(x2, p, Vector512.Create(C11));
        p = Vector512.FusedMultiplyAdd(x2, p, Vector512.Create(C9));
        p = Vector512.FusedMultiplyAdd(x2, p, Vector512.Create(C7));
        p = Vector512.FusedMultiplyAdd(x2, p, Vector512.Create(C5));
        p = Vector512.FusedMultiplyAdd(x2, p, Vector512.Create(C3));
        return Vector512.FusedMultiplyAdd(magnitude * x2, p, magnitude);
    }
}
