// The scalar twins of QuantizedKernel: the same arithmetic, element by element, in the same order, so they give the
// same bits. They are the oracle the SIMD kernels are tested against and the path on hardware without them. Not
// tuned: keep them plain.
namespace Recurrent.Numerics.Reference;

/// <summary>Scalar C += A · Wᵀ with a <see cref="QuantizedWeight"/>, widened or through quantized activations.</summary>
public static unsafe class ReferenceQuantized
{
    /// <summary>
    /// The widened product: c[i, j] = fma((l0 + l1) + (l2 + l3), s[j], c[i, j]) where lane l_q chains
    /// fma(a[i, p], Q[j, p], l_q) over p ≡ q (mod 4) in increasing p.
    /// </summary>
    /// <exception cref="ArgumentException">A span is shorter than its shape.</exception>
    public static void AddABtWidened(ReadOnlySpan<float> a, QuantizedWeight w, Span<float> c, int m)
    {
        int n = w.Rows, k = w.Columns;
        MatMul.CheckSizes(a.Length, m * k, n * k, n * k, c.Length, m * n);
        Span<float> lanes = stackalloc float[QuantizedWeight.GroupColumns];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                lanes.Clear();
                for (int p = 0; p < k; p++)
                    lanes[p % 4] = MathF.FusedMultiplyAdd(a[i * k + p], w.Integer(j, p), lanes[p % 4]);
                float sum = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]);
                c[i * n + j] = MathF.FusedMultiplyAdd(sum, w.Scales[j], c[i * n + j]);
            }
    }

    /// <summary>
    /// A row quantized as the integer path quantizes it: u[p] = clamp(round(a[p] · (127 / m)), ±127) + 128 with m = max|a|,
    /// rounding to nearest even; a row whose m is 0 or whose 127 / m overflows is all 128s with scale 0, a row with NaN or
    /// infinity all 128s with scale NaN. Returns the scale m / 127.
    /// </summary>
    public static float QuantizeRow(ReadOnlySpan<float> a, Span<byte> u)
    {
        float largest = 0;
        foreach (float value in a)
            largest = MathF.Max(largest, MathF.Abs(value));
        float inverse = 127 / largest;
        if (!float.IsFinite(largest) || !float.IsFinite(inverse))
        {
            u.Fill(QuantizedKernel.ZeroPoint);
            return float.IsFinite(largest) ? 0 : float.NaN;
        }
        for (int p = 0; p < a.Length; p++)
            u[p] = (byte)(Math.Clamp((int)MathF.Round(a[p] * inverse), -127, 127) + QuantizedKernel.ZeroPoint);
        return largest / 127;
    }

    /// <summary>
    /// The integer product: each row of A quantized to u = round(a / s_a) + 128 (s_a = max|a| / 127), then
    /// c[i, j] = fma((float)(Σ_p u[p]·Q[j, p] − 128 · Σ_p Q[j, p]), s_a · s[j], c[i, j]).
    /// </summary>
    /// <exception cref="ArgumentException">A span is shorter than its shape, or the weight is not 8-bit.</exception>
    public static void AddABtIntegers(ReadOnlySpan<float> a, QuantizedWeight w, Span<float> c, int m)
    {
        int n = w.Rows, k = w.Columns;
        MatMul.CheckSizes(a.Length, m * k, n * k, n * k, c.Length, m * n);
        if (w.Bits != 8)
            throw new ArgumentException("The integer product multiplies 8-bit weights.", nameof(w));
        var u = new byte[k];
        for (int i = 0; i < m; i++)
        {
            float sa = QuantizeRow(a.Slice(i * k, k), u);
            for (int j = 0; j < n; j++)
            {
                int sum = 0, rowSum = 0;
                for (int p = 0; p < k; p++)
                {
                    sum += u[p] * w.Integer(j, p);
                    rowSum += w.Integer(j, p);
                }
                c[i * n + j] = MathF.FusedMultiplyAdd(sum - QuantizedKernel.ZeroPoint * rowSum, sa * w.Scales[j], c[i * n + j]);
            }
        }
    }
}
