// Sequences of several lengths in one batch (StackWorkspace.Lengths, PyTorch's pack_padded_sequence): every gradient
// against float64 central differences; each sequence of a padded batch gives what it gives alone and unpadded (its
// head rows, final state, dh0, dinputs, and its share of every parameter gradient), bit for bit whatever its padding
// holds; lengths that cannot be are refused; and a training step with lengths allocates nothing. The PyTorch fixtures
// (Reference/, "lengths") check the same numbers against torch.
using System.Numerics;
using Recurrent.Data;
using Recurrent.Models;
using Recurrent.Numerics;
using Recurrent.Tests.GradientChecks;
using Recurrent.Training;
using Xunit.Abstractions;
using Recurrent.Tests.Training;

namespace Recurrent.Tests.Models;

public sealed class SequenceLengthsTests(ITestOutputHelper output)
{
    public static TheoryData<CellKind, InputKind, Readout, bool, int[]> GradientCases() => new()
    {
        { CellKind.Lstm, InputKind.Dense, Readout.LastStep, false, [4, 2] },
        { CellKind.Gru, InputKind.Dense, Readout.EveryStep, false, [1, 3] },
        { CellKind.Rnn, InputKind.OneHot, Readout.EveryStep, false, [3, 4] },
        { CellKind.Lstm, InputKind.Dense, Readout.EveryStep, true, [2, 4] },
        { CellKind.Gru, InputKind.Embedding, Readout.LastStep, true, [3, 1] }, // with dropout 0.3
        { CellKind.Rnn, InputKind.Dense, Readout.LastStep, true, [4, 3] },
        { CellKind.Lstm, InputKind.Dense, Readout.FinalStates, true, [2, 4] },
        { CellKind.Gru, InputKind.OneHot, Readout.FinalStates, false, [3, 1] },
        { CellKind.Lstm, InputKind.Embedding, Readout.MeanOverSteps, true, [4, 1] }, // with dropout 0.3
        { CellKind.Rnn, InputKind.Dense, Readout.MeanOverSteps, false, [2, 3] },
        { CellKind.Gru, InputKind.Dense, Readout.MaxOverSteps, true, [3, 4] },
        { CellKind.Lstm, InputKind.OneHot, Readout.MaxOverSteps, false, [4, 2] },
    };

