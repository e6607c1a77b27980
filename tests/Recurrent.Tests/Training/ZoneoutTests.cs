// Zoneout (issue 19): a training step with PyTorch's explicit masks gives its loss, logits and every gradient (the
// initial state's too), and evaluation its expectation (Fixtures/zoneout.json, tools/reference/zoneout_fixture.py),
// for 2-layer LSTMs and a GRU, with and without lengths, in double and in float; float64 central differences
// through fixed masks and through the expectation, with lengths, one and two directions; the masks are drawn as
// documented; stepping one token at a time (generation's inference buffers) equals a whole window; the model file
// keeps the settings and an old file reads as none; ONNX export refuses; bad values are one line.
using System.Numerics;
using System.Text.Json;
using Recurrent.Models;
using Recurrent.Numerics;
using Recurrent.Onnx;
using Recurrent.Tests.Cli;
using Recurrent.Tests.IO;
using Recurrent.Tests.Reference;
using Xunit.Abstractions;

namespace Recurrent.Tests.Training;

public sealed class ZoneoutTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static JsonElement Fixture() => JsonFixture.Load("zoneout.json");

    private static double[] Numbers(JsonElement array) => JsonFixture.Numbers(array);

    private static void Fill<T>(Span<T> target, double[] values) where T : unmanaged, IFloatingPointIeee754<T> => JsonFixture.Fill(target, values);

    /// <summary>Case c's model with PyTorch's weights, a workspace with its inputs, targets, lengths and masks, and its initial state.</summary>
    private static (RecurrentModel<T>, ModelWorkspace<T>, RecurrentState<T>) Build<T>(JsonElement f, JsonElement c)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int inputs = f.GetProperty("input").GetInt32(), h = f.GetProperty("hidden").GetInt32(), layers = f.GetProperty("layers").GetInt32();
        int steps = f.GetProperty("steps").GetInt32(), batch = f.GetProperty("batch").GetInt32();
        var cell = c.GetProperty("cell").GetString() == "lstm" ? CellKind.Lstm : CellKind.Gru;
        var spec = new ModelSpec(cell, InputKind.Dense, inputs, h, layers, f.GetProperty("outputs").GetInt32())
        {
            ZoneoutHidden = c.GetProperty("zoneout_hidden").GetDouble(),
            ZoneoutCell = c.GetProperty("zoneout_cell").GetDouble(),
        };
        var model = new RecurrentModel<T>(spec);
        foreach (var info in model.Parameters.Parameters)
            Fill(model.Parameters.Value(info), Numbers(c.GetProperty("params").GetProperty(info.Name)));
        var ws = model.CreateWorkspace(steps, batch);
        Fill(ws.Inputs.AsSpan(0, steps * batch * inputs), Numbers(c.GetProperty("inputs")));
        int[] targets = [.. c.GetProperty("targets").EnumerateArray().Select(e => e.GetInt32())];
        targets.CopyTo(ws.Targets, 0);
        if (c.GetProperty("lengths").ValueKind == JsonValueKind.Array)
            c.GetProperty("lengths").EnumerateArray().Select(e => e.GetInt32()).ToArray().CopyTo(ws.Lengths, 0);
        int size = steps * batch * h;
        double[] hiddenMasks = Numbers(c.GetProperty("hidden_masks")), cellMasks = Numbers(c.GetProperty("cell_masks"));
        for (int k = 0; k < layers; k++)
        {
            Fill(ws.Layers[k].HiddenZoneoutMask.AsSpan(), hiddenMasks[(k * size)..((k + 1) * size)]);
            if (cellMasks.Length > 0)
                Fill(ws.Layers[k].CellZoneoutMask.AsSpan(), cellMasks[(k * size)..((k + 1) * size)]);
        }
        var state = model.CreateState(batch);
        Fill(state.Hiddens.AsSpan(), Numbers(c.GetProperty("h0")));
        if (cell == CellKind.Lstm)
            Fill(state.Cells.AsSpan(), Numbers(c.GetProperty("c0")));
        return (model, ws, state);
    }

    [Theory]
    [InlineData(typeof(double), 1e-12)]
    [InlineData(typeof(float), 1e-5)]
    public void Training_with_pytorch_s_masks_and_evaluation_give_its_loss_logits_and_every_gradient(Type type, double tolerance)
    {
        if (type == typeof(double))
            Check<double>(tolerance);
        else
            Check<float>(tolerance);
    }

    private void Check<T>(double tolerance) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var f = Fixture();
        foreach (var c in f.GetProperty("cases").EnumerateArray())
            foreach (string mode in new[] { "train", "eval" })
            {
                var (model, ws, state) = Build<T>(f, c);
                var expected = c.GetProperty(mode);
                model.Forward(ws, f.GetProperty("steps").GetInt32(), state, training: mode == "train");
                double loss = model.Loss(ws);
                model.Parameters.ZeroGradients();
                model.Backward(ws);
                string name = $"{typeof(T).Name} {c.GetProperty("cell").GetString()} {c.GetProperty("lengths")} {mode}";
                double worst = Deviation.Relative(loss, expected.GetProperty("loss").GetDouble());
                // Logits of padded rows are the head's bias in both (its input there is 0).
                worst = Math.Max(worst, Deviation.Relative<T>(ws.Outputs.AsSpan(0, ws.OutputRows * model.Spec.OutputSize), Numbers(expected.GetProperty("logits"))));
                foreach (var info in model.Parameters.Parameters)
                {
                    double d = Deviation.Relative<T>(model.Parameters.Gradient(info), Numbers(expected.GetProperty("grads").GetProperty(info.Name)));
                    Assert.True(d <= tolerance, $"{name}: d{info.Name} deviates by {d:E3}");
                    worst = Math.Max(worst, d);
                }
                int size = ws.Batch * model.Spec.Hidden;
                double[] h0 = Numbers(expected.GetProperty("h0_grad")), c0 = Numbers(expected.GetProperty("c0_grad"));
                for (int k = 0; k < model.Spec.Layers; k++)
                {
                    worst = Math.Max(worst, Deviation.Relative(ws.InitialHiddenGradient(k), h0[(k * size)..((k + 1) * size)]));
                    if (c0.Length > 0)
                        worst = Math.Max(worst, Deviation.Relative(ws.InitialCellGradient(k), c0[(k * size)..((k + 1) * size)]));
                }
                output.WriteLine($"{name}: loss {loss:R} (torch {expected.GetProperty("loss").GetDouble():R}), worst {worst:E2}");
                Assert.True(worst <= tolerance, $"{name}: deviates by {worst:E3}");
            }
        // The masks zone something out and keep something, and the two modes differ: the fixture tests zoneout.
        var first = f.GetProperty("cases")[0];
        Assert.Contains(Numbers(first.GetProperty("hidden_masks")), m => m == 1);
        Assert.Contains(Numbers(first.GetProperty("cell_masks")), m => m == 0);
        Assert.NotEqual(first.GetProperty("train").GetProperty("loss").GetDouble(), first.GetProperty("eval").GetProperty("loss").GetDouble());
    }

    [Theory]
    [InlineData(CellKind.Lstm, false, true)]
    [InlineData(CellKind.Lstm, true, true)]
    [InlineData(CellKind.Gru, false, true)]
    [InlineData(CellKind.Gru, true, true)]
    [InlineData(CellKind.Rnn, true, true)]
    [InlineData(CellKind.Lstm, true, false)]
    [InlineData(CellKind.Gru, true, false)]
    public void Gradients_through_the_masks_and_the_expectation_match_central_differences(CellKind cell, bool bidirectional, bool training)
    {
        var spec = new ModelSpec(cell, InputKind.Dense, 3, 4, 2, 3)
        {
            Bidirectional = bidirectional,
            ZoneoutHidden = 0.4,
            ZoneoutCell = cell == CellKind.Lstm ? 0.5 : 0,
        };
        var model = new RecurrentModel<double>(spec);
        model.Initialize(21);
        var ws = model.CreateWorkspace(5, 3);
        var rng = new Rng(22);
        for (int k = 0; k < 5 * 3 * 3; k++)
            ws.Inputs[k] = rng.NextDouble() * 2 - 1;
        for (int k = 0; k < 5 * 3; k++)
            ws.Targets[k] = rng.NextInt(3);
        var initial = model.CreateState(3);
        for (int k = 0; k < initial.Hiddens.Length; k++)
            initial.Hiddens[k] = rng.NextDouble() - 0.5;
        for (int k = 0; k < initial.Cells.Length; k++)
            initial.Cells[k] = rng.NextDouble() - 0.5;
        model.SampleZoneoutMasks(ws, 5, new Rng(23)); // fixed from here on
        int[] lengths = [3, 5, 2];
        double Loss()
        {
            lengths.CopyTo(ws.Lengths, 0);
            model.Forward(ws, 5, initial, training);
            return model.Loss(ws);
        }
        Loss();
        model.Parameters.ZeroGradients();
        model.Backward(ws);
        double[] analytic = [.. model.Parameters.Gradients];
        double[] initialHidden = [.. Enumerable.Range(0, initial.Layers).SelectMany(k => ws.InitialHiddenGradient(k).ToArray())];
        const double h = 1e-6;
        void Compare(double[] values, int k, double gradient, string what)
        {
            double saved = values[k];
            values[k] = saved + h;
            double plus = Loss();
            values[k] = saved - h;
            double minus = Loss();
            values[k] = saved;
            double numeric = (plus - minus) / (2 * h);
            Assert.True(Math.Abs(numeric - gradient) <= 1e-8 + 1e-6 * Math.Abs(numeric), $"{what}[{k}]: analytic {gradient:E6}, numeric {numeric:E6}");
        }
        for (int k = 0; k < analytic.Length; k++)
            Compare(model.Parameters.Values, k, analytic[k], "parameter");
        for (int k = 0; k < initialHidden.Length; k++)
            Compare(initial.Hiddens, k, initialHidden[k], "h0");
        if (training) // the masks are in the check: they keep some units and not others
            Assert.All(ws.Layers, b => Assert.Contains(b.HiddenZoneoutMask.AsSpan(0, 5 * 3 * 4).ToArray(), m => m == 1));
    }

    [Theory]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    public void The_time_loop_split_by_rows_over_threads_gives_one_thread_s_bits(CellKind cell)
    {
        var spec = new ModelSpec(cell, InputKind.Dense, 5, 16, 2, 4) { ZoneoutHidden = 0.2, ZoneoutCell = cell == CellKind.Lstm ? 0.5 : 0 };
        (float[] Outputs, float[] Gradients) Run(int threads, bool training)
        {
            int before = Parallelism.Threads;
            try
            {
                Parallelism.Threads = threads;
                var model = new RecurrentModel<float>(spec);
                model.Initialize(4);
                var ws = model.CreateWorkspace(6, 40); // 40 rows: blocks of more than 4 rows for each thread
                var rng = new Rng(6);
                for (int k = 0; k < 6 * 40 * 5; k++)
                    ws.Inputs[k] = (float)rng.NextNormal();
                for (int k = 0; k < 6 * 40; k++)
                    ws.Targets[k] = rng.NextInt(4);
                for (int b = 0; b < 40; b++)
                    ws.Lengths[b] = 1 + b % 6;
                model.SampleZoneoutMasks(ws, 6, new Rng(7));
                model.Forward(ws, 6, model.CreateState(40), training);
                model.Loss(ws);
                model.Parameters.ZeroGradients();
                model.Backward(ws);
                return ([.. ws.Outputs.AsSpan(0, 6 * 40 * 4)], [.. model.Parameters.Gradients]);
            }
            finally
            {
                Parallelism.Threads = before;
            }
        }
        Assert.True(Recurrent.Layers.RecurrentLayer<float>.SplitsRowsInto(40, 2));
        foreach (bool training in new[] { true, false })
        {
            var (outputs, gradients) = Run(1, training);
            var (splitOutputs, splitGradients) = Run(2, training);
            Assert.Equal(outputs, splitOutputs);
            Assert.Equal(gradients, splitGradients);
        }
    }

    [Fact]
    public void Masks_are_zero_or_one_at_the_rate_z_for_every_layer_and_direction()
    {
        var spec = new ModelSpec(CellKind.Lstm, InputKind.OneHot, 7, 16, 2, 7) { ZoneoutHidden = 0.1, ZoneoutCell = 0.5, Bidirectional = true };
        var model = new RecurrentModel<float>(spec);
        var ws = model.CreateWorkspace(20, 8);
        model.SampleZoneoutMasks(ws, 20, new Rng(5));
        Assert.Equal(4, ws.Layers.Length);
        foreach (var buffers in ws.Layers)
        {
            Assert.All(buffers.HiddenZoneoutMask, m => Assert.True(m is 0 or 1));
            Assert.InRange(buffers.HiddenZoneoutMask.Average(), 0.07, 0.13);
            Assert.InRange(buffers.CellZoneoutMask.Average(), 0.45, 0.55);
        }
        Assert.NotEqual(ws.Layers[0].CellZoneoutMask, ws.Layers[1].CellZoneoutMask); // each direction its own
        var inference = model.CreateWorkspace(20, 8, forBackward: false);
        Assert.Empty(inference.Layers[0].HiddenZoneoutMask); // evaluation takes the expectation: no masks kept
    }

    [Theory]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    public void One_token_at_a_time_gives_the_window_s_expectation(CellKind cell)
    {
        var spec = ModelSpec.ForCharacters(cell, 6, 16, 2) with { ZoneoutHidden = 0.3, ZoneoutCell = cell == CellKind.Lstm ? 0.6 : 0 };
        var model = new RecurrentModel<double>(spec);
        model.Initialize(8);
        int[] tokens = [1, 4, 2, 0, 5, 3, 3, 1];
        var window = model.CreateWorkspace(tokens.Length, 1);
        tokens.CopyTo(window.Tokens, 0);
        model.Forward(window, tokens.Length, model.CreateState(1));
        var sampler = new Recurrent.Generation.Sampler<double>(model);
        var plain = new RecurrentModel<double>(spec with { ZoneoutHidden = 0, ZoneoutCell = 0 });
        model.Parameters.Values.CopyTo(plain.Parameters.Values, 0);
        var unzoned = plain.CreateWorkspace(tokens.Length, 1);
        tokens.CopyTo(unzoned.Tokens, 0);
        plain.Forward(unzoned, tokens.Length, plain.CreateState(1));
        for (int t = 0; t < tokens.Length; t++)
        {
            sampler.Feed(tokens[t]);
            double[] expected = window.Outputs.AsSpan(t * 6, 6).ToArray();
            Assert.True(Deviation.Relative<double>(sampler.Logits, expected) < 1e-12, $"step {t}");
        }
        Assert.True(Deviation.Relative<double>(window.Outputs.AsSpan(0, 48), unzoned.Outputs.AsSpan(0, 48).ToArray()) > 1e-3); // zoneout changes evaluation
    }

    [Fact]
    public void A_quantized_model_takes_the_expectation_too()
    {
        var spec = ModelSpec.ForCharacters(CellKind.Lstm, 6, 16, 2) with { ZoneoutHidden = 0.3, ZoneoutCell = 0.6 };
        var model = new RecurrentModel<float>(spec);
        model.Initialize(9);
        var quantized = ModelQuantization.Quantize(model, 16);
        var plain = new RecurrentModel<float>(spec with { ZoneoutHidden = 0, ZoneoutCell = 0 });
        model.Parameters.Values.CopyTo(plain.Parameters.Values, 0);
        float[] Logits(RecurrentModel<float> m)
        {
            var ws = m.CreateWorkspace(8, 1, forBackward: false);
            int[] tokens = [1, 4, 2, 0, 5, 3, 3, 1];
            tokens.CopyTo(ws.Tokens, 0);
            m.Forward(ws, 8, m.CreateState(1));
            return ws.Outputs.AsSpan(0, 48).ToArray();
        }
        double[] expected = [.. Logits(model).Select(v => (double)v)];
        Assert.True(Deviation.Relative<float>(Logits(quantized), expected) < 1e-3);
        Assert.True(Deviation.Relative<float>(Logits(plain), expected) > 1e-2); // so the quantized model zones out as the float one does
    }

    [Fact]
    public void The_model_file_keeps_the_settings_and_an_old_file_reads_as_none()
    {
        var spec = new ModelSpec(CellKind.Lstm, InputKind.Dense, 3, 4, 2, 2) { ZoneoutHidden = 0.05, ZoneoutCell = 0.5 };
        var bundle = new ModelBundle(new RecurrentModel<float>(spec));
        string path = _dir.File("z.safetensors");
        ModelFile.Save(path, bundle);
        var loaded = ModelFile.Load(path);
        Assert.Equal(spec, loaded.Spec);
        Assert.Equal((0.05, 0.5), (loaded.Spec.ZoneoutHidden, loaded.Spec.ZoneoutCell));
        var old = ModelFile.Load(Path.Combine(AppContext.BaseDirectory, "Fixtures", "legacy_char_lstm.safetensors"));
        Assert.Equal((0.0, 0.0), (old.Spec.ZoneoutHidden, old.Spec.ZoneoutCell));
        var without = new ModelBundle(new RecurrentModel<float>(spec with { ZoneoutHidden = 0, ZoneoutCell = 0 }));
        Assert.DoesNotContain(ModelFile.Metadata(without).Keys, key => key.StartsWith("zoneout", StringComparison.Ordinal)); // files without it are as before
        var error = Assert.Throws<RecurrentException>(() => OnnxExport.ToBytes(bundle));
        Assert.Contains("zoneout", error.Message);
    }

    [Fact]
    public void Zoneout_of_c_is_refused_for_a_cell_without_c()
    {
        var spec = new ModelSpec(CellKind.Gru, InputKind.Dense, 3, 4, 1, 2) { ZoneoutCell = 0.2 };
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecurrentModel<float>(spec));
        Assert.Throws<ArgumentOutOfRangeException>(() => new RecurrentModel<float>(spec with { ZoneoutCell = 0, ZoneoutHidden = 1 }));
    }

    [Theory]
    [InlineData(new[] { "--zoneout-hidden", "1" }, "--zoneout-hidden must be")]
    [InlineData(new[] { "--zoneout-cell", "-0.1" }, "--zoneout-cell must be")]
    [InlineData(new[] { "--zoneout-hidden", "NaN" }, "--zoneout-hidden must be")]
    [InlineData(new[] { "--zoneout-cell", "0.2", "--cell", "gru" }, "--zoneout-cell applies to --cell lstm only")]
    public void Bad_zoneout_values_are_one_line(string[] extra, string message) =>
        CliRunner.AssertUserError(CliRunner.Run(["train", "--data", "demo", "--out", _dir.File("unused.safetensors"), "--steps", "1", .. extra]), message);
}
