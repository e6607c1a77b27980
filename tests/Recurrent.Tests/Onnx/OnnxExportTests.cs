// Every exported model run in ONNX Runtime gives Recurrent's own outputs: each cell, 1 and 2 layers, one-hot, embedded
// and real-valued (scaled) input, classification and regression heads on every step, the last step(s), the final
// states, the mean and the maximum, one and two directions, a batch of sequences of different lengths from given
// initial states (and the same with the optional inputs left out), the final states, and the metadata.
using Microsoft.ML.OnnxRuntime;
using Recurrent.Data;
using Recurrent.Models;
using Recurrent.Numerics;
using Recurrent.Onnx;
using Xunit.Abstractions;

namespace Recurrent.Tests.Onnx;

public sealed class OnnxExportTests(ITestOutputHelper output)
{
    private const int Steps = 5, Batch = 3, Hidden = 5, Vocabulary = 7, DenseInputs = 3, Embedding = 4;
    private const double Tolerance = 1e-5; // |ONNX − Recurrent| / max |Recurrent|, per output

    public static TheoryData<CellKind, InputKind, int, bool, Readout, int, HeadKind> Cases() => new()
    {
        { CellKind.Lstm, InputKind.OneHot, 1, false, Readout.EveryStep, 1, HeadKind.Classification },
        { CellKind.Lstm, InputKind.OneHot, 2, false, Readout.EveryStep, 1, HeadKind.Classification },
        { CellKind.Gru, InputKind.Embedding, 1, false, Readout.EveryStep, 1, HeadKind.Classification },
        { CellKind.Gru, InputKind.Embedding, 2, false, Readout.EveryStep, 1, HeadKind.Classification },
        { CellKind.Rnn, InputKind.OneHot, 1, false, Readout.EveryStep, 1, HeadKind.Classification },
        { CellKind.Rnn, InputKind.Embedding, 2, false, Readout.EveryStep, 1, HeadKind.Classification },
        { CellKind.Lstm, InputKind.Dense, 2, false, Readout.LastStep, 1, HeadKind.Regression },
        { CellKind.Gru, InputKind.Dense, 1, false, Readout.LastStep, 3, HeadKind.Regression },
        { CellKind.Rnn, InputKind.Dense, 2, false, Readout.EveryStep, 1, HeadKind.Regression },
        { CellKind.Lstm, InputKind.Embedding, 1, false, Readout.LastStep, 1, HeadKind.Classification },
        { CellKind.Gru, InputKind.OneHot, 2, false, Readout.FinalStates, 1, HeadKind.Classification },
        { CellKind.Lstm, InputKind.Dense, 1, true, Readout.FinalStates, 1, HeadKind.Classification },
        { CellKind.Gru, InputKind.Embedding, 2, true, Readout.MeanOverSteps, 1, HeadKind.Classification },
        { CellKind.Lstm, InputKind.OneHot, 2, true, Readout.MaxOverSteps, 1, HeadKind.Classification },
        { CellKind.Rnn, InputKind.Dense, 1, true, Readout.MeanOverSteps, 1, HeadKind.Regression },
        { CellKind.Gru, InputKind.Dense, 2, true, Readout.LastStep, 2, HeadKind.Regression },
        { CellKind.Rnn, InputKind.OneHot, 2, true, Readout.EveryStep, 1, HeadKind.Classification },
        { CellKind.Lstm, InputKind.Dense, 2, true, Readout.MaxOverSteps, 1, HeadKind.Regression },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_batch_of_different_lengths_from_given_states_gives_Recurrent_s_outputs(CellKind cell, InputKind input, int layers,
        bool bidirectional, Readout readout, int readoutSteps, HeadKind head)
    {
        var test = new ExportCase(Model(cell, input, layers, bidirectional, readout, readoutSteps, head), seed: 11);
        test.Compare([5, 3, 4], givenState: true, output);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_optional_inputs_left_out_mean_full_lengths_and_zero_states(CellKind cell, InputKind input, int layers,
        bool bidirectional, Readout readout, int readoutSteps, HeadKind head)
    {
        var test = new ExportCase(Model(cell, input, layers, bidirectional, readout, readoutSteps, head), seed: 12);
        test.Compare(null, givenState: false, output);
    }

    [Fact]
    public void The_metadata_holds_the_vocabulary_labels_scalings_and_facts_and_no_training_state()
    {
        var bundle = Model(CellKind.Gru, InputKind.Dense, 1, false, Readout.LastStep, 1, HeadKind.Regression) with
        {
            Metadata = new Dictionary<string, string> { ["task"] = "adding", ["train.step"] = "12" },
        };
        using var runner = new OnnxRuntimeRunner(OnnxExport.ToBytes(bundle));
        Assert.Equal("gru", runner.Metadata["cell"]);
        Assert.Equal("adding", runner.Metadata["task"]);
        Assert.Contains("\"mean\"", runner.Metadata["input_scaling"]);
        Assert.Contains("\"scale\"", runner.Metadata["target_scaling"]);
        Assert.DoesNotContain("train.step", runner.Metadata.Keys);
        Assert.Equal([OnnxNames.Inputs], runner.InputNames);
        Assert.Equal([OnnxNames.Lengths, OnnxNames.InitialHidden], runner.OptionalInputNames);
        Assert.Equal([OnnxNames.Values, OnnxNames.FinalHidden], runner.OutputNames);

        var characters = ModelBundle.ForCharacters(CellKind.Lstm, Recurrent.Data.Vocabulary.FromText("ab\u00e9\n"), 4, 1);
        using var text = new OnnxRuntimeRunner(OnnxExport.ToBytes(characters));
        Assert.Equal(["a", "b", "\u00e9", "\n"], System.Text.Json.JsonSerializer.Deserialize<string[]>(text.Metadata["vocab"])!);
        Assert.Equal([OnnxNames.Tokens], text.InputNames);
        Assert.Equal([OnnxNames.Lengths, OnnxNames.InitialHidden, OnnxNames.InitialCell], text.OptionalInputNames);
        Assert.Equal([OnnxNames.Logits, OnnxNames.Probabilities, OnnxNames.FinalHidden, OnnxNames.FinalCell], text.OutputNames);
    }

    /// <summary>A model of the given shape with PyTorch's initialisation widened 1.5x (so gates saturate somewhere), labels and scalings.</summary>
    internal static ModelBundle Model(CellKind cell, InputKind input, int layers, bool bidirectional, Readout readout, int readoutSteps,
        HeadKind head, ulong seed = 5)
    {
        bool tokens = input != InputKind.Dense, classes = head == HeadKind.Classification;
        int outputs = classes ? 4 : readoutSteps == 2 ? 3 : 2;
        var spec = new ModelSpec(cell, input, tokens ? Vocabulary : DenseInputs, Hidden, layers, outputs)
        {
            EmbeddingSize = input == InputKind.Embedding ? Embedding : 0,
            Head = head,
            Readout = readout,
            ReadoutSteps = readoutSteps,
            Bidirectional = bidirectional,
            Loss = readoutSteps == 2 ? RegressionLoss.Quantile : RegressionLoss.MeanSquaredError,
            Quantiles = readoutSteps == 2 ? [0.1, 0.5, 0.9] : [],
        };
        var network = new RecurrentModel<float>(spec);
        network.Initialize(seed);
        foreach (ref float value in network.Parameters.Values.AsSpan())
            value *= 1.5f;
        var rng = new Rng(seed);
        return new ModelBundle(network)
        {
            Labels = classes ? ["north", "east", "south", "west"] : null,
            InputScaling = tokens ? null : Scaling(DenseInputs, rng),
            TargetScaling = classes ? null : Scaling(outputs, rng),
        };
    }

    private static FeatureScaling Scaling(int features, Rng rng) =>
        new([.. Enumerable.Range(0, features).Select(_ => rng.NextDouble() * 4 - 2)],
            [.. Enumerable.Range(0, features).Select(_ => 0.5 + rng.NextDouble() * 2)]);

    /// <summary>One model, one batch: Recurrent's forward and ONNX Runtime's run of the export, compared.</summary>
    private sealed class ExportCase(ModelBundle bundle, ulong seed)
    {
        private readonly ModelSpec _spec = bundle.Spec;
        private readonly Rng _rng = new(seed);

        public void Compare(int[]? lengths, bool givenState, ITestOutputHelper log)
        {
            var network = bundle.Network;
            var ws = network.CreateWorkspace(Steps, Batch, forBackward: false);
            var state = network.CreateState(Batch);
            var feeds = new List<NamedOnnxValue>();
            if (_spec.TakesTokens)
            {
                long[] tokens = new long[Steps * Batch];
                for (int k = 0; k < tokens.Length; k++)
                    ws.Tokens[k] = (int)(tokens[k] = _rng.NextInt(Vocabulary));
                feeds.Add(OnnxRuntimeRunner.Longs(OnnxNames.Tokens, tokens, Steps, Batch));
            }
            else
            {
                float[] inputs = new float[Steps * Batch * DenseInputs];
                var scaling = bundle.InputScaling!;
                for (int k = 0; k < inputs.Length; k++)
                {
                    inputs[k] = (float)(_rng.NextDouble() * 6 - 3);
                    int f = k % DenseInputs;
                    ws.Inputs[k] = (float)((inputs[k] - scaling.Mean[f]) / scaling.Scale[f]);
                }
                feeds.Add(OnnxRuntimeRunner.Floats(OnnxNames.Inputs, inputs, Steps, Batch, DenseInputs));
            }
            if (lengths is not null)
            {
                lengths.CopyTo(ws.Lengths, 0);
                feeds.Add(OnnxRuntimeRunner.Ints(OnnxNames.Lengths, lengths, Batch));
            }
            int states = _spec.Layers * _spec.Directions;
            if (givenState)
            {
                for (int k = 0; k < state.Hiddens.Length; k++)
                    state.Hiddens[k] = (float)(_rng.NextDouble() * 2 - 1);
                for (int k = 0; k < state.Cells.Length; k++)
                    state.Cells[k] = (float)(_rng.NextDouble() * 4 - 2);
                feeds.Add(OnnxRuntimeRunner.Floats(OnnxNames.InitialHidden, [.. state.Hiddens], states, Batch, Hidden));
                if (_spec.Cell == CellKind.Lstm)
                    feeds.Add(OnnxRuntimeRunner.Floats(OnnxNames.InitialCell, [.. state.Cells], states, Batch, Hidden));
            }

            network.Forward(ws, Steps, state);
            var final = network.CreateState(Batch);
            ws.CopyFinalState(final);

            using var runner = new OnnxRuntimeRunner(OnnxExport.ToBytes(bundle));
            var results = runner.Run([.. feeds]);

            int rows = ws.OutputRows, outputs = _spec.OutputSize;
            int[] expectedShape = _spec.Readout switch
            {
                Readout.EveryStep => [Steps, Batch, outputs],
                Readout.LastStep when _spec.ReadoutSteps > 1 => [_spec.ReadoutSteps, Batch, outputs],
                _ => [Batch, outputs],
            };
            bool classification = _spec.Head == HeadKind.Classification;
            var (head, shape) = results[classification ? OnnxNames.Logits : OnnxNames.Values];
            Assert.Equal(expectedShape, shape);
            float[] ours = ws.Outputs.AsSpan(0, rows * outputs).ToArray();
            if (!classification && bundle.TargetScaling is { } target)
                for (int k = 0; k < ours.Length; k++)
                    ours[k] = (float)(ours[k] * target.Scale[k % outputs] + target.Mean[k % outputs]);
            bool[] valid = [.. Enumerable.Range(0, rows * outputs).Select(k => ws.IsValidRow(k / outputs))];
            Within(classification ? "logits" : "values", head, ours, valid, log);
            if (classification)
                Within("probabilities", results[OnnxNames.Probabilities].Values, Softmax(ours, outputs), valid, log);

            bool[] all = [.. Enumerable.Repeat(true, final.Hiddens.Length)];
            Assert.Equal([states, Batch, Hidden], results[OnnxNames.FinalHidden].Shape);
            Within("hn", results[OnnxNames.FinalHidden].Values, final.Hiddens, all, log);
            if (_spec.Cell == CellKind.Lstm)
                Within("cn", results[OnnxNames.FinalCell].Values, final.Cells, all, log);
        }

        private static void Within(string what, float[] onnx, float[] ours, bool[] compared, ITestOutputHelper log)
        {
            Assert.Equal(ours.Length, onnx.Length);
            double scale = 0, worst = 0;
            for (int k = 0; k < ours.Length; k++)
                if (compared[k])
                {
                    scale = Math.Max(scale, Math.Abs(ours[k]));
                    worst = Math.Max(worst, Math.Abs(onnx[k] - (double)ours[k]));
                }
            Assert.True(scale > 0, $"{what}: every compared value is 0; the comparison proves nothing");
            log.WriteLine($"{what}: max |ONNX − Recurrent| = {worst:E2} of max |value| {scale:F3} ({worst / scale:E2} relative)");
            Assert.True(worst <= Tolerance * scale, $"{what}: ONNX Runtime differs from Recurrent by {worst:E3}, above {Tolerance:E0} of {scale:F4}");
        }

        private static float[] Softmax(float[] logits, int classes)
        {
            var probabilities = new float[logits.Length];
            for (int row = 0; row < logits.Length / classes; row++)
            {
                var span = logits.AsSpan(row * classes, classes);
                double max = double.NegativeInfinity, sum = 0;
                foreach (float v in span)
                    max = Math.Max(max, v);
                foreach (float v in span)
                    sum += Math.Exp(v - max);
                for (int c = 0; c < classes; c++)
                    probabilities[row * classes + c] = (float)(Math.Exp(span[c] - max) / sum);
            }
            return probabilities;
        }
    }
}
