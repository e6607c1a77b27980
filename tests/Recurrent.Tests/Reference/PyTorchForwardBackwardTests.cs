// Forward values, loss and every gradient against PyTorch (float64 reference, see tools/reference), for every
// head: classes at every step (character models), classes or values from the last step or the last N steps, values at every step.
// The double build of the same code must agree to rounding (1e-10); the float32 build, which users
// run, within 1e-5 of each tensor's largest magnitude.
using System.Numerics;
using Recurrent.Models;
using Xunit.Abstractions;

namespace Recurrent.Tests.Reference;

public sealed class PyTorchForwardBackwardTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> Cases() => TorchFixture.CaseNames();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Double_matches_pytorch_to_rounding(string name) => Check<double>(name, 1e-10);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float_matches_pytorch_within_1e5(string name) => Check<float>(name, 1e-5);

    private void Check<T>(string name, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var fixture = TorchFixture.Load(name);
        var (model, ws, state) = fixture.Build<T>();
        model.Forward(ws, fixture.Steps, state, fixture.Training);
        double loss = model.Loss(ws);
        model.Parameters.ZeroGradients();
        model.Backward(ws);
        var finalState = model.CreateState(fixture.Batch);
        ws.CopyFinalState(finalState);

        var report = new List<(string What, double Deviation)>
        {
            ("outputs", Deviation.Relative<T>(ws.Outputs, fixture.Outputs)),
            ("loss", Deviation.Relative(loss, fixture.Root.GetProperty("loss").GetDouble())),
            ("hT", Deviation.Relative<T>(finalState.Hiddens, fixture.Tensor("hT"))),
        };
        var grads = fixture.Root.GetProperty("grads");
        foreach (var info in model.Parameters.Parameters)
            report.Add(("d" + info.Name, Deviation.Relative<T>(model.Parameters.Gradient(info), TorchFixture.Tensor(grads.GetProperty(info.Name)))));
        report.Add(("dh0", Deviation.Relative<T>(Stack(ws, k => ws.InitialHiddenGradient(k)), TorchFixture.Tensor(grads.GetProperty("h0")))));
        if (fixture.IsLstm)
        {
            report.Add(("cT", Deviation.Relative<T>(finalState.Cells, fixture.Tensor("cT"))));
            report.Add(("dc0", Deviation.Relative<T>(Stack(ws, k => ws.InitialCellGradient(k)), TorchFixture.Tensor(grads.GetProperty("c0")))));
        }
        if (model.Spec.Input == InputKind.Dense)
            report.Add(("dinputs", Deviation.Relative<T>(ws.InputGradient, TorchFixture.Tensor(grads.GetProperty("inputs")))));

        foreach (var (what, deviation) in report)
            output.WriteLine($"{name} {typeof(T).Name} {what}: {deviation:E2}");
        Assert.All(report, entry => Assert.True(entry.Deviation <= tolerance, $"{entry.What}: {entry.Deviation:E3} > {tolerance:E0}"));
    }

    private static T[] Stack<T>(ModelWorkspace<T> ws, Func<int, ReadOnlySpan<T>> perLayer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var all = new List<T>();
        for (int k = 0; k < ws.Layers.Length; k++)
            all.AddRange(perLayer(k).ToArray());
        return all.ToArray();
    }
}
