// Quantized models (ModelQuantization): outputs within a stated bound of the float model's on every model shape,
// memory at most 0.3x of float32's for 8-bit weights, the file format (I8/I16 tensors, F32 row scales, the
// "quantization" key) round trip bit for bit, bad files refused with a reason, and everything that would need the
// float weights (training, gradients, ONNX, a precision change) refused in one line.
using Recurrent.Data;
using Recurrent.IO;
using Recurrent.Models;
using Recurrent.Numerics;
using Recurrent.Onnx;
using Recurrent.Tests.IO;
using Recurrent.Training;

namespace Recurrent.Tests.Models;

public sealed class QuantizedModelTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<int, int> Shapes() => new() { { 0, 8 }, { 0, 16 }, { 1, 8 }, { 1, 16 }, { 2, 8 }, { 2, 16 } };

    /// <summary>A one-hot LSTM language model, an embedded GRU classifier on the last step, a dense bidirectional RNN regressor on the mean.</summary>
    private static ModelSpec Spec(int shape) => shape switch
    {
        0 => ModelSpec.ForCharacters(CellKind.Lstm, 11, 32, 2),
        1 => new ModelSpec(CellKind.Gru, InputKind.Embedding, 9, 20, 1, 4) { EmbeddingSize = 6, Readout = Readout.LastStep },
        _ => new ModelSpec(CellKind.Rnn, InputKind.Dense, 5, 12, 2, 3) { Head = HeadKind.Regression, Readout = Readout.MeanOverSteps, Bidirectional = true },
    };

    private static float[] Outputs(RecurrentModel<float> model, int seed)
    {
        const int steps = 7, batch = 5;
        var ws = model.CreateWorkspace(steps, batch, forBackward: false);
        var rng = new Rng((ulong)seed);
        if (model.Spec.TakesTokens)
            for (int r = 0; r < steps * batch; r++)
                ws.Tokens[r] = (int)(rng.NextDouble() * model.Spec.InputSize);
        else
            for (int r = 0; r < ws.Inputs.Length; r++)
                ws.Inputs[r] = rng.NextUniform(-2, 2);
        if (model.Spec.Readout != Readout.EveryStep)
            new[] { 7, 3, 5, 7, 1 }.CopyTo(ws.Lengths, 0);
        model.Forward(ws, steps, model.CreateState(batch));
        return ws.Outputs.AsSpan(0, ws.OutputRows * model.Spec.OutputSize).ToArray();
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Outputs_stay_within_the_stated_bound_of_the_float_models(int shape, int bits)
    {
        // The bound: 8-bit weights (and, above 4 rows, 8-bit activations) within 2% of the outputs' scale, 16-bit within 0.05%.
        var model = new RecurrentModel<float>(Spec(shape));
        model.Initialize(3);
        var quantized = ModelQuantization.Quantize(model, bits);
        float[] expected = Outputs(model, 5), actual = Outputs(quantized, 5);
        double scale = Math.Max(1, expected.Max(Math.Abs)), worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= (bits == 8 ? 0.02 : 5e-4) * scale, $"{bits} bits, shape {shape}: largest difference {worst} at scale {scale}");
        Assert.True(worst > 0, "quantized outputs equal the float ones exactly: the weights were not quantized");
    }

    [Theory]
    [InlineData(8, 0.30)]
    [InlineData(16, 0.55)]
    public void A_character_model_s_weights_take_a_fraction_of_float32_s_bytes(int bits, double most)
    {
        var model = ModelBundle.ForCharacters(CellKind.Lstm, Vocabulary.FromText("abcdefghijklmnopqrstuvwxyz .,\n"), 128, 2);
        model.Network.Initialize(1);
        var quantized = ModelQuantization.Quantize(model, bits);
        Assert.InRange((double)quantized.Network.WeightBytes / model.Network.WeightBytes, 0.2, most);
        string floatPath = _dir.File("f.safetensors"), path = _dir.File("q.safetensors");
        ModelFile.Save(floatPath, model);
        ModelFile.Save(path, quantized);
        Assert.InRange((double)new FileInfo(path).Length / new FileInfo(floatPath).Length, 0.2, most);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void A_saved_quantized_model_loads_with_the_same_outputs_bit_for_bit(int shape, int bits)
    {
        var model = new RecurrentModel<float>(Spec(shape));
        model.Initialize(4);
        var spec = model.Spec;
        var bundle = new ModelBundle(ModelQuantization.Quantize(model, bits))
        {
            Vocabulary = shape == 0 ? Vocabulary.FromText("abcdefghij\n") : null,
            Labels = shape == 1 ? ["a", "b", "c", "d"] : null,
        };
        string path = _dir.File("q.safetensors");
        ModelFile.Save(path, bundle);
        var content = SafetensorsFile.Read(path);
        Assert.Equal($"int{bits}", content.Metadata[ModelFile.QuantizationKey]);
        foreach (string name in QuantizedWeights.Names(spec))
        {
            Assert.Equal(bits == 8 ? SafetensorsDType.I8 : SafetensorsDType.I16, content.GetTensor(name).DType);
            Assert.Equal(SafetensorsDType.F32, content.GetTensor(name + ModelFile.ScaleSuffix).DType);
        }
        Assert.Equal(SafetensorsDType.F32, content.GetTensor(ParameterNames.HeadWeight).DType);
        var loaded = ModelFile.Load(path);
        Assert.Equal(bits, loaded.Network.Quantized!.Bits);
        Assert.Equal(Outputs(bundle.Network, 6), Outputs(loaded.Network, 6));
        Assert.Contains($"{bits}-bit weights", loaded.Describe());
    }

    private string SavedQuantized(int bits = 8)
    {
        var model = ModelBundle.ForCharacters(CellKind.Gru, Vocabulary.FromText("abc"), 8, 1);
        model.Network.Initialize(2);
        string path = _dir.File($"q{bits}.safetensors");
        ModelFile.Save(path, ModelQuantization.Quantize(model, bits));
        return path;
    }

    /// <summary>The file rewritten with its tensors and metadata changed by <paramref name="edit"/>.</summary>
    private string Tampered(string path, Func<List<SafetensorsTensor>, Dictionary<string, string>, IEnumerable<SafetensorsTensor>> edit)
    {
        var content = SafetensorsFile.Read(path);
        var metadata = content.Metadata.ToDictionary();
        var tensors = edit(content.Tensors.ToList(), metadata).ToList();
        string tampered = _dir.File("tampered.safetensors");
        SafetensorsFile.Write(tampered, tensors, metadata);
        return tampered;
    }

    [Fact]
    public void Bad_quantized_files_are_refused_with_the_reason()
    {
        string path = SavedQuantized();
        void Refused(string file, string fragment) =>
            Assert.Contains(fragment, Assert.Throws<CheckpointException>(() => ModelFile.Load(file)).Message);
        Refused(Tampered(path, (t, m) => { m[ModelFile.QuantizationKey] = "int4"; return t; }), "not int8 or int16");
        Refused(Tampered(path, (t, m) => t.Where(x => x.Name != "rnn.weight_hh_l0.scale")), "\"rnn.weight_hh_l0.scale\" is missing");
        Refused(Tampered(path, (t, m) => { m.Remove(ModelFile.QuantizationKey); return t.Where(x => !x.Name.EndsWith(".scale")); }),
            "stored as I8 integers, which only a quantized model's weight matrices are");
        Refused(Tampered(path, (t, m) => t.Select(x => x.Name == "rnn.weight_ih_l0" ? new SafetensorsTensor(x.Name, x.Shape, x.Data) : x)),
            "\"rnn.weight_ih_l0\" is stored as F32");
        Refused(Tampered(path, (t, m) => t.Select(x => x.Name == "rnn.weight_ih_l0.scale" ? new SafetensorsTensor(x.Name, x.Shape, x.Data.Select(_ => -1f).ToArray()) : x)),
            "\"rnn.weight_ih_l0\" is not a valid 8-bit weight");
        Refused(Tampered(path, (t, m) => t.Select(x => x.Name == "rnn.weight_ih_l0" ? new SafetensorsTensor(x.Name, x.Shape, x.Data.Select(_ => -128f).ToArray(), SafetensorsDType.I8) : x)),
            "not an integer within ±127");
    }

    [Fact]
    public void An_integer_tensor_holding_a_fraction_is_refused_before_anything_is_written()
    {
        string path = _dir.File("t.safetensors");
        var tensor = new SafetensorsTensor("x", [2], [1f, 0.5f], SafetensorsDType.I8);
        Assert.Throws<ArgumentException>(() => SafetensorsFile.Write(path, [tensor], new Dictionary<string, string>()));
        Assert.False(File.Exists(path));
        Assert.Throws<ArgumentException>(() => new SafetensorsTensor("x", [1], [1f], SafetensorsDType.F16));
    }

    [Fact]
    public void What_needs_the_float_weights_is_refused()
    {
        var model = ModelBundle.ForCharacters(CellKind.Lstm, Vocabulary.FromText("abc"), 8, 1);
        model.Network.Initialize(2);
        var quantized = ModelQuantization.Quantize(model, 8);
        var ws = quantized.Network.CreateWorkspace(3, 2);
        quantized.Network.Forward(ws, 3, quantized.Network.CreateState(2)); // a training workspace still runs Forward (traces use one)
        Assert.Throws<InvalidOperationException>(() => quantized.Network.Backward(ws));
        Assert.Throws<InvalidOperationException>(() => quantized.Network.Convert<double>());
        Assert.Throws<ArgumentException>(() => ModelQuantization.Quantize(quantized, 16));
        var checkpoint = model with { Metadata = new Dictionary<string, string> { ["train.steps_done"] = "3", ["note"] = "kept" } };
        var fromCheckpoint = ModelQuantization.Quantize(checkpoint, 8);
        Assert.Equal(["note"], fromCheckpoint.Metadata.Keys);
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelQuantization.Quantize(model, 4));
        Assert.Throws<RecurrentException>(() => OnnxExport.ToBytes(quantized));
        Assert.Throws<InvalidOperationException>(() => quantized.Network.Initialize(1));
        Assert.Throws<InvalidOperationException>(() => quantized.Network.GateGradient("rnn.weight_hh_l0", LstmGate.Forget));
        Assert.Throws<InvalidOperationException>(() => Recurrent.Diagnostics.GradientFlow.Measure(quantized.Network, 3, 1, 1));
        var source = LabelledSequences.FromTokens([[0, 1, 2]], [1], batch: 1);
        Assert.Contains("inference only", Assert.Throws<InvalidOperationException>(() =>
            TrainingSession.Start(quantized, source, null, new TrainingOptions { Steps = 1, WeightDrop = 0.2 })).Message);
        string path = SavedQuantized();
        Assert.Contains("holds no training state", Assert.Throws<CheckpointException>(() => TrainingCheckpoint.Load(path)).Message);
    }
}
