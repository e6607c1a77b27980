// Four steps of each optimizer, with and without clipping, against torch.optim on the same model, for every head:
// the loss and pre-clip gradient norm at every step and every parameter after the last step. The steps are the
// library's own Trainer.Step on the fixture's batch, from its initial state and with its dropout masks.
using System.Numerics;
using Recurrent.Training;
using Xunit.Abstractions;

namespace Recurrent.Tests.Reference;

public sealed class PyTorchOptimizerTests(ITestOutputHelper output)
{
    public static IEnumerable<object[]> Cases() => TorchFixture.CaseNames();

    [Theory]
    [MemberData(nameof(Cases))]
    public void Double_trajectories_match_pytorch_to_rounding(string name) => Check<double>(name, 1e-9);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float_trajectories_match_pytorch_within_1e5(string name) => Check<float>(name, 1e-5);

    private void Check<T>(string name, double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var fixture = TorchFixture.Load(name);
        foreach (var trajectory in fixture.Root.GetProperty("optimizers").EnumerateArray())
        {
            string optimizerName = trajectory.GetProperty("optimizer").GetString()!;
            Assert.True(OptimizerKinds.TryParse(optimizerName, out var kind), optimizerName);
            double momentum = trajectory.TryGetProperty("momentum", out var m) ? m.GetDouble() : 0;
            double clip = trajectory.GetProperty("clip").GetDouble();
            double? weightDecay = trajectory.TryGetProperty("weight_decay", out var wd) ? wd.GetDouble() : null;
            var model = fixture.BuildModel<T>();
            var optimizer = kind.Create<T>(model.Parameters.Count, trajectory.GetProperty("lr").GetDouble(), momentum, weightDecay);
            var trainer = new Trainer<T>(model, new FixtureBatches(fixture), optimizer, clip, fixedDropoutMasks: true);
            fixture.WriteDropoutMasks(trainer.Workspace);
            fixture.WriteClassWeights(trainer.Workspace);
            fixture.WriteInitialState(trainer.State);
            var losses = trajectory.GetProperty("losses").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var norms = trajectory.GetProperty("grad_norms").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            double worstLoss = 0, worstNorm = 0;
            for (int step = 0; step < trajectory.GetProperty("steps").GetInt32(); step++)
            {
                var taken = trainer.Step();
                worstLoss = Math.Max(worstLoss, Deviation.Relative(taken.Loss, losses[step]));
                worstNorm = Math.Max(worstNorm, Deviation.Relative(taken.GradientNorm, norms[step]));
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
}
