// Truncated BPTT: window 2 starts from the state window 1 ended in, and its gradient stops at the boundary, so it
// is the gradient of window 2's loss with that carried state held constant. Checked by central differences, and
// shown to differ both from the gradient from a zero state (the carried state matters) and from the untruncated
// gradient through both windows (the gradient really stops). The carried state itself is checked against one
// straight Forward over both windows.
using Recurrent.Models;
using Xunit.Abstractions;

namespace Recurrent.Tests.GradientChecks;

public sealed class TruncatedBpttGradientTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(CellKind.Rnn, InputKind.OneHot, 1)]
    [InlineData(CellKind.Rnn, InputKind.OneHot, 2)]
    [InlineData(CellKind.Lstm, InputKind.OneHot, 1)]
    [InlineData(CellKind.Lstm, InputKind.OneHot, 2)]
    [InlineData(CellKind.Lstm, InputKind.Dense, 2)]
    [InlineData(CellKind.Gru, InputKind.OneHot, 2)]
    [InlineData(CellKind.Gru, InputKind.Dense, 1)]
    public void Window_from_carried_state_matches_finite_differences(CellKind cell, InputKind input, int layers)
    {
        var test = ModelCase.Create(cell, input, layers, seed: 5000 + (ulong)(10 * (int)cell + layers));
        var model = test.Model;
        var ws = test.Workspace;
        int logitCount = ModelCase.Steps * ModelCase.Batch * model.Spec.OutputSize;

        // Window 1 from the zero state, as at the start of an epoch, a whole training step as the Trainer runs it
        // (so window 2's Backward also proves that nothing leaks from a previous Backward); its final state is carried on.
        var window1 = Snapshot(ws);
        test.State = model.CreateState(ModelCase.Batch);
        test.Backward();
        var carried = model.CreateState(ModelCase.Batch);
        ws.CopyFinalState(carried);
        Assert.Contains(carried.Hiddens, v => Math.Abs(v) > 1e-3);

        // Window 2: new inputs and targets, from the carried state.
        test.FillWindow();
        var window2 = Snapshot(ws);
        Assert.False(window1.Targets.AsSpan().SequenceEqual(window2.Targets), "window 2 should have new targets");
        test.State = carried;
        double loss = test.Backward();
        double[] logitsCarried = ws.Outputs.AsSpan(0, logitCount).ToArray();
        double[] gradientCarried = (double[])model.Parameters.Gradients.Clone();
        output.WriteLine($"{cell} {input} L={layers}: window 2 loss from the carried state {loss:F6}");

        var results = test.CheckParameters(output);
        results.AddRange(test.CheckInitialState(output)); // dL/d(carried state): what truncation drops
        if (input == InputKind.Dense)
            results.Add(test.CheckInputs(output));
        FiniteDifference.Summarize(results, output, $"TBPTT window 2, {cell} {input} L={layers}");

        // The carried state is the true continuation: one Forward over both windows gives window 2's logits.
        var both = model.CreateWorkspace(2 * ModelCase.Steps, ModelCase.Batch);
        Concatenate(window1, window2, both);
        model.Forward(both, 2 * ModelCase.Steps, model.CreateState(ModelCase.Batch));
        double continuation = MaxDifference(logitsCarried, both.Outputs.AsSpan(logitCount, logitCount));
        Assert.True(continuation <= 1e-12, $"window 2 from the carried state differs from the straight run by {continuation:E3}");

        // The same window from a zero state: different logits and a different gradient.
        test.State = model.CreateState(ModelCase.Batch);
        test.Backward();
        double logitChange = MaxDifference(logitsCarried, ws.Outputs.AsSpan(0, logitCount));
        double gradientChange = MaxDifference(gradientCarried, model.Parameters.Gradients);
        output.WriteLine($"zero vs carried state: max |Δlogit| {logitChange:E3}, max |Δgradient| {gradientChange:E3}");
        Assert.True(logitChange > 1e-3, $"the carried state barely changes the logits ({logitChange:E3})");
        Assert.True(gradientChange > 1e-4, $"the carried state barely changes the gradient ({gradientChange:E3})");

        // The untruncated gradient of window 2's loss, through window 1 as well, differs from the truncated one.
        double FullLoss()
        {
            Restore(ws, window1);
            test.State = model.CreateState(ModelCase.Batch);
            test.Loss();
            var state = model.CreateState(ModelCase.Batch);
            ws.CopyFinalState(state);
            Restore(ws, window2);
            test.State = state;
            return test.Loss();
        }
        var hh = model.Parameters[ParameterNames.WeightHh(0)];
        double throughBoth = 0;
        for (int k = 0; k < hh.Length; k++)
            throughBoth = Math.Max(throughBoth, Math.Abs(
                FiniteDifference.Numeric(FullLoss, model.Parameters.Values, hh.Offset + k) - gradientCarried[hh.Offset + k]));
        output.WriteLine($"untruncated vs truncated d{hh.Name}: max |Δ| {throughBoth:E3}");
        Assert.True(throughBoth > 1e-4, $"truncated and full BPTT gradients of {hh.Name} agree ({throughBoth:E3}): nothing to truncate?");
    }

    private sealed record Window(int[] Tokens, double[] Inputs, int[] Targets);

    private static Window Snapshot(ModelWorkspace<double> ws) =>
        new((int[])ws.Tokens.Clone(), (double[])ws.Inputs.Clone(), (int[])ws.Targets.Clone());

    private static void Restore(ModelWorkspace<double> ws, Window window)
    {
        window.Tokens.CopyTo(ws.Tokens, 0);
        window.Inputs.CopyTo(ws.Inputs, 0);
        window.Targets.CopyTo(ws.Targets, 0);
    }

    private static void Concatenate(Window first, Window second, ModelWorkspace<double> ws)
    {
        // Time-major rows: window 1's T·B rows, then window 2's.
        first.Tokens.CopyTo(ws.Tokens, 0);
        second.Tokens.CopyTo(ws.Tokens, first.Tokens.Length);
        first.Inputs.CopyTo(ws.Inputs, 0);
        second.Inputs.CopyTo(ws.Inputs, first.Inputs.Length);
        first.Targets.CopyTo(ws.Targets, 0);
        second.Targets.CopyTo(ws.Targets, first.Targets.Length);
    }

    private static double MaxDifference(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        double max = 0;
        for (int k = 0; k < x.Length; k++)
            max = Math.Max(max, Math.Abs(x[k] - y[k]));
        return max;
    }
}