    [Theory]
    [MemberData(nameof(GradientCases))]
    public void Every_gradient_with_lengths_matches_finite_differences(CellKind cell, InputKind input, Readout readout, bool bidirectional, int[] lengths)
    {
        bool tokens = input != InputKind.Dense;
        var spec = new ModelSpec(cell, input, tokens ? ModelCase.Vocabulary : ModelCase.DenseInputs, ModelCase.Hidden, 2,
            readout != Readout.EveryStep ? ModelCase.Values : tokens ? ModelCase.Vocabulary : ModelCase.DenseClasses)
        {
            EmbeddingSize = input == InputKind.Embedding ? ModelCase.EmbeddingSize : 0,
            Dropout = input == InputKind.Embedding ? 0.3 : 0,
            Head = readout != Readout.EveryStep ? HeadKind.Regression : HeadKind.Classification,
            Readout = readout,
            Bidirectional = bidirectional,
        };
        var test = ModelCase.Create(spec, seed: 7200 + (ulong)cell * 10 + (ulong)input);
        lengths.CopyTo(test.Workspace.Lengths, 0);
        test.Backward();
        var results = test.CheckEverything(output);
        FiniteDifference.Summarize(results, output, $"lengths [{string.Join(", ", lengths)}] {cell} {input} {readout} bidirectional={bidirectional}");
        Assert.All(results, r => Assert.True(r.MaxNumeric > 0, $"{r.What}: the gradient is identically zero, the check proves nothing"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_head_on_each_sequence_s_last_two_steps_matches_finite_differences(bool bidirectional)
    {
        var spec = new ModelSpec(CellKind.Lstm, InputKind.Dense, ModelCase.DenseInputs, ModelCase.Hidden, 1, ModelCase.Values)
        {
            Head = HeadKind.Regression, Readout = Readout.LastStep, ReadoutSteps = 2, Bidirectional = bidirectional,
        };
        var test = ModelCase.Create(spec, seed: 7300);
        int[] lengths = [2, 3];
        lengths.CopyTo(test.Workspace.Lengths, 0);
        test.Backward();
        var results = test.CheckEverything(output);
        FiniteDifference.Summarize(results, output, $"lengths [2, 3], the last 2 steps of each, bidirectional={bidirectional}");
        Assert.All(results, r => Assert.True(r.MaxNumeric > 0, $"{r.What}: the gradient is identically zero, the check proves nothing"));
    }

    public static TheoryData<CellKind, Readout, bool> BatchCases() => new()
    {
        { CellKind.Lstm, Readout.LastStep, false },
        { CellKind.Gru, Readout.EveryStep, false },
        { CellKind.Rnn, Readout.LastStep, false },
        { CellKind.Lstm, Readout.EveryStep, true },
        { CellKind.Gru, Readout.LastStep, true },
        { CellKind.Rnn, Readout.EveryStep, true },
        { CellKind.Lstm, Readout.FinalStates, true },
        { CellKind.Gru, Readout.MeanOverSteps, true },
        { CellKind.Rnn, Readout.MaxOverSteps, false },
        { CellKind.Lstm, Readout.MaxOverSteps, true },
    };

    [Theory]
    [MemberData(nameof(BatchCases))]
    public void Each_sequence_of_a_padded_batch_gives_what_it_gives_alone_whatever_its_padding(CellKind cell, Readout readout, bool bidirectional)
    {
        const int steps = 6, batch = 3, inputs = 3, hidden = 4, outputs = 2;
        int[] lengths = [6, 3, 5];
        var spec = new ModelSpec(cell, InputKind.Dense, inputs, hidden, 2, outputs)
        {
            Head = HeadKind.Regression, Readout = readout, Bidirectional = bidirectional,
        };
        var model = new RecurrentModel<double>(spec);
        model.Initialize(11);
        var rng = new Rng(12);
        double[] x = TestValues.Uniform(rng, steps * batch * inputs, 1), y = TestValues.Uniform(rng, steps * batch * outputs, 1);
        var h0 = model.CreateState(batch);
        TestValues.Fill(rng, h0.Hiddens, 0.5);
        TestValues.Fill(rng, h0.Cells, 0.5);

        var first = Run(model, x, y, h0, lengths, steps, batch);
        for (int k = 0; k < x.Length; k++) // other padding: every step past a sequence's end
            if (k / inputs / batch >= lengths[k / inputs % batch])
                x[k] = 100 * (k % 7 - 3);
        for (int k = 0; k < y.Length && readout == Readout.EveryStep; k++)
            if (k / outputs / batch >= lengths[k / outputs % batch])
                y[k] = -50;
        var repadded = Run(model, x, y, h0, lengths, steps, batch);
        foreach (var (what, a, b) in first.Zip(repadded, (a, b) => (a.What, a.Values, b.Values)))
            Assert.True(a.AsSpan().SequenceEqual(b), $"{what} changed with the padding");

        // Alone and unpadded: T = its length, B = 1. The batch's loss is a mean over its rows, so its parameter
        // gradient is the sum of each sequence's alone, weighted by the share of the rows it has.
        int rows = readout != Readout.EveryStep ? batch : lengths.Sum();
        var parameterSum = new double[model.Parameters.Count];
        for (int b = 0; b < batch; b++)
        {
            int length = lengths[b];
            double[] xb = new double[length * inputs], yb = new double[length * outputs];
            for (int t = 0; t < length; t++)
            {
                x.AsSpan((t * batch + b) * inputs, inputs).CopyTo(xb.AsSpan(t * inputs));
                y.AsSpan((t * batch + b) * outputs, outputs).CopyTo(yb.AsSpan(t * outputs));
            }
            if (readout != Readout.EveryStep)
                y.AsSpan(b * outputs, outputs).CopyTo(yb);
            var state = model.CreateState(1);
            for (int k = 0; k < state.Layers; k++)
            {
                h0.HiddenOf(k).Slice(b * hidden, hidden).CopyTo(state.HiddenOf(k));
                if (model.Cell.HasCellState)
                    h0.CellOf(k).Slice(b * hidden, hidden).CopyTo(state.CellOf(k));
            }
            var alone = Run(model, xb, yb, state, [length], length, 1).ToDictionary(e => e.What, e => e.Values);
            var together = first.ToDictionary(e => e.What, e => e.Values);
            double share = readout != Readout.EveryStep ? 1.0 / rows : (double)length / rows;
            for (int k = 0; k < parameterSum.Length; k++)
                parameterSum[k] += share * alone["dparameters"][k];
            int headRows = readout != Readout.EveryStep ? 1 : length;
            for (int r = 0; r < headRows; r++)
                AssertClose(alone["outputs"].AsSpan(r * outputs, outputs), together["outputs"].AsSpan(((readout != Readout.EveryStep ? 0 : r * batch) + b) * outputs, outputs), "outputs");
            for (int k = 0; k < model.CreateState(1).Layers; k++)
            {
                foreach (string what in new[] { "hT", "cT" })
                    if (alone[what].Length > 0)
                        AssertClose(alone[what].AsSpan(k * hidden, hidden), together[what].AsSpan((k * batch + b) * hidden, hidden), what);
                foreach (string what in new[] { "dh0", "dc0" }) // gradients: scaled by the sequence's share of the rows
                    if (alone[what].Length > 0)
                        AssertClose(Scaled(alone[what].AsSpan(k * hidden, hidden), share), together[what].AsSpan((k * batch + b) * hidden, hidden), what);
            }
            for (int t = 0; t < steps; t++)
            {
                var inBatch = together["dinputs"].AsSpan((t * batch + b) * inputs, inputs);
                if (t >= length) // no gradient reaches a sequence's padding
                    Assert.All(inBatch.ToArray(), v => Assert.Equal(0.0, v));
                else
                    AssertClose(Scaled(alone["dinputs"].AsSpan(t * inputs, inputs), share), inBatch, "dinputs");
            }
        }
        AssertClose(parameterSum, first.Single(e => e.What == "dparameters").Values, "dparameters");
    }

    private static double[] Scaled(ReadOnlySpan<double> values, double factor) => values.ToArray().Select(v => v * factor).ToArray();

    private static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
            Assert.True(Math.Abs(expected[k] - actual[k]) <= 1e-12 * Math.Max(1, Math.Abs(expected[k])), $"{what}[{k}]: {expected[k]:R} vs {actual[k]:R}");
    }

    /// <summary>Forward, loss and Backward over a padded window; everything a sequence's result is made of.</summary>
    private static List<(string What, double[] Values)> Run(RecurrentModel<double> model, double[] x, double[] y, RecurrentState<double> h0,
        int[] lengths, int steps, int batch)
    {
        var ws = model.CreateWorkspace(steps, batch);
        x.CopyTo(ws.Inputs, 0);
        y.AsSpan(0, ws.TargetValues.Length).CopyTo(ws.TargetValues);
        lengths.CopyTo(ws.Lengths, 0);
        model.Forward(ws, steps, h0);
        double loss = model.Loss(ws);
        model.Parameters.ZeroGradients();
        model.Backward(ws);
        var final = model.CreateState(batch);
        ws.CopyFinalState(final);
        var dh0 = new List<double>();
        var dc0 = new List<double>();
        for (int k = 0; k < ws.Layers.Length; k++)
        {
            dh0.AddRange(ws.InitialHiddenGradient(k).ToArray());
            if (model.Cell.HasCellState)
                dc0.AddRange(ws.InitialCellGradient(k).ToArray());
        }
        return
        [
            ("loss", [loss]), ("outputs", ws.Outputs.AsSpan(0, ws.OutputRows * ws.OutputSize).ToArray()),
            ("hT", final.Hiddens.ToArray()), ("cT", final.Cells.ToArray()), ("dh0", [.. dh0]), ("dc0", [.. dc0]),
            ("dinputs", ws.InputGradient.AsSpan(0, steps * batch * model.Spec.InputSize).ToArray()),
            ("dparameters", model.Parameters.Gradients.ToArray()),
        ];
    }

    [Fact]
    public void Lengths_that_cannot_be_are_refused()
    {
        var model = new RecurrentModel<double>(new ModelSpec(CellKind.Gru, InputKind.Dense, 2, 3, 1, 1)
        {
            Head = HeadKind.Regression, Readout = Readout.LastStep, ReadoutSteps = 3,
        });
        var ws = model.CreateWorkspace(5, 2);
        ws.Lengths[1] = 0;
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Forward(ws, 5, model.CreateState(2)));
        ws.Lengths[1] = 2; // the head reads each sequence's last 3 steps
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Forward(ws, 5, model.CreateState(2)));
        ws.Lengths[1] = 3;
        model.Forward(ws, 5, model.CreateState(2));
        Assert.Equal([5, 5], model.CreateWorkspace(5, 2).Lengths);
    }

