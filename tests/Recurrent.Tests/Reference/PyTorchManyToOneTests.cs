// Many-to-one models against PyTorch (float64 reference, see tools/reference, M2O_CASES): the head's outputs on the
// last step, the loss (MSE or cross-entropy), the final state and every gradient (parameters, initial h and C,
// dense inputs); then four steps of each optimizer with and without clipping. The double build must agree to
// rounding, the float32 build within 1e-5 of each tensor's largest magnitude, as for the per-step models.
using System.Numerics;
using Recurrent.Models;
using Recurrent.Training;
using Xunit.Abstractions;

namespace Recurrent.Tests.Reference;

public sealed class PyTorchManyToOneTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> Cases() => TorchFixture.ManyToOneCaseNames();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Double_matches_pytorch_to_rounding(string name) => CheckForwardBackward<double>(name, 1e-10);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float_matches_pytorch_within_1e5(string name) => CheckForwardBackward<float>(name, 1e-5);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Double_trajectories_match_pytorch_to_rounding(string name) => CheckTrajectories<double>(name, 1e-9);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float_trajectories_match_pytorch_within_1e5(string name) => CheckTrajectories<float>(name, 1e-5);

    private void CheckForwardBackward<T>(string name, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var fixture = ManyToOneFixture.Load(name);
        var torch = fixture.Torch;
        var (model, ws, state) = fixture.Build<T>();
        model.Forward(ws, torch.Steps, state);
        double loss = model.Loss(ws);
        model.Parameters.ZeroGradients();
        model.Backward(ws);
        var finalState = model.CreateState(torch.Batch);
        ws.CopyFinalState(finalState);

        var report = new List<(string What, double Deviation)>
        {
            ("outputs", Deviation.Relative<T>(ws.Outputs, torch.Tensor("outputs"))),
            ("loss", Deviation.Relative(loss, torch.Root.GetProperty("loss").GetDouble())),
            ("hT", Deviation.Relative<T>(finalState.Hiddens, torch.Tensor("hT"))),
        };
        var grads = torch.Root.GetProperty("grads");
        foreach (var info in model.Parameters.Parameters)
            report.Add(("d" + info.Name, Deviation.Relative<T>(model.Parameters.Gradient(info), TorchFixture.Tensor(grads.GetProperty(info.Name)))));
        report.Add(("dh0", Deviation.Relative<T>(PerLayer(ws, k => ws.InitialHiddenGradient(k)), TorchFixture.Tensor(grads.GetProperty("h0")))));
        if (torch.IsLstm)
        {
            report.Add(("cT", Deviation.Relative<T>(finalState.Cells, torch.Tensor("cT"))));
            report.Add(("dc0", Deviation.Relative<T>(PerLayer(ws, k => ws.InitialCellGradient(k)), TorchFixture.Tensor(grads.GetProperty("c0")))));
        }
        if (model.Spec.Input == InputKind.Dense)
            report.Add(("dinputs", Deviation.Relative<T>(ws.InputGradient, TorchFixture.Tensor(grads.GetProperty("inputs")))));

        foreach (var (what, deviation) in report)
            output.WriteLine($"{name} {typeof(T).Name} {what}: {deviation:E2}");
        Assert.All(report, entry => Assert.True(entry.Deviation <= tolerance, $"{entry.What}: {entry.Deviation:E3} > {tolerance:E0}"));
    }

    private void CheckTrajectories<T>(string name, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var fixture = ManyToOneFixture.Load(name);
        var torch = fixture.Torch;
        foreach (var trajectory in torch.Root.GetProperty("optimizers").EnumerateArray())
        {
            string optimizerName = trajectory.GetProperty("optimizer").GetString()!;
            Assert.True(OptimizerKinds.TryParse(optimizerName, out var kind), optimizerName);
            double momentum = trajectory.TryGetProperty("momentum", out var m) ? m.GetDouble() : 0;
            double clip = trajectory.GetProperty("clip").GetDouble();
            double? weightDecay = trajectory.TryGetProperty("weight_decay", out var wd) ? wd.GetDouble() : null;
            var (model, ws, state) = fixture.Build<T>();
            var optimizer = kind.Create<T>(model.Parameters.Count, trajectory.GetProperty("lr").GetDouble(), momentum, weightDecay);
            var losses = trajectory.GetProperty("losses").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var norms = trajectory.GetProperty("grad_norms").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            double worstLoss = 0, worstNorm = 0;
            for (int step = 0; step < trajectory.GetProperty("steps").GetInt32(); step++)
            {
                model.Parameters.ZeroGradients();
                model.Forward(ws, torch.Steps, state);
                worstLoss = Math.Max(worstLoss, Deviation.Relative(model.Loss(ws), losses[step]));
                model.Backward(ws);
                double norm = GradientClipping.ClipByGlobalNorm<T>(model.Parameters.Gradients, clip);
                worstNorm = Math.Max(worstNorm, Deviation.Relative(norm, norms[step]));
                optimizer.Step(model.Parameters.Values, model.Parameters.Gradients);
            }
            var after = trajectory.GetProperty("params_after");
            double worstParam = model.Parameters.Parameters.Max(info =>
                Deviation.Relative<T>(model.Parameters.Value(info), TorchFixture.Tensor(after.GetProperty(info.Name))));
            string label = $"{name} {typeof(T).Name} {optimizerName} momentum={momentum} clip={clip}";
            output.WriteLine($"{label}: loss {worstLoss:E2}, grad norm {worstNorm:E2}, params {worstParam:E2}");
            Assert.True(worstLoss <= tolerance, $"{label}: loss deviation {worstLoss:E3}");
            Assert.True(worstNorm <= tolerance, $"{label}: grad norm deviation {worstNorm:E3}");
            Assert.True(worstParam <= tolerance, $"{label}: parameter deviation {worstParam:E3}");
        }
    }

    private static T[] PerLayer<T>(StackWorkspace<T> ws, Func<int, ReadOnlySpan<T>> perLayer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var all = new List<T>();
        for (int k = 0; k < ws.Layers.Length; k++)
            all.AddRange(perLayer(k).ToArray());
        return all.ToArray();
    }
}
