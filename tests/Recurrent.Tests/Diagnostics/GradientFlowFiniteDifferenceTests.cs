// GradientFlow.Backward's dL/dx(t) and its per-step dL/dh(t) (recorded by RecurrentLayer) agree with float64
// central differences of L = Σ_b u_b·h_top(T-1, b), for the three cells, one and two layers.
using Recurrent.Diagnostics;
using Recurrent.Models;
using Recurrent.Numerics;
using Recurrent.Tests.GradientChecks;
using Xunit.Abstractions;

namespace Recurrent.Tests.Diagnostics;

public sealed class GradientFlowFiniteDifferenceTests(ITestOutputHelper output)
{
    private const int Inputs = 3, Hidden = 4, Steps = 6;

    private sealed class Case
    {
        public Case(CellKind cell, int layers, int batch, InputKind input = InputKind.Dense, ulong seed = 11)
        {
            var rng = new Rng(seed);
            Model = new RecurrentModel<double>(new ModelSpec(cell, input, Inputs, Hidden, layers, 2));
            TestValues.Fill(rng, Model.Parameters.Values, TestValues.Weight);
            Workspace = Model.CreateWorkspace(Steps, batch);
            if (input == InputKind.Dense)
                TestValues.Fill(rng, Workspace.Inputs, TestValues.Input);
            else
                TestValues.FillIntegers(rng, Workspace.Tokens, Inputs);
            U = TestValues.Uniform(rng, batch * Hidden, 1);
            DInputs = new double[Steps * batch * Inputs];
        }

        public RecurrentModel<double> Model { get; }
        public ModelWorkspace<double> Workspace { get; }
        public double[] U { get; }
        public double[] DInputs { get; }

        public double Loss()
        {
            Model.Forward(Workspace, Steps, Model.CreateState(Workspace.Batch));
            return LastHiddenLoss(Workspace, Steps);
        }

        public double LastHiddenLoss(ModelWorkspace<double> workspace, int steps)
        {
            double loss = 0;
            for (int b = 0; b < workspace.Batch; b++)
            {
                ReadOnlySpan<double> h = workspace.TopHidden(steps - 1, b);
                for (int u = 0; u < Hidden; u++)
                    loss += U[b * Hidden + u] * h[u];
            }
            return loss;
        }

        public void Backward()
        {
            Loss();
            GradientFlow.Backward(Model, Workspace, U, DInputs);
        }
    }

    [Theory]
    [InlineData(CellKind.Rnn, 1)]
    [InlineData(CellKind.Lstm, 1)]
    [InlineData(CellKind.Gru, 1)]
    [InlineData(CellKind.Rnn, 2)]
    [InlineData(CellKind.Lstm, 2)]
    [InlineData(CellKind.Gru, 2)]
    public void Input_gradients_of_every_step_match_finite_differences(CellKind cell, int layers)
    {
        var c = new Case(cell, layers, batch: 2);
        c.Backward();
        FiniteDifference.Check($"{cell} L={layers} dL/dx", c.Loss, c.Workspace.Inputs, 0, c.DInputs, output);
    }

    [Theory]
    [InlineData(CellKind.Rnn)]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    public void Hidden_gradients_of_every_step_match_finite_differences(CellKind cell)
    {
        // dL/dh(t) holds C(t) and the inputs fixed: perturb h(t) and run the remaining steps from (h(t), C(t)).
        var c = new Case(cell, layers: 1, batch: 1);
        c.Backward();
        var buffers = c.Workspace.Layers[0];
        double[] recorded = buffers.StepHiddenGradients.ToArray();
        double[] hiddens = buffers.Hiddens.ToArray(), cells = buffers.Cells.ToArray(), inputs = c.Workspace.Inputs.ToArray();
        Assert.Equal(c.U, recorded.AsSpan((Steps - 1) * Hidden, Hidden).ToArray()); // k = 0: dL/dh(T-1) = u

        for (int t = 0; t < Steps - 1; t++)
        {
            int remaining = Steps - 1 - t;
            var workspace = c.Model.CreateWorkspace(remaining, 1);
            inputs.AsSpan((t + 1) * Inputs, remaining * Inputs).CopyTo(workspace.Inputs);
            var state = c.Model.CreateState(1);
            double[] start = hiddens.AsSpan((t + 1) * Hidden, Hidden).ToArray(); // h(t)
            double Loss()
            {
                start.CopyTo(state.HiddenOf(0));
                if (cells.Length > 0)
                    cells.AsSpan((t + 1) * Hidden, Hidden).CopyTo(state.CellOf(0)); // C(t), held fixed
                c.Model.Forward(workspace, remaining, state);
                return c.LastHiddenLoss(workspace, remaining);
            }
            FiniteDifference.Check($"{cell} dL/dh({t})", Loss, start, 0, recorded.AsSpan(t * Hidden, Hidden), output);
        }
    }

    [Theory]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    public void A_one_hot_model_gets_the_input_gradient_of_its_dense_twin(CellKind cell)
    {
        // The same weights reading one-hot vectors as dense inputs compute the same function of x.
        var oneHot = new Case(cell, layers: 2, batch: 2, InputKind.OneHot);
        var dense = new Case(cell, layers: 2, batch: 2);
        oneHot.Model.Parameters.Values.CopyTo(dense.Model.Parameters.Values, 0);
        oneHot.U.CopyTo(dense.U, 0);
        Array.Clear(dense.Workspace.Inputs);
        for (int row = 0; row < Steps * 2; row++)
            dense.Workspace.Inputs[row * Inputs + oneHot.Workspace.Tokens[row]] = 1;

        oneHot.Backward();
        dense.Backward();

        for (int k = 0; k < dense.DInputs.Length; k++)
            Assert.Equal(dense.DInputs[k], oneHot.DInputs[k], 12);
    }
}
