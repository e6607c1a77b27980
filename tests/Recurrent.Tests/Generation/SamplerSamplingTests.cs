// Draws from a Sampler over models with known distributions: the support of top-k and top-p, the
// frequencies under a temperature, greedy, seeds, the first token, and no allocation per token.
using Recurrent.Generation;
using Recurrent.Models;
using Recurrent.Numerics;

namespace Recurrent.Tests.Generation;

public sealed class SamplerSamplingTests
{
    private static readonly double[] Known = [0.5, 0.3, 0.15, 0.05];

    /// <summary>How often each token is drawn in <paramref name="draws"/> draws after reading one token.</summary>
    private static int[] Counts(ModelBundle model, SamplingOptions options, int draws, ulong seed = 11)
    {
        var sampler = new Sampler<float>(model.Network);
        sampler.Feed(0);
        var rng = new Rng(seed);
        var counts = new int[model.Vocabulary!.Count];
        for (int n = 0; n < draws; n++)
            counts[sampler.Next(options, rng)]++;
        return counts;
    }

    private static int[] Support(int[] counts) => Enumerable.Range(0, counts.Length).Where(k => counts[k] > 0).ToArray();

    /// <summary>Pearson's χ² of the counts against the expected probabilities (which must be positive).</summary>
    private static double ChiSquare(int[] counts, double[] expected)
    {
        double total = counts.Sum(), chi = 0;
        for (int k = 0; k < counts.Length; k++)
            chi += Math.Pow(counts[k] - total * expected[k], 2) / (total * expected[k]);
        return chi;
    }

