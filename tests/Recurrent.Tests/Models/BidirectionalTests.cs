// Bidirectional stacks (torch's bidirectional=True): every gradient of a 2-layer stack of each cell against float64
// central differences, through dense, one-hot and embedded inputs, dropout and heads on the last step or every step;
// the reverse direction as a forward one over the reversed window; a weight snapshot giving the model's outputs to rounding; and a
// training step that allocates nothing. The PyTorch fixtures (Reference/) check the same numbers against torch.
using Recurrent.Data;
using Recurrent.Models;
using Recurrent.Numerics;
using Recurrent.Tests.GradientChecks;
using Recurrent.Training;
using Xunit.Abstractions;
using Recurrent.Tests.Training;

namespace Recurrent.Tests.Models;

public sealed class BidirectionalTests(ITestOutputHelper output)
{
    public static TheoryData<CellKind, InputKind, Readout> Cases() => new()
    {
        { CellKind.Lstm, InputKind.Dense, Readout.LastStep },
        { CellKind.Gru, InputKind.OneHot, Readout.EveryStep },
        { CellKind.Rnn, InputKind.Embedding, Readout.EveryStep }, // with dropout 0.3 on each layer's 2H output
        { CellKind.Lstm, InputKind.Embedding, Readout.LastStep },
        { CellKind.Gru, InputKind.Dense, Readout.LastStep },
        { CellKind.Rnn, InputKind.Dense, Readout.EveryStep },
    };

