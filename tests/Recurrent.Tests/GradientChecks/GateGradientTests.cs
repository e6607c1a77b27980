// RecurrentModel.GateGradient names the notes' dL/dW_i, dL/dW_f, dL/dW_c, dL/dW_o: each must be the view of rows
// [gate·H, (gate+1)·H) of the one gradient buffer (same memory, not a copy) and must equal central differences
// taken over exactly those rows of the parameter.
using System.Runtime.CompilerServices;
using Recurrent.Models;
using Xunit.Abstractions;

namespace Recurrent.Tests.GradientChecks;

public sealed class GateGradientTests(ITestOutputHelper output)
{
    [Fact]
    public void Gate_gradients_are_the_right_slices_and_match_finite_differences()
    {
        var test = ModelCase.Create(CellKind.Lstm, InputKind.Dense, layers: 2, seed: 6000);
        test.Backward();
        var model = test.Model;
        const int hidden = ModelCase.Hidden;
        var results = new List<GradientCheckResult>();

        for (int k = 0; k < 2; k++)
        {
            foreach (string name in new[] { ParameterNames.WeightIh(k), ParameterNames.WeightHh(k), ParameterNames.BiasIh(k), ParameterNames.BiasHh(k) })
            {
                var info = model.Parameters[name];
                int columns = info.Shape.Length == 2 ? info.Shape[1] : 1;
                Assert.Equal(4 * hidden, info.Shape[0]);
                foreach (LstmGate gate in Enum.GetValues<LstmGate>())
                {
                    Span<double> slice = model.GateGradient(name, gate);
                    int start = (int)gate * hidden * columns, length = hidden * columns; // rows [gate·H, (gate+1)·H)
                    Span<double> rows = model.Parameters.Gradient(info).Slice(start, length);
                    Assert.Equal(length, slice.Length);
                    Assert.True(Unsafe.AreSame(ref slice[0], ref rows[0]), $"{name} {gate}: not a view of rows {(int)gate * hidden}..{((int)gate + 1) * hidden - 1}");
                    results.Add(FiniteDifference.Check($"{name} {gate}", test.Loss, model.Parameters.Values,
                        info.Offset + start, slice, output));
                }
            }
        }
        FiniteDifference.Summarize(results, output, nameof(Gate_gradients_are_the_right_slices_and_match_finite_differences));
    }

    [Fact]
    public void Gate_gradients_exist_only_for_lstm_recurrent_parameters()
    {
        var rnn = ModelCase.Create(CellKind.Rnn, InputKind.OneHot, layers: 1, seed: 6001).Model;
        Assert.Throws<InvalidOperationException>(() => rnn.GateGradient(ParameterNames.WeightHh(0), LstmGate.Forget));
        var lstm = ModelCase.Create(CellKind.Lstm, InputKind.OneHot, layers: 1, seed: 6002).Model;
        Assert.Throws<ArgumentException>(() => lstm.GateGradient(ParameterNames.HeadWeight, LstmGate.Forget));
        Assert.Throws<ArgumentException>(() => lstm.GateGradient(ParameterNames.WeightHh(1), LstmGate.Forget));
    }
}
