// Central finite differences, (f(x+ε) − f(x−ε)) / 2ε, of a scalar loss with respect to every element of a
// tensor, compared with an analytic gradient. In float64 with ε = 1e-6 the truncation error (≈ ε²·f‴/6) is
// about 1e-13 and the rounding error about ulp(f)/ε ≈ 1e-10, so a correct gradient agrees to ~1e-9 absolute.
using Xunit.Abstractions;

namespace Recurrent.Tests.GradientChecks;

/// <summary>Checks an analytic gradient element by element against central differences of a loss.</summary>
public static class FiniteDifference
{
    public const double Epsilon = 1e-6;

    /// <summary>Pass when |analytic − numeric| ≤ AbsoluteTolerance + RelativeTolerance·|numeric|.</summary>
    public const double AbsoluteTolerance = 1e-8, RelativeTolerance = 1e-6;

    /// <summary>Relative errors are reported only where |numeric| is at least this (smaller ones are noise).</summary>
    public const double RelativeFloor = 1e-6;

    /// <summary>
    /// For each k, perturbs target[offset + k] by ±ε, evaluates <paramref name="loss"/> (which reads target),
    /// restores the value exactly and compares the quotient with analytic[k]; asserts every element. The analytic
    /// values are copied first, so the loss may reuse the buffers they came from.
    /// </summary>
    public static GradientCheckResult Check(string what, Func<double> loss, double[] target, int offset,
        ReadOnlySpan<double> analytic, ITestOutputHelper? output = null)
    {
        double[] expected = analytic.ToArray();
        var failures = new List<string>();
        double maxAbs = 0, maxRel = 0, worst = 0, maxNumeric = 0;
        for (int k = 0; k < expected.Length; k++)
        {
            double numeric = Numeric(loss, target, offset + k);
            double error = Math.Abs(expected[k] - numeric);
            double tolerance = AbsoluteTolerance + RelativeTolerance * Math.Abs(numeric);
            maxAbs = Math.Max(maxAbs, error);
            maxNumeric = Math.Max(maxNumeric, Math.Abs(numeric));
            worst = Math.Max(worst, error / tolerance);
            if (Math.Abs(numeric) >= RelativeFloor)
                maxRel = Math.Max(maxRel, error / Math.Abs(numeric));
            if (!(error <= tolerance)) // also catches NaN
                failures.Add($"{what}[{k}]: analytic {expected[k]:R} numeric {numeric:R} |diff| {error:E3} > tol {tolerance:E3}");
        }
        var result = new GradientCheckResult(what, expected.Length, maxAbs, maxRel, worst, maxNumeric);
        output?.WriteLine(result.ToString());
        Assert.True(failures.Count == 0,
            $"{failures.Count} of {expected.Length} elements of {what} disagree:\n" + string.Join("\n", failures.Take(12)));
        return result;
    }

    /// <summary>The central difference of the loss with respect to target[index]; target is restored bit for bit.</summary>
    public static double Numeric(Func<double> loss, double[] target, int index)
    {
        double original = target[index];
        double plus = original + Epsilon, minus = original - Epsilon;
        target[index] = plus;
        double lossPlus = loss();
        target[index] = minus;
        double lossMinus = loss();
        target[index] = original;
        return (lossPlus - lossMinus) / (plus - minus); // the step actually taken, after rounding x ± ε
    }

    /// <summary>Writes the largest errors of a test's checks and returns the largest relative error among them.</summary>
    public static double Summarize(IEnumerable<GradientCheckResult> results, ITestOutputHelper output, string test)
    {
        var all = results.ToList();
        double maxRel = all.Max(r => r.MaxRelativeError), maxAbs = all.Max(r => r.MaxAbsoluteError);
        double worst = all.Max(r => r.WorstToTolerance);
        output.WriteLine($"SUMMARY {test}: {all.Sum(r => r.Count)} elements in {all.Count} tensors, " +
            $"largest relative error {maxRel:E2}, largest absolute error {maxAbs:E2}, worst/tolerance {worst:F3}");
        return maxRel;
    }
}
