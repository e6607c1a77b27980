// The vector exp, σ and tanh of the fused cells against double-precision math over the whole float line:
// errors are counted in units in the last place of the float nearest the exact value.
using System.Runtime.Intrinsics;
using Recurrent.Numerics;

namespace Recurrent.Tests.Numerics;

public sealed class VectorActivationsTests
{
    /// <summary>A sweep over [-100, 100] plus the small magnitudes where tanh's series and exp's rounding matter.</summary>
    private static float[] Inputs()
    {
        var values = new List<float>();
        for (int k = -200_000; k <= 200_000; k++)
            values.Add(k * 5e-4f);
        for (double m = 1e-38; m < 2; m *= 1.01)
        {
            values.Add((float)m);
            values.Add((float)-m);
        }
        values.AddRange([0f, -0f, 0.4f, -0.4f, 0.39999998f, 87f, 88f, -87f, 1e-45f]);
        return [.. values];
    }

    private static double Ulps(float actual, double exact)
    {
        float nearest = (float)exact;
        double ulp = Math.Max(MathF.BitIncrement(MathF.Abs(nearest)) - MathF.Abs(nearest), float.Epsilon);
        return Math.Abs(actual - exact) / ulp;
    }

    private static float[] Apply(Func<Vector256<float>, Vector256<float>> f, float[] x)
    {
        var y = new float[x.Length];
        var chunk = new float[8];
        for (int k = 0; k < x.Length; k += 8)
        {
            int n = Math.Min(8, x.Length - k);
            Array.Clear(chunk);
            Array.Copy(x, k, chunk, 0, n);
            f(Vector256.Create(chunk)).CopyTo(chunk);
            Array.Copy(chunk, 0, y, k, n);
        }
        return y;
    }

    [Fact]
    public void Exp_is_within_two_ulps_where_it_is_not_clamped()
    {
        float[] x = Inputs();
        float[] y = Apply(VectorActivations.Exp, x);
        double worst = 0;
        for (int k = 0; k < x.Length; k++)
            if (x[k] >= -87 && x[k] <= 88)
                worst = Math.Max(worst, Ulps(y[k], Math.Exp(x[k])));
        Assert.InRange(worst, 0, 2);
    }

    [Fact]
    public void Sigmoid_is_within_four_ulps_and_saturates()
    {
        float[] x = Inputs();
        float[] y = Apply(VectorActivations.Sigmoid, x);
        double worst = 0;
        for (int k = 0; k < x.Length; k++)
        {
            double exact = 1 / (1 + Math.Exp(-(double)x[k]));
            if (exact > 1e-37)
                worst = Math.Max(worst, Ulps(y[k], exact));
            Assert.InRange(y[k], 0f, 1f);
        }
        Assert.InRange(worst, 0, 4);
    }

    [Fact]
    public void Tanh_is_within_four_ulps_including_tiny_inputs()
    {
        float[] x = Inputs();
        float[] y = Apply(VectorActivations.Tanh, x);
        double worst = 0;
        for (int k = 0; k < x.Length; k++)
        {
            worst = Math.Max(worst, Ulps(y[k], Math.Tanh(x[k])));
            Assert.Equal(MathF.Sign(x[k]), MathF.Sign(y[k]));
        }
        Assert.InRange(worst, 0, 4);
    }

    [Fact]
    public void Special_values_map_like_the_scalar_functions()
    {
        float[] x = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1000f, -1000f, 0f, -0f, 20f];
        float[] exp = Apply(VectorActivations.Exp, x), sigmoid = Apply(VectorActivations.Sigmoid, x);
        float[] tanh = Apply(VectorActivations.Tanh, x);
        Assert.True(float.IsNaN(exp[0]) && float.IsNaN(sigmoid[0]) && float.IsNaN(tanh[0]));
        Assert.Equal([1f, 0f, 1f, 0f], new[] { sigmoid[1], sigmoid[2], sigmoid[3], sigmoid[4] });
        Assert.Equal([1f, -1f, 1f, -1f, 1f], new[] { tanh[1], tanh[2], tanh[3], tanh[4], tanh[7] });
        Assert.Equal(0f, tanh[5]);
        Assert.True(float.IsNegative(tanh[6]));
        Assert.Equal([float.PositiveInfinity, 0f, float.PositiveInfinity, 0f], new[] { exp[1], exp[2], exp[3], exp[4] });
        Assert.Equal(1f, exp[5]);
        Assert.Equal(0.5f, sigmoid[5]);
    }
}
