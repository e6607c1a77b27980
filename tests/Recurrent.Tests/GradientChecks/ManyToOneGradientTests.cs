// Many-to-one models, RNN, LSTM and GRU, one layer and a 2-layer stack, with the regression (MSE) and the
// classification (softmax cross-entropy) head on the last step, dense, one-hot and embedded input (the last with
// fixed dropout masks): every parameter's gradient, the initial state's and the dense input's, against central
// differences over T = 5 steps for B = 2 sequences. The early steps reach the loss only through the recurrence, so
// these also check BPTT with a gradient that enters at one step. And the MSE layer alone.
using Recurrent.Layers;
using Recurrent.Models;
using Recurrent.Numerics;
using Xunit.Abstractions;

namespace Recurrent.Tests.GradientChecks;

public sealed class ManyToOneGradientTests(ITestOutputHelper output)
{
    public static TheoryData<CellKind, InputKind, int, HeadKind> Cases()
    {
        var data = new TheoryData<CellKind, InputKind, int, HeadKind>();
        foreach (var cell in new[] { CellKind.Rnn, CellKind.Lstm, CellKind.Gru })
            foreach (var head in new[] { HeadKind.Regression, HeadKind.Classification })
            {
                data.Add(cell, InputKind.Dense, 1, head);
                data.Add(cell, InputKind.Dense, 2, head);
            }
        data.Add(CellKind.Lstm, InputKind.OneHot, 2, HeadKind.Classification);
        data.Add(CellKind.Gru, InputKind.OneHot, 1, HeadKind.Regression);
        data.Add(CellKind.Rnn, InputKind.Embedding, 2, HeadKind.Classification);
        data.Add(CellKind.Lstm, InputKind.Embedding, 2, HeadKind.Regression);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_many_to_one_gradient_matches_finite_differences(CellKind cell, InputKind input, int layers, HeadKind head)
    {
        var test = ManyToOneCase.Create(cell, input, layers, head,
            seed: 7000 + (ulong)(100 * (int)cell + 10 * (int)input + 2 * layers + (int)head));
        double loss = test.Backward();
        output.WriteLine($"{cell} {input} L={layers} {head}: loss {loss:F6}");

        var results = test.CheckEverything(output);
        FiniteDifference.Summarize(results, output, $"{cell} {input} L={layers} {head}");
        Assert.All(results, r => Assert.True(r.MaxNumeric > 0, $"{r.What}: the gradient is identically zero, the check proves nothing"));
    }

    [Fact]
    public void The_first_step_reaches_the_loss_only_through_time()
    {
        // Inputs of step 0 matter (nonzero gradient) though the head reads step T-1 only: BPTT carried them.
        var test = ManyToOneCase.Create(CellKind.Lstm, InputKind.Dense, 1, HeadKind.Regression, seed: 77);
        test.Backward();
        var firstStep = test.Workspace.InputGradient.AsSpan(0, ManyToOneCase.Batch * ManyToOneCase.DenseInputs).ToArray();
        Assert.Contains(firstStep, g => Math.Abs(g) > 1e-6);
    }

    [Fact]
    public void Mean_squared_error_matches_torch_definition_and_finite_differences()
    {
        const int rows = 3, outputs = 2;
        var rng = new Rng(505);
        double[] predictions = TestValues.Uniform(rng, rows * outputs, 1.0), targets = TestValues.Uniform(rng, rows * outputs, 1.0);
        double expected = predictions.Zip(targets, (p, y) => (p - y) * (p - y)).Sum() / (rows * outputs);
        Assert.Equal(expected, MeanSquaredError.Forward<double>(predictions, targets), 15);

        // Backward accumulates: start from a nonzero buffer and check the increment.
        double[] start = TestValues.Uniform(rng, rows * outputs, 1.0), gradient = (double[])start.Clone();
        MeanSquaredError.Backward<double>(predictions, targets, gradient);
        for (int k = 0; k < gradient.Length; k++)
            gradient[k] -= start[k];
        var result = FiniteDifference.Check("dPredictions", () => MeanSquaredError.Forward<double>(predictions, targets),
            predictions, 0, gradient, output);
        FiniteDifference.Summarize([result], output, nameof(Mean_squared_error_matches_torch_definition_and_finite_differences));
    }
}
