// How far a result is from a reference: the largest absolute difference, relative to the largest
// magnitude in the reference tensor (so near-zero entries of a tensor do not blow up the ratio).
using System.Numerics;

namespace Recurrent.Tests.Reference;

public static class Deviation
{
    /// <summary>max |actual − expected| / max(max |expected|, 1e-30).</summary>
    public static double Relative<T>(ReadOnlySpan<T> actual, ReadOnlySpan<double> expected)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0, scale = 1e-30;
        for (int k = 0; k < expected.Length; k++)
        {
            double a = double.CreateChecked(actual[k]);
            Assert.False(double.IsNaN(a), $"NaN at {k}");
            worst = Math.Max(worst, Math.Abs(a - expected[k]));
            scale = Math.Max(scale, Math.Abs(expected[k]));
        }
        return worst / scale;
    }

    /// <summary>|actual − expected| / |expected| for one number.</summary>
    public static double Relative(double actual, double expected) =>
        Math.Abs(actual - expected) / Math.Max(Math.Abs(expected), 1e-30);
}
