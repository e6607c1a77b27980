// The output head's pieces alone: SoftmaxCrossEntropy (gradient of the mean loss w.r.t. the logits) and
// Linear (gradients w.r.t. W, bias and x of L = Σ a⊙Y), each against central differences.
using Recurrent.Layers;
using Recurrent.Numerics;
using Xunit.Abstractions;

namespace Recurrent.Tests.GradientChecks;

public sealed class HeadGradientTests(ITestOutputHelper output)
{
    [Fact]
    public void Softmax_cross_entropy_backward_matches_finite_differences()
    {
        const int rows = 4, classes = 5;
        var rng = new Rng(303);
        double[] logits = TestValues.Uniform(rng, rows * classes, TestValues.PreActivation);
        var targets = new int[rows];
        TestValues.FillIntegers(rng, targets, classes);
        var probabilities = new double[rows * classes];

        SoftmaxCrossEntropy.Forward<double>(logits, targets, probabilities, classes);
        var dLogits = new double[rows * classes];
        SoftmaxCrossEntropy.Backward<double>(probabilities, targets, dLogits, classes);

        double Loss() => SoftmaxCrossEntropy.Forward<double>(logits, targets, new double[rows * classes], classes);

        var result = FiniteDifference.Check("dLogits", Loss, logits, 0, dLogits, output);
        FiniteDifference.Summarize([result], output, nameof(Softmax_cross_entropy_backward_matches_finite_differences));
    }

    [Fact]
    public void Linear_backward_matches_finite_differences_and_accumulates()
    {
        const int rows = 4, inputs = 3, outputs = 5;
        var rng = new Rng(404);
        double[] x = TestValues.Uniform(rng, rows * inputs, TestValues.Input);
        double[] w = TestValues.Uniform(rng, outputs * inputs, TestValues.Weight);
        double[] bias = TestValues.Uniform(rng, outputs, TestValues.Weight);
        double[] a = TestValues.Uniform(rng, rows * outputs, 1.0); // dL/dY

        // Backward accumulates: start from nonzero buffers and check the increments.
        double[] dW0 = TestValues.Uniform(rng, w.Length, 1.0), dBias0 = TestValues.Uniform(rng, bias.Length, 1.0);
        double[] dX0 = TestValues.Uniform(rng, x.Length, 1.0);
        double[] dW = (double[])dW0.Clone(), dBias = (double[])dBias0.Clone(), dX = (double[])dX0.Clone();
        Linear.Backward<double>(x, w, a, dW, dBias, dX, rows, inputs, outputs);
        Subtract(dW, dW0);
        Subtract(dBias, dBias0);
        Subtract(dX, dX0);

        double Loss()
        {
            var y = new double[rows * outputs];
            Linear.Forward<double>(x, w, bias, y, rows, inputs, outputs);
            double sum = 0;
            for (int k = 0; k < y.Length; k++)
                sum += a[k] * y[k];
            return sum;
        }

        GradientCheckResult[] results =
        [
            FiniteDifference.Check("dW", Loss, w, 0, dW, output),
            FiniteDifference.Check("dBias", Loss, bias, 0, dBias, output),
            FiniteDifference.Check("dX", Loss, x, 0, dX, output),
        ];
        FiniteDifference.Summarize(results, output, nameof(Linear_backward_matches_finite_differences_and_accumulates));

        // An empty dX skips the input gradient and leaves the weight gradients the same.
        double[] dW2 = new double[w.Length], dBias2 = new double[bias.Length];
        Linear.Backward<double>(x, w, a, dW2, dBias2, [], rows, inputs, outputs);
        for (int k = 0; k < w.Length; k++)
            Assert.Equal(dW[k], dW2[k], 1e-12);
        for (int k = 0; k < bias.Length; k++)
            Assert.Equal(dBias[k], dBias2[k], 1e-12);
    }

    private static void Subtract(double[] x, double[] y)
    {
        for (int k = 0; k < x.Length; k++)
            x[k] -= y[k];
    }
}
