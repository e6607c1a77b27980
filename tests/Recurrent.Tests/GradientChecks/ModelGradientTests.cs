// Whole models, RNN, LSTM and GRU, one layer and a 2-layer stack, dense, one-hot and embedded input (the last with
// fixed dropout masks between layers and before the head): every parameter's gradient,
// the initial state's (h0, and C0 for the LSTM) and the dense input's, against central differences of the mean
// cross-entropy over a window of T = 4 steps for B = 2 sequences from a nonzero initial state.
using Recurrent.Models;
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

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_model_gradient_matches_finite_differences(CellKind cell, InputKind input, int layers)
    {
        var test = ModelCase.Create(cell, input, layers, seed: 1000 + (ulong)(100 * (int)cell + 10 * (int)input + layers));
        double loss = test.Backward();
        output.WriteLine($"{cell} {input} L={layers}: loss {loss:F6}");

        var results = test.CheckParameters(output);
        results.AddRange(test.CheckInitialState(output));
        if (input == InputKind.Dense)
            results.Add(test.CheckInputs(output));

        FiniteDifference.Summarize(results, output, $"{cell} {input} L={layers}");
        Assert.All(results, r => Assert.True(r.MaxNumeric > 0, $"{r.What}: the gradient is identically zero, the check proves nothing"));
    }
}
