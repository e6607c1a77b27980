// Files written by the code before the one-model format (main at 993681f; tools/reference/legacy/probe.cs says how
// they were made and printed these numbers) still load, predict and resume as that code did: the parameters, the
// logits after "Wake Tess", a text's loss, a task batch's outputs, all bit for bit, and a resumed character run ends
// with the parameters the old code's resume gave.
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Recurrent.Data;
using Recurrent.Generation;
using Recurrent.Models;
using Recurrent.Numerics;
using Recurrent.Tasks;
using Recurrent.Tests.IO;
using Recurrent.Tests.Reference;
using Recurrent.Training;

namespace Recurrent.Tests.Models;

public sealed class LegacyModelFileTests
{
    private static string Fixture(string name) => Path.Combine(TorchFixture.Directory, $"legacy_{name}.safetensors");

    private static string Sha(ReadOnlySpan<float> values) => Convert.ToHexStringLower(SHA256.HashData(MemoryMarshal.AsBytes(values)));

    [Theory]
    [InlineData("char_lstm", "3cc03cb811dbe85095fe92a5202bf22ab1014752090690998e199013919f8601",
        "ded2667404f82fb7e9c69d1a1a044d98b8d5e5e6c104f594304f2c139c843fc9", 3.9912171540436923)]
    [InlineData("char_gru_embed", "b314fbd84be1db3b3d108229cd9ebc26b201eda693c1088e9bd59d7137a539e1",
        "a690821c93d5751dd96cf269dc9c30225ea280876a5d156099a0485794f8c13b", 4.006876821871157)]
    public void A_character_checkpoint_of_the_first_format_loads_and_predicts_as_before(string name, string parameters, string logits, double loss)
    {
        var model = ModelFile.Load(Fixture(name));
        Assert.Equal(ModelFile.CharacterFormatName, model.Metadata["format"]);
        Assert.True(model.IsCharacterModel);
        Assert.Equal(parameters, Sha(model.Network.Parameters.Values));
        var vocabulary = model.Vocabulary!;
        var sampler = new Sampler<float>(model.Network);
        foreach (int token in vocabulary.Encode("Wake Tess"))
            sampler.Feed(token);
        Assert.Equal(logits, Sha(sampler.Logits));
        Assert.Equal(loss, Evaluation.MeanCrossEntropy(model.Network, vocabulary.Encode("WAKE TESSA: The sea is long.")));
    }

    [Theory]
    [InlineData("task_adding", typeof(AddingTask), "c12bd42561dfce8e579d23731ba4572c02ba3791c6d14964239d3734dfe024ee",
        "f34d81892717206262abd22226957269c5d2ae68412ba64dd865387a69500616")]
    [InlineData("task_temporal_order", typeof(TemporalOrderTask), "129dfbc6b8e9dcfd274df140b67a7b99e27999743ff314e7db74b31d5b6bdec4",
        "64be2b89aececafdc1a140f960469e5cb1289b7fecafbf54e2912f282cecc405")]
    public void A_task_model_of_the_first_format_loads_with_its_task_and_computes_as_before(string name, Type taskType, string parameters, string outputs)
    {
        string path = Fixture(name);
        var model = ModelFile.Load(path);
        Assert.Equal(ModelFile.TaskFormatName, model.Metadata["format"]);
        Assert.Equal(Readout.LastStep, model.Spec.Readout);
        var task = TaskModels.TaskOf(model, path);
        Assert.IsType(taskType, task);
        Assert.Equal(parameters, Sha(model.Network.Parameters.Values));
        var ws = model.Network.CreateWorkspace(task.Length, 3, forBackward: false);
        task.NewBatch(new Rng(7), 3).CopyTo(ws.Buffers);
        model.Network.Forward(ws, task.Length, model.Network.CreateState(3));
        Assert.Equal(outputs, Sha(ws.Outputs));
    }

    [Fact]
    public void A_training_checkpoint_of_the_first_format_resumes_to_the_parameters_the_old_code_reached()
    {
        using var dir = new TempDirectory();
        string path = dir.File("char_lstm.safetensors");
        File.Copy(Fixture("char_lstm"), path);
        var run = CharacterTraining.Resume(path, EncodedText.FromText(DemoCorpus.Generate()), steps: 9, path);
        Assert.Equal(6, run.Session.StepsDone);
        run.Session.Run();
        Assert.Equal("fde1a2d7de23659a9206bd674d7b628bd376cac6c2e19576e543042709116731", Sha(run.Session.Model.Network.Parameters.Values));
        var resaved = ModelFile.Load(path);
        Assert.Equal(ModelFile.FormatName, resaved.Metadata["format"]); // saved again in the current format
        Assert.Equal("9", resaved.Metadata["steps"]);
    }
}