    private static ModelSpec Spec(CellKind cell, InputKind input, Readout readout)
    {
        bool tokens = input != InputKind.Dense;
        return new ModelSpec(cell, input, tokens ? ModelCase.Vocabulary : ModelCase.DenseInputs, ModelCase.Hidden, 2,
            readout == Readout.LastStep ? ModelCase.Values : tokens ? ModelCase.Vocabulary : ModelCase.DenseClasses)
        {
            EmbeddingSize = input == InputKind.Embedding ? ModelCase.EmbeddingSize : 0,
            Dropout = input == InputKind.Embedding ? 0.3 : 0,
            Head = readout == Readout.LastStep ? HeadKind.Regression : HeadKind.Classification,
            Readout = readout,
            Bidirectional = true,
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_gradient_of_a_two_layer_bidirectional_stack_matches_finite_differences(CellKind cell, InputKind input, Readout readout)
    {
        var test = ModelCase.Create(Spec(cell, input, readout), seed: 6100 + (ulong)cell * 10 + (ulong)input);
        Assert.Equal(4, test.State.Layers);
        test.Backward();
        var results = test.CheckEverything(output);
        FiniteDifference.Summarize(results, output, $"bidirectional {cell} {input} {readout}");
        Assert.Contains(results, r => r.What.Contains("_reverse", StringComparison.Ordinal));
        Assert.All(results, r => Assert.True(r.MaxNumeric > 0, $"{r.What}: the gradient is identically zero, the check proves nothing"));
    }

    [Theory]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    [InlineData(CellKind.Rnn)]
    public void The_reverse_direction_is_a_forward_layer_over_the_reversed_window(CellKind cell)
    {
        // One layer: the second half of the output at step t is what a one-direction layer with the reverse weights,
        // reading the window backwards from h0[1], gives at its step T − 1 − t; the first half is the forward layer's.
        var both = ModelCase.Create(new ModelSpec(cell, InputKind.Dense, 3, 4, 1, 2) { Head = HeadKind.Regression, Bidirectional = true }, seed: 31);
        var one = new RecurrentModel<double>(new ModelSpec(cell, InputKind.Dense, 3, 4, 1, 2) { Head = HeadKind.Regression });
        int steps = ModelCase.Steps, batch = ModelCase.Batch, hidden = 4, size = batch * 3;
        both.Model.Stack.Forward(both.Workspace, steps, both.State);
        double[] output2H = both.Model.Stack.Output(both.Workspace).ToArray();
        foreach (bool reverse in new[] { false, true })
        {
            foreach (string part in new[] { "weight_ih", "weight_hh", "bias_ih", "bias_hh" })
                both.Model.Parameters.Value($"rnn.{part}_l0{(reverse ? "_reverse" : "")}").CopyTo(one.Parameters.Value($"rnn.{part}_l0"));
            var ws = one.CreateWorkspace(steps, batch);
            for (int t = 0; t < steps; t++)
                both.Workspace.Inputs.AsSpan((reverse ? steps - 1 - t : t) * size, size).CopyTo(ws.Inputs.AsSpan(t * size));
            var state = one.CreateState(batch);
            both.State.HiddenOf(reverse ? 1 : 0).CopyTo(state.HiddenOf(0));
            both.State.CellOf(reverse ? 1 : 0).CopyTo(state.CellOf(0));
            one.Stack.Forward(ws, steps, state);
            ReadOnlySpan<double> single = one.Stack.Output(ws);
            for (int t = 0; t < steps; t++)
                for (int b = 0; b < batch; b++)
                    Assert.Equal(single.Slice(((reverse ? steps - 1 - t : t) * batch + b) * hidden, hidden).ToArray(),
                        output2H.AsSpan((t * batch + b) * 2 * hidden + (reverse ? hidden : 0), hidden).ToArray());
        }
    }

    [Fact]
    public void The_final_state_is_each_direction_after_its_last_step_read()
    {
        var test = ModelCase.Create(Spec(CellKind.Lstm, InputKind.Dense, Readout.LastStep), seed: 8);
        test.Loss();
        var final = test.Model.CreateState(ModelCase.Batch);
        test.Workspace.CopyFinalState(final);
        int size = ModelCase.Batch * ModelCase.Hidden;
        var top = test.Model.Stack.Output(test.Workspace); // (T·B × 2H): step T − 1 holds h_fwd(T − 1), step 0 h_rev(0)
        for (int b = 0; b < ModelCase.Batch; b++)
        {
            int h = ModelCase.Hidden;
            Assert.Equal(final.HiddenOf(2).Slice(b * h, h).ToArray(), top.Slice(((ModelCase.Steps - 1) * ModelCase.Batch + b) * 2 * h, h).ToArray());
            Assert.Equal(final.HiddenOf(3).Slice(b * h, h).ToArray(), top.Slice(b * 2 * h + h, h).ToArray());
        }
        Assert.Equal(4 * size, final.Hiddens.Length);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_weight_snapshot_gives_the_model_outputs_to_rounding(bool bidirectional)
    {
        var spec = new ModelSpec(CellKind.Gru, InputKind.OneHot, 5, 8, 2, 3) { Readout = Readout.LastStep, Bidirectional = bidirectional };
        var model = new RecurrentModel<float>(spec);
        model.Initialize(4);
        var plain = model.CreateWorkspace(6, 1, forBackward: false);
        var snapped = model.CreateWorkspace(6, 1, forBackward: false);
        model.TakeWeightSnapshot(snapped);
        int[] tokens = [1, 4, 0, 2, 2, 3];
        tokens.CopyTo(plain.Tokens, 0);
        tokens.CopyTo(snapped.Tokens, 0);
        model.Forward(plain, 6, model.CreateState(1));
        model.Forward(snapped, 6, model.CreateState(1));
        // Not bit for bit: over a window of several steps the snapshot's products take another summation order than
        // the model's (a one-direction model differs in the last bit too); the packed weights are those of each direction.
        Assert.True(Reference.Deviation.Relative<float>(snapped.Outputs, plain.Outputs.Select(v => (double)v).ToArray()) < 1e-6);
    }

    [Fact]
    public void A_training_step_with_a_bidirectional_model_allocates_nothing()
    {
        var spec = new ModelSpec(CellKind.Lstm, InputKind.Dense, 2, 8, 2, 6)
        {
            Head = HeadKind.Regression, Readout = Readout.LastStep, Dropout = 0.2, Bidirectional = true,
        };
        var model = new RecurrentModel<float>(spec);
        model.Initialize(3);
        double[] series = Enumerable.Range(0, 2 * 200).Select(k => Math.Sin(0.1 * k)).ToArray();
        var windows = new SeriesWindows(series, 2, [0, 0, 0, 1, 1, 1], steps: 10, batch: 4, everyStep: false, seed: 2);
        var trainer = new Trainer<float>(model, windows, new Adam<float>(model.Parameters.Count, 0.01), clip: 1, dropoutRng: new Rng(5));
        double first = trainer.Step().Loss;
        Assert.Equal(0, StepAllocations.Of(trainer));
        Assert.True(double.IsFinite(first) && first > 0);
    }

    [Fact]
    public void Initialisers_reach_both_directions_and_the_head_draws_within_one_over_root_2H()
    {
        var spec = new ModelSpec(CellKind.Lstm, InputKind.Dense, 3, 16, 2, 2) { Head = HeadKind.Regression, Bidirectional = true };
        var model = new RecurrentModel<double>(spec);
        model.Initialize(7);
        double bound = 1 / Math.Sqrt(32);
        Assert.All(model.Parameters.Value(ParameterNames.HeadWeight).ToArray(), v => Assert.InRange(Math.Abs(v), 0, bound));
        Recurrent.Models.ChronoInitializer.Initialize(model.Parameters, spec, 50, new Rng(3));
        int forget = (int)LstmGate.Forget * 16;
        foreach (bool reverse in new[] { false, true })
            for (int k = 0; k < 2; k++)
            {
                Assert.All(model.Parameters.Value(ParameterNames.BiasIh(k, reverse)).Slice(forget, 16).ToArray(), v => Assert.True(v > 0));
                Assert.All(model.Parameters.Value(ParameterNames.BiasHh(k, reverse)).Slice(forget, 16).ToArray(), v => Assert.Equal(0, v));
            }
        Recurrent.Diagnostics.MemoryGateBias.Set(model, 2.5);
        Assert.All(model.Parameters.Value(ParameterNames.BiasIh(1, reverse: true)).Slice(16, 16).ToArray(), v => Assert.Equal(2.5, v));
    }

    [Fact]
    public void Sizes_count_both_directions()
    {
        var spec = new ModelSpec(CellKind.Lstm, InputKind.Dense, 3, 4, 2, 2) { Head = HeadKind.Regression, Bidirectional = true };
        Assert.Equal(2, spec.Directions);
        Assert.Equal(8, spec.LayerInputSize(1));
        Assert.Equal(3, spec.LayerInputSize(0));
        var model = new RecurrentModel<double>(spec);
        Assert.Equal(spec.ParameterCount, model.Parameters.Count);
        Assert.Equal([16, 8], model.Parameters["rnn.weight_ih_l1_reverse"].Shape);
        Assert.Equal([2, 8], model.Parameters[ParameterNames.HeadWeight].Shape);
        Assert.Equal(1, (spec with { Bidirectional = false }).Directions);
        Assert.NotEqual(spec, spec with { Bidirectional = false });
        Assert.Contains("Bidirectional = True", spec.ToString());
    }
}
