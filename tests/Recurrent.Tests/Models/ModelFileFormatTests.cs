// The current model file ("recurrent-2"): every input and head round-trips with its vocabulary, labels and scalings;
// a file from a newer version, metadata that does not fit the tensors, or data facts that do not fit the model are
// refused in one sentence, and metadata describing a huge model is refused before anything is allocated.
using Recurrent.Data;
using Recurrent.IO;
using Recurrent.Models;
using Recurrent.Tests.IO;

namespace Recurrent.Tests.Models;

public sealed class ModelFileFormatTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<InputKind, HeadKind, Readout> Kinds()
    {
        var data = new TheoryData<InputKind, HeadKind, Readout>();
        foreach (var input in new[] { InputKind.OneHot, InputKind.Embedding, InputKind.Dense })
            foreach (var head in new[] { HeadKind.Classification, HeadKind.Regression })
                foreach (var readout in new[] { Readout.EveryStep, Readout.LastStep })
                    data.Add(input, head, readout);
        return data;
    }

    private static ModelBundle Bundle(InputKind input, HeadKind head, Readout readout)
    {
        bool tokens = input != InputKind.Dense;
        var spec = new ModelSpec(CellKind.Gru, input, tokens ? 4 : 3, 5, 2, head == HeadKind.Classification ? 3 : 2)
        {
            EmbeddingSize = input == InputKind.Embedding ? 2 : 0,
            Dropout = 0.25,
            Head = head,
            Readout = readout,
        };
        var network = new RecurrentModel<float>(spec);
        network.Initialize(5);
        return new ModelBundle(network)
        {
            Vocabulary = tokens ? new Vocabulary(["a", "b", "c", "\U0001F600"]) : null,
            Labels = head == HeadKind.Classification ? ["no", "yes", "maybe"] : null,
            InputScaling = tokens ? null : new FeatureScaling([1.5, -2, 0.1], [2, 0.5, 1e-3]),
            TargetScaling = head == HeadKind.Regression ? new FeatureScaling([0.25, 100], [3, 7.125]) : null,
            Metadata = new Dictionary<string, string> { ["note"] = "kept" },
        };
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_input_and_head_round_trips_with_what_its_data_needs(InputKind input, HeadKind head, Readout readout)
    {
        var model = Bundle(input, head, readout);
        string path = _dir.File("m.safetensors");
        ModelFile.Save(path, model);
        var loaded = ModelFile.Load(path);
        Assert.Equal(model.Spec, loaded.Spec);
        Assert.Equal(model.Network.Parameters.Values, loaded.Network.Parameters.Values);
        Assert.Equal(model.Vocabulary?.Symbols, loaded.Vocabulary?.Symbols);
        Assert.Equal(model.Labels, loaded.Labels);
        Assert.Equal(model.InputScaling, loaded.InputScaling);
        Assert.Equal(model.TargetScaling, loaded.TargetScaling);
        Assert.Equal("kept", loaded.Metadata["note"]);
        Assert.Equal(ModelFile.FormatName, loaded.Metadata["format"]);
        ModelFile.Save(_dir.File("again.safetensors"), loaded);
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(_dir.File("again.safetensors"))); // loading loses nothing
    }

    [Fact]
    public void The_metadata_says_what_the_input_the_stack_and_the_head_are()
    {
        string path = _dir.File("m.safetensors");
        ModelFile.Save(path, Bundle(InputKind.Embedding, HeadKind.Regression, Readout.LastStep));
        var metadata = SafetensorsFile.Read(path).Metadata;
        Assert.Equal(("embedding", "4", "2"), (metadata["input"], metadata["input_size"], metadata["embed"]));
        Assert.Equal(("gru", "5", "2", "0.25"), (metadata["cell"], metadata["hidden"], metadata["layers"], metadata["dropout"]));
        Assert.Equal(("regression", "last_step", "2"), (metadata["head"], metadata["readout"], metadata["output_size"]));
        Assert.Equal("{\"mean\":[0.25,100],\"scale\":[3,7.125]}", metadata["target_scaling"]);
    }

    public static TheoryData<string, string, string> BadFacts() => new()
    {
        { "format", "recurrent-3", "a newer version of Recurrent may have written it" },
        { "head", "ranking", "\"head\" is \"ranking\", not one of classification, regression" },
        { "readout", "pooled", "\"readout\" is \"pooled\", not one of every_step, last_step" },
        { "input", "image", "\"input\" is \"image\", not one of onehot, embedding, dense" },
        { "vocab", "[\"a\",\"b\"]", "the vocabulary has 2 characters, but the model reads 4 tokens" },
        { "labels", "[\"x\"]", "the labels name 1 classes, but the head has 3 classes" },
        { "labels", "7", "\"labels\" is not a non-empty JSON array of strings" },
        { "hidden", "1073741824", "its metadata describes no model that can exist" },
        { "layers", "1000000", "it holds 10 parameter tensors, but a gru model with 1000000 layer(s) of 5, 4 input(s) and 3 output(s) has 4000002" },
        { "layers", "200000000", "its metadata describes no model that can exist" },
        { "hidden", "6", "\"rnn.weight_ih_l0\" has shape [15, 4], expected [18, 4]" },
    };

    [Theory]
    [MemberData(nameof(BadFacts))]
    public void Metadata_that_does_not_fit_is_refused_in_one_sentence(string key, string value, string expected)
    {
        string path = _dir.File("m.safetensors");
        ModelFile.Save(path, Bundle(InputKind.OneHot, HeadKind.Classification, Readout.LastStep));
        var content = SafetensorsFile.Read(path);
        var metadata = content.Metadata.ToDictionary(pair => pair.Key, pair => pair.Value);
        metadata[key] = value;
        SafetensorsFile.Write(path, content.Tensors, metadata);
        long before = GC.GetTotalAllocatedBytes();
        var error = Assert.Throws<CheckpointException>(() => ModelFile.Load(path));
        Assert.True(GC.GetTotalAllocatedBytes() - before < 64 << 20, "refused before allocating the model it describes");
        Assert.Contains(path, error.Message);
        Assert.True(error.Message.Contains(expected), error.Message);
    }

    [Fact]
    public void Scalings_or_labels_that_do_not_fit_the_model_are_neither_saved_nor_loaded()
    {
        string path = _dir.File("m.safetensors");
        var wrongInput = Bundle(InputKind.Dense, HeadKind.Regression, Readout.EveryStep) with { InputScaling = new FeatureScaling([1], [1]) };
        Assert.Contains("the input scaling scales 1 features, but the model reads 3 values",
            Assert.Throws<ArgumentException>(() => ModelFile.Save(path, wrongInput)).Message);
        var wrongTarget = Bundle(InputKind.Dense, HeadKind.Classification, Readout.EveryStep) with { TargetScaling = new FeatureScaling([1], [1]) };
        Assert.Contains("the target scaling scales 1 values, but the head has 3 classes",
            Assert.Throws<ArgumentException>(() => ModelFile.Save(path, wrongTarget)).Message);
        Assert.False(File.Exists(path));

        ModelFile.Save(path, Bundle(InputKind.Dense, HeadKind.Regression, Readout.EveryStep));
        var content = SafetensorsFile.Read(path);
        var metadata = content.Metadata.ToDictionary(pair => pair.Key, pair => pair.Value);
        metadata["labels"] = "[\"a\",\"b\"]";
        SafetensorsFile.Write(path, content.Tensors, metadata);
        Assert.Contains("the labels name 2 classes, but the head has 2 values", Assert.Throws<CheckpointException>(() => ModelFile.Load(path)).Message);
    }

    [Fact]
    public void A_file_of_another_tool_is_refused()
    {
        string path = _dir.File("keras.safetensors");
        SafetensorsFile.Write(path, [new SafetensorsTensor("dense/kernel", [2], [1f, 2f])], new Dictionary<string, string> { ["format"] = "keras" });
        Assert.Contains("its format is \"keras\", not a Recurrent model's", Assert.Throws<CheckpointException>(() => ModelFile.Load(path)).Message);
    }

    [Fact]
    public void A_character_model_tagged_by_another_tool_loads_as_the_first_format_did()
    {
        string path = _dir.File("pt.safetensors");
        var model = ModelBundle.ForCharacters(CellKind.Gru, Vocabulary.FromText("abc"), 4, 1);
        var tensors = model.Network.Parameters.Parameters
            .Select(info => new SafetensorsTensor(info.Name, info.Shape, model.Network.Parameters.Value(info).ToArray())).ToArray();
        SafetensorsFile.Write(path, tensors, new Dictionary<string, string>
        {
            ["format"] = "pt", ["cell"] = "gru", ["hidden"] = "4", ["layers"] = "1", ["vocab"] = "[\"a\",\"b\",\"c\"]",
        });
        Assert.True(ModelFile.Load(path).IsCharacterModel);
    }

    [Fact]
    public void What_a_model_is_reads_as_a_phrase()
    {
        Assert.Equal("a GRU 2x5 model of 3 real-valued inputs with a regression head of 2 values on the last step",
            Bundle(InputKind.Dense, HeadKind.Regression, Readout.LastStep).Describe());
        var characters = ModelBundle.ForCharacters(CellKind.Lstm, Vocabulary.FromText("hello"), 8, 1);
        Assert.Equal("an LSTM 1x8 character model over 4 characters", characters.Describe());
        Assert.True(characters.IsCharacterModel);
        Assert.False(Bundle(InputKind.OneHot, HeadKind.Classification, Readout.LastStep).IsCharacterModel);
    }
}
