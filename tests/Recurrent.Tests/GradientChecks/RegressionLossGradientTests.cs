// The regression losses other than the mean squared error, through whole models: the pinball loss over quantiles on
// heads of several outputs (each target replicated once per quantile) and the mean absolute error, on the last step
// and at every step, every cell, 1 and 2 layers; every gradient against float64 central differences. Both losses
// have a kink where an output meets its target, so the targets are drawn at least 0.05 away from every output: the
// differences then never straddle a kink. And each loss layer alone.
using Recurrent.Layers;
using Recurrent.Models;
using Recurrent.Numerics;
using Xunit.Abstractions;

namespace Recurrent.Tests.GradientChecks;

public sealed class RegressionLossGradientTests(ITestOutputHelper output)
{
    private const double KinkMargin = 0.05;

    public static TheoryData<CellKind, int, RegressionLoss, Readout> Cases()
    {
        var data = new TheoryData<CellKind, int, RegressionLoss, Readout>();
        foreach (var cell in new[] { CellKind.Rnn, CellKind.Lstm, CellKind.Gru })
            foreach (int layers in new[] { 1, 2 })
                data.Add(cell, layers, RegressionLoss.Quantile, Readout.LastStep);
        data.Add(CellKind.Lstm, 2, RegressionLoss.Quantile, Readout.EveryStep);
        data.Add(CellKind.Gru, 1, RegressionLoss.MeanAbsoluteError, Readout.LastStep);
        data.Add(CellKind.Rnn, 2, RegressionLoss.MeanAbsoluteError, Readout.EveryStep);
        data.Add(CellKind.Lstm, 1, RegressionLoss.MeanAbsoluteError, Readout.LastStep);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_gradient_of_the_loss_matches_finite_differences(CellKind cell, int layers, RegressionLoss loss, Readout readout)
    {
        double[] quantiles = loss == RegressionLoss.Quantile ? [0.1, 0.5, 0.9] : [];
        int replicas = Math.Max(quantiles.Length, 1);
        var spec = new ModelSpec(cell, InputKind.Dense, ModelCase.DenseInputs, ModelCase.Hidden, layers, 2 * replicas)
        {
            Head = HeadKind.Regression, Readout = readout, Loss = loss, Quantiles = quantiles,
        };
        var test = ModelCase.Create(spec, seed: 9100 + (ulong)(100 * (int)cell + 10 * layers + 2 * (int)loss + (int)readout));
        DrawTargetsAwayFromTheKinks(test, replicas);
        double value = test.Backward();
        string label = $"{cell} L={layers} {loss} {readout}";
        output.WriteLine($"{label}: loss {value:F6}");

        var results = test.CheckEverything(output);
        FiniteDifference.Summarize(results, output, label);
        Assert.All(results, r => Assert.True(r.MaxNumeric > 0, $"{r.What}: the gradient is identically zero, the check proves nothing"));
    }

    /// <summary>Targets in ±1, one per group of <paramref name="replicas"/> outputs, each at least KinkMargin from all of them.</summary>
    private static void DrawTargetsAwayFromTheKinks(ModelCase test, int replicas)
    {
        test.Loss(); // the outputs the targets must avoid
        var ws = test.Workspace;
        int size = ws.OutputRows * test.Model.Spec.OutputSize;
        for (int group = 0; group < size; group += replicas)
        {
            double target;
            do
                target = 2 * test.Rng.NextDouble() - 1;
            while (Enumerable.Range(group, replicas).Any(k => Math.Abs(target - ws.Outputs[k]) < KinkMargin));
            ws.TargetValues.AsSpan(group, replicas).Fill(target);
        }
        test.Loss();
        for (int k = 0; k < size; k++)
            Assert.True(Math.Abs(ws.TargetValues[k] - ws.Outputs[k]) >= KinkMargin);
    }

    [Fact]
    public void Mean_absolute_error_backward_matches_finite_differences_and_accumulates()
    {
        var rng = new Rng(606);
        double[] predictions = TestValues.Uniform(rng, 12, 1.0), targets = TestValues.Uniform(rng, 12, 1.0);
        Assert.All(predictions.Zip(targets), pair => Assert.True(Math.Abs(pair.First - pair.Second) > 1e-3));
        double[] start = TestValues.Uniform(rng, 12, 1.0), gradient = (double[])start.Clone();
        MeanAbsoluteError.Backward<double>(predictions, targets, gradient);
        for (int k = 0; k < gradient.Length; k++)
            gradient[k] -= start[k];
        var result = FiniteDifference.Check("dPredictions", () => MeanAbsoluteError.Forward<double>(predictions, targets),
            predictions, 0, gradient, output);
        FiniteDifference.Summarize([result], output, nameof(Mean_absolute_error_backward_matches_finite_differences_and_accumulates));
    }

    [Fact]
    public void Pinball_backward_matches_finite_differences_and_accumulates()
    {
        const int outputs = 6;
        double[] quantiles = [0.1, 0.5, 0.9];
        var rng = new Rng(707);
        double[] predictions = TestValues.Uniform(rng, 4 * outputs, 1.0), targets = TestValues.Uniform(rng, 4 * outputs, 1.0);
        Assert.All(predictions.Zip(targets), pair => Assert.True(Math.Abs(pair.First - pair.Second) > 1e-3));
        double[] start = TestValues.Uniform(rng, predictions.Length, 1.0), gradient = (double[])start.Clone();
        PinballLoss.Backward<double>(predictions, targets, quantiles, outputs, gradient);
        for (int k = 0; k < gradient.Length; k++)
            gradient[k] -= start[k];
        var result = FiniteDifference.Check("dPredictions", () => PinballLoss.Forward<double>(predictions, targets, quantiles, outputs),
            predictions, 0, gradient, output);
        FiniteDifference.Summarize([result], output, nameof(Pinball_backward_matches_finite_differences_and_accumulates));
    }
}
