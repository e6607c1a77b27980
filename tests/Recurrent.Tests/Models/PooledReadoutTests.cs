// Heads on a summary of each sequence (final states, mean, maximum over its steps) in the model file: each readout is
// saved under its name, loads back to the same spec and the same outputs, and is described in words. Their values and
// gradients against PyTorch are in the pooling fixtures; against finite differences, with and without lengths, in
// SequenceLengthsTests.
using Recurrent.Models;
using Recurrent.Numerics;
using Recurrent.Tests.IO;

namespace Recurrent.Tests.Models;

public sealed class PooledReadoutTests
{
    [Theory]
    [InlineData(Readout.FinalStates, "final_states", "on the final states")]
    [InlineData(Readout.MeanOverSteps, "mean_over_steps", "on the mean over the steps")]
    [InlineData(Readout.MaxOverSteps, "max_over_steps", "on the maximum over the steps")]
    public void A_pooled_head_round_trips_through_the_model_file(Readout readout, string saved, string described)
    {
        var spec = new ModelSpec(CellKind.Lstm, InputKind.Embedding, 7, 5, 2, 3) { EmbeddingSize = 4, Readout = readout, Bidirectional = true };
        var model = new RecurrentModel<float>(spec);
        model.Initialize(9);
        using var folder = new TempDirectory();
        string path = folder.File("pooled.safetensors");
        ModelFile.Save(path, new ModelBundle(model));

        var loaded = ModelFile.Load(path);
        Assert.Equal(spec, loaded.Spec);
        Assert.Equal(saved, SafetensorsFileMetadata(path)["readout"]);
        Assert.Contains(described, loaded.Describe());
        Assert.Equal(Outputs(model), Outputs(loaded.Network));
    }

    private static float[] Outputs(RecurrentModel<float> model)
    {
        var ws = model.CreateWorkspace(6, 2, forBackward: false);
        var rng = new Rng(3);
        for (int k = 0; k < 12; k++)
            ws.Tokens[k] = rng.NextInt(7);
        ws.Lengths[0] = 4;
        model.Forward(ws, 6, model.CreateState(2));
        return ws.Outputs[..(2 * 3)];
    }

    private static IReadOnlyDictionary<string, string> SafetensorsFileMetadata(string path) =>
        Recurrent.IO.SafetensorsFile.Read(path).Metadata;
}