    [Fact]
    public void Top_k_one_is_greedy()
    {
        var model = TinyModels.Random();
        var (topOne, greedy) = (new Sampler<float>(model.Network), new Sampler<float>(model.Network));
        var rng = new Rng(4);
        int token = 0;
        for (int n = 0; n < 200; n++)
        {
            topOne.Feed(token);
            greedy.Feed(token);
            token = topOne.Next(new SamplingOptions { TopK = 1, Temperature = 1.7 }, rng);
            Assert.Equal(greedy.Next(SamplingOptions.ArgMax, rng), token);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Top_k_draws_exactly_the_k_most_likely(int k)
    {
        var model = TinyModels.WithLogits(0.1f, 2f, -1f, 1.5f, 0.9f, 0.3f);
        int[] expected = new[] { 1, 3, 4 }.Take(k).Order().ToArray();
        Assert.Equal(expected, Support(Counts(model, new SamplingOptions { TopK = k, Temperature = 3 }, 5000)));
    }

    [Theory]
    [InlineData(0.8, 2)]
    [InlineData(0.81, 3)]
    [InlineData(0.96, 4)]
    [InlineData(0.3, 1)]
    public void Top_p_draws_from_the_nucleus_with_renormalised_frequencies(double topP, int size)
    {
        int[] counts = Counts(TinyModels.WithProbabilities(Known), new SamplingOptions { TopP = topP }, 20000);
        Assert.Equal(Enumerable.Range(0, size).ToArray(), Support(counts));
        double mass = Known.Take(size).Sum();
        double[] expected = Known.Take(size).Select(p => p / mass).ToArray();
        Assert.True(size == 1 || ChiSquare(counts[..size], expected) < 16.3, $"counts {string.Join(", ", counts)}"); // χ²(3) at 0.001
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.5)]
    [InlineData(2.5)]
    public void Temperature_frequencies_match_softmax_of_logits_over_T(double temperature)
    {
        float[] logits = [1f, 0.2f, -0.5f, 0.6f, -1.2f];
        double[] weights = logits.Select(z => Math.Exp(z / temperature)).ToArray();
        double[] expected = weights.Select(w => w / weights.Sum()).ToArray();
        const int draws = 20000;
        int[] counts = Counts(TinyModels.WithLogits(logits), new SamplingOptions { Temperature = temperature }, draws);
        Assert.True(ChiSquare(counts, expected) < 18.5, $"counts {string.Join(", ", counts)}"); // χ²(4) at 0.001
        for (int k = 0; k < logits.Length; k++)
            Assert.InRange(counts[k] / (double)draws, expected[k] - 0.015, expected[k] + 0.015);
    }

    [Fact]
    public void The_temperature_only_overload_draws_the_same_as_the_options()
    {
        var model = TinyModels.Random();
        var (a, b) = (new Sampler<float>(model.Network), new Sampler<float>(model.Network));
        var (rngA, rngB) = (new Rng(8), new Rng(8));
        int token = 2;
        for (int n = 0; n < 300; n++)
        {
            a.Feed(token);
            b.Feed(token);
            token = a.Next(0.8, rngA);
            Assert.Equal(token, b.Next(new SamplingOptions { Temperature = 0.8 }, rngB));
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => a.Next(-1, rngA));
        Assert.Throws<ArgumentOutOfRangeException>(() => a.Next(double.NaN, rngA));
    }

    private static string Text(ModelBundle model, SamplingOptions options, ulong seed, int length = 120)
    {
        var sampler = new Sampler<float>(model.Network);
        var rng = new Rng(seed);
        var tokens = new List<int>();
        for (int n = 0; n < length; n++)
        {
            int token = sampler.Next(options, rng);
            tokens.Add(token);
            sampler.Feed(token);
        }
        return model.Vocabulary!.Decode(tokens);
    }

    [Fact]
    public void The_same_seed_gives_the_same_text_and_another_seed_another()
    {
        var model = TinyModels.Random();
        var options = new SamplingOptions { Temperature = 0.9, TopK = 6, TopP = 0.95 };
        Assert.Equal(Text(model, options, seed: 5), Text(model, options, seed: 5));
        Assert.NotEqual(Text(model, options, seed: 5), Text(model, options, seed: 6));
    }

    [Fact]
    public void The_first_token_without_a_prime_is_uniform_and_then_the_model_takes_over()
    {
        var model = TinyModels.WithProbabilities(0.97, 0.01, 0.01, 0.01);
        var counts = new int[4];
        for (ulong seed = 0; seed < 4000; seed++)
        {
            var sampler = new Sampler<float>(model.Network);
            counts[sampler.Next(SamplingOptions.ArgMax, new Rng(seed))]++;
        }
        Assert.True(ChiSquare(counts, [0.25, 0.25, 0.25, 0.25]) < 16.3, $"counts {string.Join(", ", counts)}");
        Assert.Throws<InvalidOperationException>(() => new Sampler<float>(model.Network).SamplingDistribution(SamplingOptions.Default));

        string greedy = Text(model, SamplingOptions.ArgMax, seed: 2, length: 20);
        Assert.Equal(new string('a', 19), greedy[1..]); // after the uniform first character, always the arg-max
    }

    [Fact]
    public void Sampling_distribution_shows_the_filtered_probabilities()
    {
        var sampler = new Sampler<float>(TinyModels.WithProbabilities(Known).Network);
        sampler.Feed(3);
        double[] p = sampler.SamplingDistribution(new SamplingOptions { TopP = 0.81 }).ToArray();
        Assert.Equal([0.5 / 0.95, 0.3 / 0.95, 0.15 / 0.95, 0], p, (x, y) => Math.Abs(x - y) < 1e-6);
    }

    [Theory]
    [InlineData(1.0, 0, 1.0)]
    [InlineData(0.7, 5, 0.9)]
    [InlineData(0.0, 0, 1.0)]
    public void Drawing_a_token_allocates_nothing(double temperature, int topK, double topP)
    {
        var model = TinyModels.Random();
        var sampler = new Sampler<float>(model.Network);
        var options = new SamplingOptions { Temperature = temperature, TopK = topK, TopP = topP };
        var rng = new Rng(1);
        int token = 0;
        for (int n = 0; n < 50; n++) // warm-up: JIT, tiering, first-call caches
        {
            sampler.Feed(token);
            token = sampler.Next(options, rng);
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int n = 0; n < 2000; n++)
        {
            sampler.Feed(token);
            token = sampler.Next(options, rng);
            token = sampler.Next(temperature, rng);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
