// GradientFlow on a task model (a head on the last step): the measure of its task's sequences is the measure of a
// workspace holding them, norms of dL/dx match float64 central differences through the model's own stack, and a
// task whose inputs do not fit is refused.
using Recurrent.Diagnostics;
using Recurrent.Models;
using Recurrent.Numerics;
using Recurrent.Tasks;
using Recurrent.Tests.GradientChecks;
using Xunit.Abstractions;

namespace Recurrent.Tests.Diagnostics;

public sealed class GradientFlowTaskModelTests(ITestOutputHelper output)
{
    private const int Hidden = 5, Samples = 3;

    private static RecurrentModel<double> TaskModel(SequenceTask task, CellKind cell, int layers, ulong seed = 7)
    {
        var model = new RecurrentModel<double>(task.ModelSpec(cell, Hidden, layers));
        model.Initialize(seed);
        return model;
    }

    [Theory]
    [InlineData("adding", CellKind.Rnn, 1)]
    [InlineData("adding", CellKind.Lstm, 2)]
    [InlineData("temporal-order", CellKind.Gru, 2)]
    [InlineData("recall", CellKind.Lstm, 1)]
    public void A_task_model_is_measured_on_its_tasks_sequences(string name, CellKind cell, int layers)
    {
        var task = TaskCatalog.Create(name, 16);
        var model = TaskModel(task, cell, layers);

        var measured = GradientFlow.Measure(model, task, Samples, seed: 5);

        var rng = new Rng(5);
        var batch = task.NewBatch(rng, Samples);
        var workspace = model.CreateWorkspace(task.Length, Samples);
        batch.Tokens.CopyTo(workspace.Tokens, 0);
        for (int k = 0; k < batch.Inputs.Length; k++)
            workspace.Inputs[k] = batch.Inputs[k];
        var expected = GradientFlow.Measure(model, workspace, task.Length, rng);

        Assert.Equal(expected.HiddenNorms, measured.HiddenNorms);
        Assert.Equal(expected.InputNorms, measured.InputNorms);
        Assert.Equal((cell, Hidden, layers, 16, Samples), (measured.Cell, measured.HiddenSize, measured.Layers, measured.Length, measured.Samples));
        Assert.Equal(1, measured.HiddenNorms[0], 12);
        Assert.All(measured.InputNorms, n => Assert.True(double.IsFinite(n) && n >= 0));
    }

    [Theory]
    [InlineData(CellKind.Rnn)]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    public void Input_gradients_through_a_task_models_stack_match_finite_differences(CellKind cell)
    {
        var task = new AddingTask(6);
        var model = TaskModel(task, cell, layers: 2);
        var rng = new Rng(3);
        var workspace = model.CreateWorkspace(task.Length, 2);
        task.NewBatch(rng, 2).CopyTo(workspace.Buffers);
        double[] u = TestValues.Uniform(rng, 2 * Hidden, 1);
        var dInputs = new double[task.Length * 2 * task.InputSize];
        double Loss()
        {
            model.Stack.Forward(workspace, task.Length, model.CreateState(2));
            double loss = 0;
            for (int b = 0; b < 2; b++)
            {
                ReadOnlySpan<double> h = workspace.TopHidden(task.Length - 1, b);
                for (int j = 0; j < Hidden; j++)
                    loss += u[b * Hidden + j] * h[j];
            }
            return loss;
        }

        Loss();
        GradientFlow.Backward(model, workspace, u, dInputs);

        FiniteDifference.Check($"{cell} many-to-one dL/dx", Loss, workspace.Inputs, 0, dInputs, output);
    }

    [Fact]
    public void The_same_seed_gives_the_same_norms_and_a_task_of_another_length_is_measured_at_that_length()
    {
        var model = TaskModel(new AddingTask(12), CellKind.Lstm, layers: 1);
        var first = GradientFlow.Measure(model, new AddingTask(12), Samples, seed: 2);
        Assert.Equal(first.InputNorms, GradientFlow.Measure(model, new AddingTask(12), Samples, seed: 2).InputNorms);
        Assert.NotEqual(first.InputNorms, GradientFlow.Measure(model, new AddingTask(12), Samples, seed: 3).InputNorms);
        Assert.Equal(20, GradientFlow.Measure(model, new AddingTask(20), Samples, seed: 2).HiddenNorms.Length);
    }

    [Fact]
    public void A_task_whose_inputs_do_not_fit_the_model_is_refused()
    {
        var model = TaskModel(new AddingTask(8), CellKind.Gru, layers: 1);
        Assert.Throws<ArgumentException>(() => GradientFlow.Measure(model, new TemporalOrderTask(10), Samples, seed: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => GradientFlow.Measure(model, new AddingTask(8), 0, seed: 1));
    }

    [Fact]
    public void A_float_task_model_is_measured_in_double_with_the_same_weights()
    {
        var task = new AddingTask(8);
        var single = new RecurrentModel<float>(task.ModelSpec(CellKind.Lstm, 3, 1));
        single.Initialize(2);
        var copy = single.Convert<double>();
        Assert.Equal(single.Spec, copy.Spec);
        Assert.Equal(single.Parameters.Values.Select(v => (double)v), copy.Parameters.Values);
    }
}
