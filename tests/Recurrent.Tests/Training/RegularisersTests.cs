// AWD-LSTM's regularisers: one training step with embedding dropout, weight drop on every weight_hh, locked
// (variational) dropout and the AR and TAR penalties, with the masks PyTorch used, gives PyTorch's loss and the gradient of every raw parameter
// (Fixtures/regularisers.json, tools/reference/regularisers_fixture.py), in double and in float; the same gradients
// against float64 central differences through the masks; the trained weights come back bit for bit; the masks are
// drawn as documented (locked: the same at every step; by token: a whole row or column, the same in both directions);
// a step with them (and zoneout) allocates nothing; runs with them (and zoneout) resume byte for byte; bad values are one line.
using System.Numerics;
using System.Text.Json;
using Recurrent.Data;
using Recurrent.Models;
using Recurrent.Numerics;
using Recurrent.Tests.Cli;
using Recurrent.Tests.IO;
using Recurrent.Tests.Reference;
using Recurrent.Training;
using Xunit.Abstractions;

namespace Recurrent.Tests.Training;

public sealed class RegularisersTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static JsonElement Fixture() => JsonFixture.Load("regularisers.json");

    private static double[] Numbers(JsonElement array) => JsonFixture.Numbers(array);

    /// <summary>The fixture's model with its weights, a trainer on its one batch with PyTorch's masks written in, at a learning rate that moves nothing.</summary>
    private static (RecurrentModel<T> Model, Trainer<T> Trainer) Build<T>(JsonElement f) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int v = f.GetProperty("vocab").GetInt32(), d = f.GetProperty("embed").GetInt32(), h = f.GetProperty("hidden").GetInt32();
        int layers = f.GetProperty("layers").GetInt32(), steps = f.GetProperty("steps").GetInt32(), batch = f.GetProperty("batch").GetInt32();
        var spec = new ModelSpec(CellKind.Lstm, InputKind.Embedding, v, h, layers, v) { EmbeddingSize = d, Dropout = f.GetProperty("dropout").GetDouble() };
        var model = new RecurrentModel<T>(spec);
        foreach (var info in model.Parameters.Parameters)
        {
            double[] values = Numbers(f.GetProperty("params").GetProperty(info.Name));
            for (int k = 0; k < values.Length; k++)
                model.Parameters.Value(info)[k] = T.CreateChecked(values[k]);
        }
        var dropped = new DroppedWeights<T>(model, f.GetProperty("weight_drop").GetDouble(), f.GetProperty("embed_dropout").GetDouble());
        double[] tokenMask = Numbers(f.GetProperty("embed_mask"));
        foreach (var (name, mask) in dropped.Masks)
        {
            double[] source = name == ParameterNames.EmbeddingWeight
                ? [.. Enumerable.Range(0, v * d).Select(k => tokenMask[k / d])]
                : Numbers(f.GetProperty("weight_masks")[int.Parse(name[^1..])]);
            for (int k = 0; k < mask.Length; k++)
                mask[k] = T.CreateChecked(source[k]);
        }
        int[] tokens = [.. f.GetProperty("tokens").EnumerateArray().Select(e => e.GetInt32())];
        int[] targets = [.. f.GetProperty("targets").EnumerateArray().Select(e => e.GetInt32())];
        var trainer = new Trainer<T>(model, new OneBatch(tokens, targets, steps, batch), new Sgd<T>(model.Parameters.Count, 1e-300, 0), clip: 0, // too small to move a weight
            fixedDropoutMasks: true, lockedDropout: true, droppedWeights: dropped, activationPenalty: f.GetProperty("ar").GetDouble(),
            temporalPenalty: f.GetProperty("tar").GetDouble());
        for (int k = 0; k < layers; k++)
        {
            double[] locked = Numbers(f.GetProperty("locked_masks")[k]); // (B × H), the same at every step
            for (int t = 0; t < steps; t++)
                for (int j = 0; j < batch * h; j++)
                    trainer.Workspace.DropoutMasks[k][t * batch * h + j] = T.CreateChecked(locked[j]);
        }
        return (model, trainer);
    }

    [Theory]
    [InlineData(typeof(double), 1e-10)]
    [InlineData(typeof(float), 1e-5)]
    public void A_step_with_pytorch_s_masks_gives_its_loss_and_every_raw_gradient(Type type, double tolerance)
    {
        if (type == typeof(double))
            Check<double>(tolerance);
        else
            Check<float>(tolerance);
    }

    private void Check<T>(double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var f = Fixture();
        var (model, trainer) = Build<T>(f);
        T[] before = [.. model.Parameters.Values];
        var step = trainer.Step();
        Assert.Equal(before, model.Parameters.Values); // the trained weights came back bit for bit (the update moves nothing)
        double loss = f.GetProperty("loss").GetDouble();
        output.WriteLine($"{typeof(T).Name}: loss {step.Loss:R} (torch {loss:R})");
        Assert.True(Deviation.Relative(step.Loss, loss) <= tolerance, $"loss {step.Loss} against {loss}");
        foreach (var info in model.Parameters.Parameters)
        {
            double worst = Deviation.Relative<T>(model.Parameters.Gradient(info), Numbers(f.GetProperty("grads").GetProperty(info.Name)));
            output.WriteLine($"  d{info.Name}: {worst:E2}");
            Assert.True(worst <= tolerance, $"d{info.Name} deviates by {worst:E3}");
        }
        double penalty = model.Penalty(trainer.Workspace, f.GetProperty("ar").GetDouble(), f.GetProperty("tar").GetDouble());
        Assert.True(Deviation.Relative(penalty, f.GetProperty("penalty").GetDouble()) <= tolerance, $"AR + TAR {penalty} against {f.GetProperty("penalty")}");
        Assert.Contains(Numbers(f.GetProperty("embed_mask")), m => m == 0);   // the masks drop something...
        Assert.Contains(Numbers(f.GetProperty("weight_masks")[0]), m => m == 0);
    }

    [Fact]
    public void The_gradients_through_the_masks_match_central_differences()
    {
        var f = Fixture();
        var (model, trainer) = Build<double>(f);
        trainer.Step();
        double[] analytic = [.. model.Parameters.Gradients];
        var ws = trainer.Workspace;
        var dropped = trainer.DroppedWeights!; // PyTorch's masks, as the step used them
        double Loss()
        {
            dropped.Apply();
            model.Forward(ws, ws.Steps, model.CreateState(ws.Batch), training: true);
            double value = model.Loss(ws) + model.Penalty(ws, f.GetProperty("ar").GetDouble(), f.GetProperty("tar").GetDouble());
            dropped.Restore();
            return value;
        }
        const double h = 1e-6;
        int checkedCount = 0;
        foreach (string name in new[] { ParameterNames.EmbeddingWeight, ParameterNames.WeightHh(0), ParameterNames.WeightHh(1) })
        {
            var info = model.Parameters[name];
            for (int k = 0; k < info.Length; k += 3)
            {
                double saved = model.Parameters.Values[info.Offset + k];
                model.Parameters.Values[info.Offset + k] = saved + h;
                double plus = Loss();
                model.Parameters.Values[info.Offset + k] = saved - h;
                double minus = Loss();
                model.Parameters.Values[info.Offset + k] = saved;
                double numeric = (plus - minus) / (2 * h);
                Assert.True(Math.Abs(numeric - analytic[info.Offset + k]) <= 1e-7 + 1e-6 * Math.Abs(numeric),
                    $"d{name}[{k}]: analytic {analytic[info.Offset + k]:E6}, numeric {numeric:E6}");
                checkedCount++;
            }
        }
        Assert.True(checkedCount >= 40, $"{checkedCount} weights checked");
        Assert.Contains(analytic, g => g == 0); // dropped tokens and weights get no gradient: the masks are in the check
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AR_and_TAR_over_sequences_of_different_lengths_match_central_differences(bool bidirectional)
    {
        var spec = new ModelSpec(CellKind.Gru, InputKind.Dense, 3, 4, 2, 3) { Bidirectional = bidirectional };
        var model = new RecurrentModel<double>(spec);
        model.Initialize(11);
        var ws = model.CreateWorkspace(5, 2);
        var rng = new Rng(12);
        for (int k = 0; k < 5 * 2 * 3; k++)
            ws.Inputs[k] = rng.NextDouble() * 2 - 1;
        for (int k = 0; k < 5 * 2; k++)
            ws.Targets[k] = rng.NextInt(3);
        int[] lengths = [3, 5];
        const double alpha = 1.5, beta = 0.7;
        double Total()
        {
            lengths.CopyTo(ws.Lengths, 0);
            model.Forward(ws, 5, model.CreateState(2));
            return model.Loss(ws) + model.Penalty(ws, alpha, beta);
        }
        Total();
        model.Parameters.ZeroGradients();
        model.Backward(ws, alpha, beta);
        double[] analytic = [.. model.Parameters.Gradients];
        Assert.True(model.Penalty(ws, alpha, beta) > 0);
        const double h = 1e-6;
        for (int k = 0; k < analytic.Length; k += 2)
        {
            double saved = model.Parameters.Values[k];
            model.Parameters.Values[k] = saved + h;
            double plus = Total();
            model.Parameters.Values[k] = saved - h;
            double minus = Total();
            model.Parameters.Values[k] = saved;
            double numeric = (plus - minus) / (2 * h);
            Assert.True(Math.Abs(numeric - analytic[k]) <= 1e-7 + 1e-6 * Math.Abs(numeric), $"parameter {k}: analytic {analytic[k]:E6}, numeric {numeric:E6}");
        }
    }

    [Fact]
    public void Locked_masks_hold_over_the_steps_and_token_masks_over_a_whole_token()
    {
        var spec = new ModelSpec(CellKind.Gru, InputKind.OneHot, 7, 16, 2, 7) { Dropout = 0.4, Bidirectional = true };
        var model = new RecurrentModel<float>(spec);
        var ws = model.CreateWorkspace(6, 5);
        model.SampleDropoutMasks(ws, 6, new Rng(3), locked: true);
        int row = 5 * spec.OutputWidth;
        foreach (float[] mask in ws.DropoutMasks)
        {
            for (int t = 1; t < 6; t++)
                Assert.Equal(mask.AsSpan(0, row).ToArray(), mask.AsSpan(t * row, row).ToArray());
            double dropped = mask.AsSpan(0, row).ToArray().Count(m => m == 0) / (double)row;
            Assert.InRange(dropped, 0.25, 0.55);
            Assert.All(mask.AsSpan(0, row).ToArray(), m => Assert.True(m == 0 || Math.Abs(m - 1 / 0.6f) < 1e-6));
        }
        var dropped2 = new DroppedWeights<float>(model, 0.3, 0.5);
        dropped2.Sample(new Rng(4));
        var masks = dropped2.Masks.ToDictionary(m => m.Name, m => m.Mask);
        float[] forward = masks[ParameterNames.WeightIh(0)], reverse = masks[ParameterNames.WeightIh(0, reverse: true)];
        Assert.Equal(forward, reverse);                           // a dropped token is dropped from both directions
        int rows = spec.GateCount * spec.Hidden;
        for (int v = 0; v < 7; v++)
            Assert.All(Enumerable.Range(0, rows), j => Assert.Equal(forward[v], forward[j * 7 + v]));
        Assert.Contains(forward, m => m == 0);
        Assert.Contains(forward, m => m == 2);
        float[] hh = masks[ParameterNames.WeightHh(1, reverse: true)];
        Assert.InRange(hh.Count(m => m == 0) / (double)hh.Length, 0.2, 0.4);
        Assert.Equal(4, masks.Keys.Count(name => name.StartsWith("rnn.weight_hh", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_step_with_every_regulariser_allocates_nothing()
    {
        var spec = new ModelSpec(CellKind.Lstm, InputKind.Embedding, 5, 8, 2, 5) { EmbeddingSize = 4, Dropout = 0.3, ZoneoutHidden = 0.1, ZoneoutCell = 0.4 };
        var model = new RecurrentModel<float>(spec);
        model.Initialize(3);
        var rng = new Rng(9);
        int[] tokens = [.. Enumerable.Range(0, 4 * (3 * 6 + 1)).Select(_ => rng.NextInt(5))];
        var trainer = new Trainer<float>(model, new TextStreams(tokens, batch: 4, steps: 6), new Adam<float>(model.Parameters.Count, 0.01), 5,
            new Rng(1), lockedDropout: true, droppedWeights: new DroppedWeights<float>(model, 0.3, 0.2));
        Assert.Equal(0, StepAllocations.Of(trainer));
    }

    [Fact]
    public void A_run_with_the_regularisers_resumes_to_the_bytes_of_an_uninterrupted_one()
    {
        string a = ResumeRuns.InterruptedEqualsWhole(_dir, "train", "--data", "demo", "--hidden", "8", "--layers", "2", "--embed", "4", "--dropout", "0.2",
            "--locked-dropout", "--weight-drop", "0.3", "--embed-dropout", "0.1", "--ar", "2", "--tar", "1", "--zoneout-hidden", "0.1",
            "--zoneout-cell", "0.4", "--seq-len", "16", "--batch", "4", "--val-fraction", "0.01", "--print-every", "100");
        var checkpoint = TrainingCheckpoint.Load(a);
        Assert.Equal((0.1, 0.4), (checkpoint.Model.Spec.ZoneoutHidden, checkpoint.Model.Spec.ZoneoutCell));
        var options = checkpoint.Options;
        Assert.Equal((true, 0.3, 0.1, 2.0, 1.0), (options.LockedDropout, options.WeightDrop, options.EmbeddingDropout, options.ActivationPenalty,
            options.TemporalPenalty));
    }

    [Theory]
    [InlineData(new[] { "--weight-drop", "1" }, "--weight-drop must be")]
    [InlineData(new[] { "--embed-dropout", "-0.1" }, "--embed-dropout must be")]
    [InlineData(new[] { "--ar", "-1" }, "--ar must be")]
    [InlineData(new[] { "--tar", "NaN" }, "--tar must be")]
    [InlineData(new[] { "--locked-dropout" }, "--locked-dropout draws the model's dropout masks once per sequence, and this model has no dropout")]
    public void Bad_regulariser_values_are_one_line(string[] extra, string message) =>
        CliRunner.AssertUserError(CliRunner.Run(["train", "--data", "demo", "--out", _dir.File("unused.safetensors"), "--steps", "1", .. extra]), message);

    [Fact]
    public void Embedding_dropout_of_real_valued_inputs_is_refused_in_the_library_s_words()
    {
        var model = new RecurrentModel<float>(new ModelSpec(CellKind.Gru, InputKind.Dense, 3, 4, 1, 2) { Head = HeadKind.Regression });
        var error = Assert.Throws<RecurrentException>(() => new DroppedWeights<float>(model, 0, 0.2));
        Assert.Equal(["embeddingDropout"], error.Parameters);
    }

    /// <summary>The fixture's one batch, every step.</summary>
    private sealed class OneBatch(int[] tokens, int[] targets, int steps, int batch) : IBatchSource
    {
        public int Batch => batch;

        public int Steps => steps;

        public bool CarriesState => false;

        public int WindowsPerEpoch => 0;

        public int Fill<T>(long step, BatchBuffers<T> buffers) where T : unmanaged, IFloatingPointIeee754<T>
        {
            tokens.CopyTo(buffers.Tokens);
            targets.CopyTo(buffers.Targets);
            return 0;
        }

        public ulong[]? GetState() => null;

        public void SetState(ulong[] state)
        {
        }
    }
}
