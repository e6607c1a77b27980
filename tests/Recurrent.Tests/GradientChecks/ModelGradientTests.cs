// Whole models, RNN, LSTM and GRU, one layer and a 2-layer stack, dense, one-hot and embedded input (the last with
// fixed dropout masks between layers and before the head), with each head: classification (softmax cross-entropy)
// or regression (mean squared error), reading every step or the last. Every parameter's gradient, the initial
// state's (h0, and C0 for the LSTM) and the dense input's, against central differences over a window of T = 4 steps
// for B = 2 sequences from a nonzero initial state. A head on the last step reaches the early steps only through
// the recurrence, so those cases also check BPTT with a gradient that enters at one step. And the MSE layer alone.
using Recurrent.Layers;
using Recurrent.Models;
using Recurrent.Numerics;
using Xunit.Abstractions;

namespace Recurrent.Tests.GradientChecks;

public sealed class ModelGradientTests(ITestOutputHelper output)
{
    public static TheoryData<CellKind, InputKind, int> Cases()
    {
        var data = new TheoryData<CellKind, InputKind, int>();
        foreach (var cell in new[] { CellKind.Rnn, CellKind.Lstm, CellKind.Gru })
            foreach (var input in new[] { InputKind.Dense, InputKind.OneHot, InputKind.Embedding })
                foreach (int layers in new[] { 1, 2 })
                    data.Add(cell, input, layers);
        return data;
    }

    /// <summary>The other heads: every cell with dense input on 1 and 2 layers, and a few token cases.</summary>
    public static TheoryData<CellKind, InputKind, int, HeadKind, Readout> HeadCases()
    {
        var data = new TheoryData<CellKind, InputKind, int, HeadKind, Readout>();
        foreach (var cell in new[] { CellKind.Rnn, CellKind.Lstm, CellKind.Gru })
        {
            foreach (var head in new[] { HeadKind.Regression, HeadKind.Classification })
                foreach (int layers in new[] { 1, 2 })
                    data.Add(cell, InputKind.Dense, layers, head, Readout.LastStep);
            data.Add(cell, InputKind.Dense, 2, HeadKind.Regression, Readout.EveryStep);
        }
        data.Add(CellKind.Lstm, InputKind.OneHot, 2, HeadKind.Classification, Readout.LastStep);
        data.Add(CellKind.Gru, InputKind.OneHot, 1, HeadKind.Regression, Readout.LastStep);
        data.Add(CellKind.Rnn, InputKind.Embedding, 2, HeadKind.Classification, Readout.LastStep);
        data.Add(CellKind.Lstm, InputKind.Embedding, 2, HeadKind.Regression, Readout.LastStep);
        data.Add(CellKind.Gru, InputKind.Embedding, 1, HeadKind.Regression, Readout.EveryStep);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_model_gradient_matches_finite_differences(CellKind cell, InputKind input, int layers) =>
        Check(cell, input, layers, HeadKind.Classification, Readout.EveryStep,
            seed: 1000 + (ulong)(100 * (int)cell + 10 * (int)input + layers));

    [Theory]
    [MemberData(nameof(HeadCases))]
    public void Every_gradient_of_every_head_matches_finite_differences(CellKind cell, InputKind input, int layers, HeadKind head, Readout readout) =>
        Check(cell, input, layers, head, readout,
            seed: 7000 + (ulong)(100 * (int)cell + 10 * (int)input + 4 * layers + 2 * (int)head + (int)readout));

    private void Check(CellKind cell, InputKind input, int layers, HeadKind head, Readout readout, ulong seed)
    {
        var test = ModelCase.Create(cell, input, layers, seed, head, readout);
        double loss = test.Backward();
        string label = $"{cell} {input} L={layers} {head} {readout}";
        output.WriteLine($"{label}: loss {loss:F6}");

        var results = test.CheckEverything(output);
        FiniteDifference.Summarize(results, output, label);
        Assert.All(results, r => Assert.True(r.MaxNumeric > 0, $"{r.What}: the gradient is identically zero, the check proves nothing"));
    }

    [Fact]
    public void With_a_head_on_the_last_step_the_first_step_reaches_the_loss_only_through_time()
    {
        // Inputs of step 0 matter (nonzero gradient) though the head reads step T-1 only: BPTT carried them.
        var test = ModelCase.Create(CellKind.Lstm, InputKind.Dense, 1, seed: 77, HeadKind.Regression, Readout.LastStep);
        test.Backward();
        var firstStep = test.Workspace.InputGradient.AsSpan(0, ModelCase.Batch * ModelCase.DenseInputs).ToArray();
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
