// SamplingOptions refuses values that have no meaning, and keeps the documented defaults.
using Recurrent.Generation;

namespace Recurrent.Tests.Generation;

public sealed class SamplingOptionsTests
{
    [Fact]
    public void Defaults_are_the_plain_softmax()
    {
        var options = new SamplingOptions();
        Assert.Equal(1, options.Temperature);
        Assert.Equal(0, options.TopK);
        Assert.Equal(1, options.TopP);
        Assert.False(options.Greedy);
        Assert.False(options.IsGreedy);
        Assert.Equal(options, SamplingOptions.Default);
        Assert.True(SamplingOptions.ArgMax.IsGreedy);
    }

    [Fact]
    public void Temperature_zero_means_greedy() => Assert.True(new SamplingOptions { Temperature = 0 }.IsGreedy);

    [Theory]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Bad_temperatures_are_refused(double temperature)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new SamplingOptions { Temperature = temperature });
        Assert.Equal("Temperature", e.ParamName);
    }

    [Fact]
    public void Negative_top_k_is_refused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new SamplingOptions { TopK = -1 });
        Assert.Equal("TopK", e.ParamName);
        Assert.Equal(1000, new SamplingOptions { TopK = 1000 }.TopK); // larger than V keeps all
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-0.5)]
    [InlineData(1.0000001)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Top_p_outside_zero_to_one_is_refused(double topP)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new SamplingOptions { TopP = topP });
        Assert.Equal("TopP", e.ParamName);
    }

    [Fact]
    public void With_expressions_are_checked_too() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SamplingOptions.Default with { TopP = 2 });
}
