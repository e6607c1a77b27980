// The clipping norm is summed in vector accumulators; it must stay the 2-norm to double precision for any length
// (the vector body, the scalar tail, nothing at all), for float and double gradients.
using Recurrent.Numerics;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

public sealed class GradientClippingTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(1000)]
    public void The_global_norm_is_the_2_norm_for_any_length(int length)
    {
        var rng = new Rng(7);
        double[] values = Enumerable.Range(0, length).Select(_ => rng.NextDouble() - 0.5).ToArray();
        float[] floats = values.Select(v => (float)v).ToArray();
        decimal exactDouble = values.Sum(v => (decimal)v * (decimal)v);
        decimal exactFloat = floats.Sum(v => (decimal)(double)v * (decimal)(double)v); // (decimal)float keeps 7 digits only
        Assert.Equal(Math.Sqrt((double)exactDouble), GradientClipping.GlobalNorm<double>(values), 1e-14);
        Assert.Equal(Math.Sqrt((double)exactFloat), GradientClipping.GlobalNorm<float>(floats), 1e-14);
    }

    [Fact]
    public void Clipping_scales_by_max_norm_over_norm_plus_1e_6()
    {
        float[] gradients = [3, 4];
        double norm = GradientClipping.ClipByGlobalNorm<float>(gradients, 1);
        Assert.Equal(5, norm, 12);
        Assert.Equal((float)(3 * (1 / (5 + 1e-6))), gradients[0]);
        Assert.Equal((float)(4 * (1 / (5 + 1e-6))), gradients[1]);
    }
}
