// A head on the last N steps (torch's head over out[-N:]), as a forecaster's head reads the steps of its horizon:
// its outputs are the rows an every-step head writes for those steps, its gradients match float64 central
// differences (the head's and every earlier step's through the recurrence), it round-trips through the model file,
// and a window shorter than N is refused.
using Recurrent.Models;
using Recurrent.Tests.GradientChecks;
using Xunit.Abstractions;

namespace Recurrent.Tests.Models;

public sealed class ReadoutStepsTests(ITestOutputHelper output)
{
    private static ModelSpec Spec(CellKind cell, Readout readout, int readoutSteps) =>
        new(cell, InputKind.Dense, ModelCase.DenseInputs, ModelCase.Hidden, 2, ModelCase.Values)
        {
            Head = HeadKind.Regression, Readout = readout, ReadoutSteps = readoutSteps,
        };

    [Theory]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    [InlineData(CellKind.Rnn)]
    public void The_last_N_steps_give_the_rows_an_every_step_head_gives_for_them(CellKind cell)
    {
        const int n = 3;
        var last = ModelCase.Create(Spec(cell, Readout.LastStep, n), seed: 77);
        var every = ModelCase.Create(Spec(cell, Readout.EveryStep, 1), seed: 77);
        last.Workspace.Inputs.AsSpan().CopyTo(every.Workspace.Inputs);
        last.State.Reset();
        every.State.Reset();
        last.Model.Forward(last.Workspace, ModelCase.Steps, last.State);
        every.Model.Forward(every.Workspace, ModelCase.Steps, every.State);
        int skipped = (ModelCase.Steps - n) * ModelCase.Batch * ModelCase.Values;
        Assert.Equal(n * ModelCase.Batch, last.Workspace.OutputRows);
        Assert.Equal(every.Workspace.Outputs.AsSpan(skipped, n * ModelCase.Batch * ModelCase.Values).ToArray(),
            last.Workspace.Outputs.AsSpan(0, n * ModelCase.Batch * ModelCase.Values).ToArray());
    }

    [Theory]
    [InlineData(CellKind.Lstm, 2)]
    [InlineData(CellKind.Gru, 3)]
    [InlineData(CellKind.Rnn, 4)]
    public void Every_gradient_matches_finite_differences(CellKind cell, int readoutSteps)
    {
        var test = ModelCase.Create(Spec(cell, Readout.LastStep, readoutSteps), seed: 5100 + (ulong)readoutSteps);
        test.Backward();
        var results = test.CheckEverything(output);
        FiniteDifference.Summarize(results, output, $"{cell} last {readoutSteps} steps");
        Assert.All(results, r => Assert.True(r.MaxNumeric > 0, $"{r.What}: the gradient is identically zero, the check proves nothing"));
    }

    [Fact]
    public void The_model_file_keeps_the_steps_and_a_file_without_them_reads_one()
    {
        var spec = Spec(CellKind.Lstm, Readout.LastStep, 3);
        var model = new RecurrentModel<float>(spec);
        model.Initialize(3);
        string path = Path.Combine(Path.GetTempPath(), $"readout-steps-{Guid.NewGuid():N}.safetensors");
        try
        {
            ModelFile.Save(path, new ModelBundle(model));
            var loaded = ModelFile.Load(path);
            Assert.Equal(spec, loaded.Spec);
            Assert.Contains("on the last 3 steps", loaded.Describe());
            ModelFile.Save(path, new ModelBundle(new RecurrentModel<float>(Spec(CellKind.Lstm, Readout.LastStep, 1))));
            Assert.DoesNotContain("readout_steps", File.ReadAllText(path));
            Assert.Equal(1, ModelFile.Load(path).Spec.ReadoutSteps);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Steps_on_a_head_at_every_step_and_a_window_shorter_than_the_steps_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Spec(CellKind.Lstm, Readout.EveryStep, 2).Validated());
        Assert.Throws<ArgumentOutOfRangeException>(() => Spec(CellKind.Lstm, Readout.LastStep, 0).Validated());
        var model = new RecurrentModel<double>(Spec(CellKind.Gru, Readout.LastStep, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.CreateWorkspace(2, 1));
        var ws = model.CreateWorkspace(4, 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Forward(ws, 2, model.CreateState(1)));
    }
}