    [Fact]
    public void Backward_uses_the_lengths_its_forward_read()
    {
        var spec = new ModelSpec(CellKind.Lstm, InputKind.Dense, ModelCase.DenseInputs, ModelCase.Hidden, 1, ModelCase.Values)
        {
            Head = HeadKind.Regression, Readout = Readout.EveryStep, Bidirectional = true,
        };
        var test = ModelCase.Create(spec, seed: 7400);
        int[] lengths = [3, 2];
        lengths.CopyTo(test.Workspace.Lengths, 0);
        test.Backward();
        double[] expected = test.Model.Parameters.Gradients.ToArray();
        test.Loss();
        test.Workspace.Lengths[1] = 4; // written for the next window, after this one's Forward
        test.Model.Parameters.ZeroGradients();
        test.Model.Backward(test.Workspace);
        Assert.Equal(expected, test.Model.Parameters.Gradients);
    }

    [Theory]
    [InlineData(Readout.LastStep, false)]
    [InlineData(Readout.EveryStep, true)]
    [InlineData(Readout.MaxOverSteps, true)]
    [InlineData(Readout.MeanOverSteps, false)]
    public void A_training_step_with_lengths_allocates_nothing(Readout readout, bool bidirectional)
    {
        var spec = new ModelSpec(CellKind.Lstm, InputKind.Dense, 2, 8, 2, 3)
        {
            Head = HeadKind.Regression, Readout = readout, Dropout = 0.2, Bidirectional = bidirectional,
        };
        var model = new RecurrentModel<float>(spec);
        model.Initialize(3);
        var trainer = new Trainer<float>(model, new PaddedBatches(),
            new Adam<float>(model.Parameters.Count, 0.01), clip: 1, dropoutRng: new Rng(5));
        double first = trainer.Step().Loss;
        Assert.Equal(0, StepAllocations.Of(trainer));
        Assert.True(double.IsFinite(first) && first > 0);
    }

    /// <summary>Windows of 10 steps of 4 sequences whose lengths change from batch to batch.</summary>
    private sealed class PaddedBatches : IBatchSource
    {
        public int Batch => 4;
        public int Steps => 10;
        public bool CarriesState => false;
        public int WindowsPerEpoch => 0;

        public int Fill<T>(long step, BatchBuffers<T> batch) where T : unmanaged, IFloatingPointIeee754<T>
        {
            for (int k = 0; k < batch.Inputs.Length; k++)
                batch.Inputs[k] = T.CreateChecked(Math.Sin(0.1 * k + step));
            for (int k = 0; k < batch.TargetValues.Length; k++)
                batch.TargetValues[k] = T.CreateChecked(Math.Cos(0.3 * k + step));
            for (int b = 0; b < Batch; b++)
                batch.Lengths[b] = 1 + (int)((step * 3 + b * 7) % Steps);
            return 0;
        }

        public ulong[]? GetState() => null;

        public void SetState(ulong[] state)
        {
        }
    }
}
