// Model files of character models: round trip, the PyTorch-written interop file (no format key: read as the first
// character format), and refusal of files that are valid safetensors but not valid models.
using System.Text.Json;
using Recurrent.Data;
using Recurrent.Generation;
using Recurrent.IO;
using Recurrent.Models;
using Recurrent.Tests.IO;
using Recurrent.Tests.Reference;

namespace Recurrent.Tests.Models;

public sealed class ModelFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static ModelBundle SmallModel(CellKind cell = CellKind.Lstm, int layers = 2)
    {
        var model = ModelBundle.ForCharacters(cell, Vocabulary.FromText("a\u00e9\U0001F600\n \"\\"), hidden: 3, layers);
        model.Network.Initialize(11);
        return model;
    }

    [Theory]
    [InlineData(CellKind.Lstm, 2)]
    [InlineData(CellKind.Rnn, 1)]
    public void Save_then_load_gives_the_same_model(CellKind cell, int layers)
    {
        var model = SmallModel(cell, layers);
        string path = _dir.File("m.safetensors");
        ModelFile.Save(path, model, new Dictionary<string, string> { ["note"] = "x" });
        var loaded = ModelFile.Load(path);
        Assert.Equal(model.Network.Spec, loaded.Network.Spec);
        Assert.Equal(model.Vocabulary!.Symbols, loaded.Vocabulary!.Symbols);
        Assert.Equal(model.Network.Parameters.Values, loaded.Network.Parameters.Values);
        Assert.Equal("x", loaded.Metadata["note"]);
        Assert.Equal(cell.ToName(), loaded.Metadata["cell"]);
        Assert.Equal(["rnn.weight_ih_l0", "rnn.weight_hh_l0"], SafetensorsFile.Read(path).Tensors.Take(2).Select(t => t.Name));
    }

    [Fact]
    public void A_checkpoint_written_by_pytorch_loads_and_predicts_as_pytorch_does()
    {
        var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(TorchFixture.Directory, "interop_lstm.json"))).RootElement;
        var model = ModelFile.Load(Path.Combine(TorchFixture.Directory, "interop_lstm.safetensors"));
        Assert.Equal(expected.GetProperty("vocab").EnumerateArray().Select(e => e.GetString()), model.Vocabulary!.Symbols);
        Assert.Equal(12, model.Vocabulary!.Count); // the emoji is one character

        var sampler = new Sampler<float>(model.Network);
        foreach (int token in model.Vocabulary.Encode(expected.GetProperty("text").GetString()!))
            sampler.Feed(token);
        double[] probabilities = expected.GetProperty("probabilities").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.True(Deviation.Relative<float>(sampler.NextDistribution(), probabilities) < 1e-5);
    }

    public static TheoryData<string, string> BadMetadata() => new()
    {
        { "cell", "transformer" },
        { "hidden", "0" },
        { "hidden", "three" },
        { "layers", "-1" },
        { "vocab", "not json" },
        { "vocab", "[]" },
        { "vocab", "[\"ab\",\"c\"]" },
        { "vocab", "[\"a\",\"a\"]" },
    };

    [Theory]
    [MemberData(nameof(BadMetadata))]
    public void Bad_metadata_is_refused(string key, string value)
    {
        var metadata = Metadata(SmallModel());
        metadata[key] = value;
        string path = Write(SmallModel(), metadata);
        var error = Assert.Throws<CheckpointException>(() => ModelFile.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains($"\"{key}\"".Replace("\"cell\"", "cell"), error.Message);
    }

    [Fact]
    public void Missing_metadata_is_refused()
    {
        foreach (string key in new[] { "cell", "hidden", "layers", "vocab" })
        {
            var metadata = Metadata(SmallModel());
            metadata.Remove(key);
            var error = Assert.Throws<CheckpointException>(() => ModelFile.Load(Write(SmallModel(), metadata)));
            Assert.Contains($"no \"{key}\"", error.Message);
        }
    }

    [Fact]
    public void Wrong_shapes_missing_and_extra_tensors_and_NaN_are_refused()
    {
        var model = SmallModel();
        var metadata = Metadata(model);
        var tensors = Tensors(model);

        metadata["hidden"] = "4";
        Assert.Contains("has shape [12, 7], expected [16, 7]", Assert.Throws<CheckpointException>(() => ModelFile.Load(Write(tensors, metadata))).Message);

        metadata = Metadata(model);
        Assert.Contains("\"head.bias\" is missing", Assert.Throws<CheckpointException>(() => ModelFile.Load(Write(tensors[..^1], metadata))).Message);
        Assert.Contains("\"extra\"", Assert.Throws<CheckpointException>(() =>
            ModelFile.Load(Write([.. tensors, new SafetensorsTensor("extra", [1], [0f])], metadata))).Message);

        metadata["layers"] = "1";
        Assert.Contains("rnn.weight_ih_l1", Assert.Throws<CheckpointException>(() => ModelFile.Load(Write(tensors, Metadata(model, layers: "1")))).Message);

        tensors[0].Data[0] = float.NaN;
        Assert.Contains("NaN", Assert.Throws<CheckpointException>(() => ModelFile.Load(Write(tensors, Metadata(model)))).Message);
    }

    private static Dictionary<string, string> Metadata(ModelBundle model, string? layers = null) => new()
    {
        ["cell"] = model.Network.Spec.Cell.ToName(),
        ["hidden"] = model.Network.Spec.Hidden.ToString(),
        ["layers"] = layers ?? model.Network.Spec.Layers.ToString(),
        ["vocab"] = JsonSerializer.Serialize(model.Vocabulary!.Symbols),
    };

    private static SafetensorsTensor[] Tensors(ModelBundle model) =>
        model.Network.Parameters.Parameters
            .Select(info => new SafetensorsTensor(info.Name, info.Shape, model.Network.Parameters.Value(info).ToArray()))
            .ToArray();

    private string Write(ModelBundle model, Dictionary<string, string> metadata) => Write(Tensors(model), metadata);

    private string Write(SafetensorsTensor[] tensors, Dictionary<string, string> metadata)
    {
        string path = _dir.File(Guid.NewGuid().ToString("N") + ".safetensors");
        SafetensorsFile.Write(path, tensors, metadata);
        return path;
    }
}
