// The smoothing drawn over the training loss: its window size rule and its values against a direct sum.
using Recurrent.Cli.Plotting;

namespace Recurrent.Tests.Cli;

public sealed class PlotMovingAverageTests
{
    [Theory]
    [InlineData(0, 0)]
    [InlineData(149, 0)]
    [InlineData(150, 3)]
    [InlineData(2000, 41)]
    [InlineData(2049, 41)]
    [InlineData(20_000, 401)]
    public void The_window_is_odd_and_about_a_fiftieth_of_the_run(int count, int window) =>
        Assert.Equal(window, MovingAverage.WindowFor(count));

    [Theory]
    [InlineData(1, 10)]
    [InlineData(3, 10)]
    [InlineData(5, 5)]
    [InlineData(7, 5)]
    [InlineData(41, 10_000)]
    public void Each_mean_is_the_centred_window_average(int window, int count)
    {
        var rng = new Random(7);
        double[] xs = Enumerable.Range(0, count).Select(k => 10.0 * k).ToArray();
        double[] values = Enumerable.Range(0, count).Select(k => 1e6 + rng.NextDouble()).ToArray(); // large offset: drift would show
        var (outXs, means) = MovingAverage.Centred(xs, values, window);

        int half = window / 2;
        Assert.Equal(Math.Max(0, count - 2 * half), means.Length);
        for (int k = 0; k < means.Length; k++)
        {
            Assert.Equal(xs[k + half], outXs[k]);
            Assert.Equal(values.Skip(k).Take(window).Average(), means[k], 1e-6);
        }
    }

    [Fact]
    public void Refuses_an_even_window_and_mismatched_series()
    {
        Assert.Throws<ArgumentException>(() => MovingAverage.Centred([1, 2], [1, 2], 2));
        Assert.Throws<ArgumentException>(() => MovingAverage.Centred([1, 2], [1, 2], 0));
        Assert.Throws<ArgumentException>(() => MovingAverage.Centred([1, 2], [1], 1));
    }
}
