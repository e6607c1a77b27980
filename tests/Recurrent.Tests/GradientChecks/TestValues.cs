// Seeded random values in the ranges where the nonlinearities are non-trivial: weights ±0.6, states ±0.5,
// pre-activations ±2 (σ and tanh are neither linear nor saturated there).
using Recurrent.Numerics;

namespace Recurrent.Tests.GradientChecks;

/// <summary>Fills buffers with uniform doubles (full 53-bit precision, not rounded to float) from a seeded Rng.</summary>
public static class TestValues
{
    public const double Weight = 0.6, State = 0.5, PreActivation = 2.0, Input = 1.0;

    public static void Fill(Rng rng, Span<double> values, double bound)
    {
        for (int k = 0; k < values.Length; k++)
            values[k] = bound * (2 * rng.NextDouble() - 1);
    }

    public static double[] Uniform(Rng rng, int count, double bound)
    {
        var values = new double[count];
        Fill(rng, values, bound);
        return values;
    }

    public static void FillIntegers(Rng rng, Span<int> values, int count)
    {
        for (int k = 0; k < values.Length; k++)
            values[k] = rng.NextInt(count);
    }
}
