// Bidirectional models in the model file and against what cannot read them: a PyTorch-layout checkpoint with the
// rnn.*_reverse tensors loads with "bidirectional": "true" and the right shapes and round-trips; a file that says
// bidirectional but lacks a reverse tensor, or holds reverse tensors without saying so, is refused with the reason;
// streaming generation, a text's chunked loss, a carried state across windows, gate traces and gradient flow refuse
// a bidirectional model.
using Recurrent.Data;
using Recurrent.Diagnostics;
using Recurrent.Generation;
using Recurrent.IO;
using Recurrent.Models;
using Recurrent.Tests.IO;
using Recurrent.Training;

namespace Recurrent.Tests.Models;

public sealed class BidirectionalFileTests
{
    private static readonly ModelSpec Spec = new(CellKind.Gru, InputKind.Dense, 3, 4, 2, 2)
    {
        Head = HeadKind.Regression, Readout = Readout.LastStep, Bidirectional = true,
    };

    /// <summary>The tensors torch.nn.GRU(3, 4, num_layers=2, bidirectional=True) plus a Linear(8, 2) head save, in state_dict order.</summary>
    private static List<SafetensorsTensor> PyTorchTensors()
    {
        var tensors = new List<SafetensorsTensor>();
        int value = 0;
        SafetensorsTensor Tensor(string name, params int[] shape) =>
            new(name, shape, Enumerable.Range(0, shape.Aggregate(1, (a, b) => a * b)).Select(_ => (value++ % 17 - 8) / 20f).ToArray());
        for (int k = 0; k < 2; k++)
            foreach (string suffix in new[] { "", "_reverse" })
            {
                tensors.Add(Tensor($"rnn.weight_ih_l{k}{suffix}", 12, k == 0 ? 3 : 8));
                tensors.Add(Tensor($"rnn.weight_hh_l{k}{suffix}", 12, 4));
                tensors.Add(Tensor($"rnn.bias_ih_l{k}{suffix}", 12));
                tensors.Add(Tensor($"rnn.bias_hh_l{k}{suffix}", 12));
            }
        tensors.Add(Tensor("head.weight", 2, 8));
        tensors.Add(Tensor("head.bias", 2));
        return tensors;
    }

    private static Dictionary<string, string> Metadata(bool bidirectional = true)
    {
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "recurrent-2", ["input"] = "dense", ["input_size"] = "3", ["cell"] = "gru", ["hidden"] = "4", ["layers"] = "2",
            ["head"] = "regression", ["readout"] = "last_step", ["output_size"] = "2",
        };
        if (bidirectional)
            metadata["bidirectional"] = "true";
        return metadata;
    }

    [Fact]
    public void A_pytorch_layout_checkpoint_with_reverse_tensors_loads_and_round_trips()
    {
        using var dir = new TempDirectory();
        string path = dir.File("bigru.safetensors");
        var tensors = PyTorchTensors();
        SafetensorsFile.Write(path, tensors, Metadata());
        var loaded = ModelFile.Load(path);
        Assert.Equal(Spec, loaded.Spec);
        Assert.StartsWith("a bidirectional GRU 2x4", loaded.Describe());
        var parameters = loaded.Network.Parameters;
        Assert.Equal(tensors.Select(t => t.Name), parameters.Parameters.Select(p => p.Name));
        foreach (var tensor in tensors)
        {
            Assert.Equal(tensor.Shape, parameters[tensor.Name].Shape);
            Assert.Equal(tensor.Data, parameters.Value(parameters[tensor.Name]).ToArray());
        }

        string again = dir.File("again.safetensors");
        ModelFile.Save(again, loaded);
        var content = SafetensorsFile.Read(again);
        Assert.Equal("true", content.Metadata["bidirectional"]);
        Assert.Equal(Spec, ModelFile.Load(again).Spec);
        ModelFile.Save(again, new ModelBundle(new RecurrentModel<float>(Spec with { Bidirectional = false })));
        Assert.False(SafetensorsFile.Read(again).Metadata.ContainsKey("bidirectional"));
        Assert.False(ModelFile.Load(again).Spec.Bidirectional);
    }

    [Fact]
    public void A_file_that_says_bidirectional_without_a_reverse_tensor_is_refused()
    {
        using var dir = new TempDirectory();
        string path = dir.File("missing.safetensors");
        SafetensorsFile.Write(path, PyTorchTensors().Where(t => t.Name != "rnn.weight_hh_l1_reverse").ToList(), Metadata());
        var error = Assert.Throws<CheckpointException>(() => ModelFile.Load(path));
        Assert.Contains("\"rnn.weight_hh_l1_reverse\" is missing", error.Message);
        Assert.Contains("bidirectional", error.Message);
    }

    [Fact]
    public void Reverse_tensors_without_the_flag_and_a_bad_flag_are_refused()
    {
        using var dir = new TempDirectory();
        string path = dir.File("unflagged.safetensors");
        SafetensorsFile.Write(path, PyTorchTensors(), Metadata(bidirectional: false));
        var error = Assert.Throws<CheckpointException>(() => ModelFile.Load(path));
        Assert.Contains("_reverse", error.Message);
        Assert.Contains("\"bidirectional\": \"true\"", error.Message);

        var metadata = Metadata();
        metadata["bidirectional"] = "yes";
        SafetensorsFile.Write(path, PyTorchTensors(), metadata);
        Assert.Contains("\"bidirectional\" is \"yes\", not true or false", Assert.Throws<CheckpointException>(() => ModelFile.Load(path)).Message);
    }

    private static RecurrentModel<float> CharacterShaped() =>
        new(ModelSpec.ForCharacters(CellKind.Lstm, 5, 4, 1) with { Bidirectional = true });

    [Fact]
    public void What_streams_a_carried_state_refuses_a_bidirectional_model()
    {
        var model = CharacterShaped();
        Assert.False(model.Spec.IsLanguageModel);
        Assert.Contains("bidirectional", Assert.Throws<ArgumentException>(() => new Sampler<float>(model)).Message);
        Assert.Contains("bidirectional", Assert.Throws<ArgumentException>(() => new Evaluation<float>(model)).Message);
        var streams = new TextStreams(Enumerable.Range(0, 80).Select(k => k % 5).ToArray(), batch: 2, steps: 6);
        Assert.Contains("bidirectional", Assert.Throws<ArgumentException>(() =>
            new Trainer<float>(model, streams, new Adam<float>(model.Parameters.Count, 0.01), 0)).Message);
        var vocabulary = new Vocabulary(["a", "b", "c", "d", "e"]);
        var bundle = new ModelBundle(model) { Vocabulary = vocabulary };
        Assert.False(bundle.IsCharacterModel);
        Assert.Throws<ArgumentException>(() => CharacterTraining.Start(bundle, [0, 1, 2, 3, 4, 0, 1, 2, 3, 4],
            new TextBatching(), new TrainingOptions()));
        var ws = model.CreateWorkspace(2, 1);
        Assert.Throws<InvalidOperationException>(() => ws.TopHidden(0, 0));
    }

    [Fact]
    public void Gate_traces_and_gradient_flow_refuse_a_bidirectional_model()
    {
        var model = CharacterShaped();
        Assert.Contains("bidirectional", Assert.Throws<ArgumentException>(() => GateTracer.Trace(model, [0, 1], k => k.ToString())).Message);
        Assert.Contains("bidirectional", Assert.Throws<ArgumentException>(() =>
            GradientFlow.Measure(model.Convert<double>(), 3, 1, 1, null)).Message);
    }
}
