// The distribution SamplingPolicy draws from, checked exactly on known logits: temperature, then
// top-k (exactly k, ties to the lowest index), then top-p on what top-k left, renormalised.
using Recurrent.Generation;
using Recurrent.Numerics;

namespace Recurrent.Tests.Generation;

public sealed class SamplingPolicyTests
{
    private static readonly double[] Known = [0.5, 0.3, 0.15, 0.05];

    private static float[] LogitsOf(params double[] probabilities) => probabilities.Select(p => (float)Math.Log(p)).ToArray();

    private static double[] Distribution(float[] logits, SamplingOptions options) =>
        new SamplingPolicy<float>(logits.Length).Distribution(logits, options).ToArray();

    private static void AssertClose(double[] expected, double[] actual, double tolerance = 1e-6)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
            Assert.True(Math.Abs(expected[k] - actual[k]) <= tolerance, $"p[{k}] = {actual[k]}, expected {expected[k]}");
    }

    [Fact]
    public void Without_filters_it_is_the_softmax() =>
        AssertClose(Known, Distribution(LogitsOf(Known), SamplingOptions.Default));

    [Theory]
    [InlineData(0.5)]
    [InlineData(2.0)]
    [InlineData(7.0)]
    public void Temperature_gives_softmax_of_logits_over_T(double temperature)
    {
        float[] logits = [1.5f, -0.25f, 0.75f, 3f, -2f];
        double[] scaled = logits.Select(z => Math.Exp(z / temperature)).ToArray();
        double[] expected = scaled.Select(e => e / scaled.Sum()).ToArray();
        AssertClose(expected, Distribution(logits, new SamplingOptions { Temperature = temperature }), 1e-12);
    }

    [Fact]
    public void Top_k_keeps_the_k_most_likely_renormalised()
    {
        AssertClose([0.625, 0.375, 0, 0], Distribution(LogitsOf(Known), new SamplingOptions { TopK = 2 }));
        AssertClose([1, 0, 0, 0], Distribution(LogitsOf(Known), new SamplingOptions { TopK = 1 }));
        AssertClose(Known, Distribution(LogitsOf(Known), new SamplingOptions { TopK = 4 }));
        AssertClose(Known, Distribution(LogitsOf(Known), new SamplingOptions { TopK = 99 }));
    }

    [Fact]
    public void Top_k_keeps_exactly_k_and_ties_go_to_the_lowest_index()
    {
        float[] logits = [1f, 2f, 2f, 2f, 0f];
        AssertClose([0, 0.5, 0.5, 0, 0], Distribution(logits, new SamplingOptions { TopK = 2 }));
        AssertClose([0, 1, 0, 0, 0], Distribution(logits, new SamplingOptions { TopK = 1 }));
        Assert.Equal(1, SamplingPolicy<float>.ArgMax(logits));
    }

    [Fact]
    public void Top_p_keeps_the_smallest_nucleus_that_reaches_p()
    {
        float[] logits = LogitsOf(Known);
        AssertClose([0.5 / 0.8, 0.3 / 0.8, 0, 0], Distribution(logits, new SamplingOptions { TopP = 0.8 }));
        AssertClose([0.5 / 0.95, 0.3 / 0.95, 0.15 / 0.95, 0], Distribution(logits, new SamplingOptions { TopP = 0.81 }));
        AssertClose([1, 0, 0, 0], Distribution(logits, new SamplingOptions { TopP = 0.5 }));
        AssertClose([0.5 / 0.8, 0.3 / 0.8, 0, 0], Distribution(logits, new SamplingOptions { TopP = 0.5001 }));
        AssertClose(Known, Distribution(logits, new SamplingOptions { TopP = 1 }));
    }

    [Fact]
    public void Top_p_keeps_at_least_one_token() =>
        AssertClose([0, 0, 1, 0], Distribution([0f, 1f, 5f, 2f], new SamplingOptions { TopP = 1e-12 }));

    [Fact]
    public void Top_p_ties_go_to_the_lowest_index() =>
        AssertClose([0.4 / 0.7, 0.3 / 0.7, 0], Distribution(LogitsOf(0.4, 0.3, 0.3), new SamplingOptions { TopP = 0.5 }));

    [Fact]
    public void Top_p_applies_to_what_top_k_left()
    {
        // top-k 2 leaves [0.625, 0.375]: 0.625 alone reaches 0.6. Top-p first would have kept two.
        AssertClose([1, 0, 0, 0], Distribution(LogitsOf(Known), new SamplingOptions { TopK = 2, TopP = 0.6 }));
        // top-k 3 leaves [0.526, 0.316, 0.158]: two reach 0.8.
        AssertClose([0.625, 0.375, 0, 0], Distribution(LogitsOf(Known), new SamplingOptions { TopK = 3, TopP = 0.8 }));
    }

    [Fact]
    public void Temperature_applies_before_top_p()
    {
        // At T=2 the probabilities are ∝ √p = [0.379, 0.294, 0.208, 0.120]: two no longer reach 0.7.
        double[] root = Known.Select(p => Math.Sqrt(p)).ToArray();
        double three = root[0] + root[1] + root[2];
        AssertClose([0.625, 0.375, 0, 0], Distribution(LogitsOf(Known), new SamplingOptions { TopP = 0.7 }));
        AssertClose([root[0] / three, root[1] / three, root[2] / three, 0],
            Distribution(LogitsOf(Known), new SamplingOptions { TopP = 0.7, Temperature = 2 }));
    }

    [Fact]
    public void Greedy_is_one_hot_at_the_lowest_arg_max_whatever_the_other_settings()
    {
        float[] logits = [0f, 3f, -1f, 3f];
        var greedy = new SamplingOptions { Greedy = true, Temperature = 5, TopK = 3, TopP = 0.2 };
        AssertClose([0, 1, 0, 0], Distribution(logits, greedy));
        AssertClose([0, 1, 0, 0], Distribution(logits, new SamplingOptions { Temperature = 0 }));
        var policy = new SamplingPolicy<float>(4);
        var rng = new Rng(1);
        ulong[] before = rng.GetState();
        Assert.Equal(1, policy.Draw(logits, greedy, rng));
        Assert.Equal(before, rng.GetState()); // greedy draws no random number
    }

    [Fact]
    public void Filters_that_keep_everything_draw_the_same_tokens_as_no_filter()
    {
        float[] logits = LogitsOf(Known);
        var plain = new SamplingPolicy<float>(4);
        var filtered = new SamplingPolicy<float>(4);
        var (a, b) = (new Rng(9), new Rng(9));
        var keepAll = new SamplingOptions { TopK = 4, TopP = 1 };
        for (int n = 0; n < 1000; n++)
            Assert.Equal(plain.Draw(logits, SamplingOptions.Default, a), filtered.Draw(logits, keepAll, b));
    }

    [Fact]
    public void Works_in_double_models_too() =>
        AssertClose([0.625, 0.375, 0, 0],
            new SamplingPolicy<double>(4).Distribution(Known.Select(p => Math.Log(p)).ToArray(), new SamplingOptions { TopP = 0.8 }).ToArray(), 1e-12);

    [Fact]
    public void Logits_of_the_wrong_length_are_refused() =>
        Assert.Throws<ArgumentException>(() => new SamplingPolicy<float>(4).Draw(new float[3], SamplingOptions.Default, new Rng(1)));
}
