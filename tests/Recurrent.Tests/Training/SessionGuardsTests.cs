// What the one training session refuses or guards against, whatever the head: batches that do not fit the model,
// a dropout model without a generator, a step schedule with no epochs, a checkpoint whose counters or best-file name
// are damaged or crafted, and a resume that must continue exactly even from a checkpoint of step 0.
using Recurrent.Data;
using Recurrent.IO;
using Recurrent.Models;
using Recurrent.Numerics;
using Recurrent.Tasks;
using Recurrent.Tests.IO;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

public sealed class SessionGuardsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static LabelledSequences Sequences(int batch = 2) =>
        LabelledSequences.FromTokens([[0, 1, 1], [1, 0, 0], [1, 1, 0], [0, 0, 1]], [0, 1, 1, 0], batch);

    [Fact]
    public void Batches_that_do_not_fit_the_model_are_refused_at_the_first_step()
    {
        // A classifier of sequences whose spec forgot Readout.LastStep: a head at every step, T·B target rows.
        var everyStep = new RecurrentModel<float>(new ModelSpec(CellKind.Lstm, InputKind.OneHot, 2, 4, 1, 2));
        var trainer = new Trainer<float>(everyStep, Sequences(), new Adam<float>(everyStep.Parameters.Count), 1);
        Assert.Contains("a classification head on the last step", Assert.Throws<ArgumentException>(() => trainer.Step()).Message);

        // A series of 2 features read by a model of 3 inputs.
        var threeInputs = new RecurrentModel<float>(new ModelSpec(CellKind.Gru, InputKind.Dense, 3, 4, 1, 1) { Head = HeadKind.Regression });
        var windows = new SeriesWindows(new double[40], 2, [0], steps: 3, batch: 2, everyStep: true);
        var series = new Trainer<float>(threeInputs, windows, new Adam<float>(threeInputs.Parameters.Count), 1);
        Assert.Throws<ArgumentException>(() => series.Step());
    }

    [Fact]
    public void A_dropout_model_needs_a_generator_or_fixed_masks()
    {
        var model = new RecurrentModel<float>(new ModelSpec(CellKind.Lstm, InputKind.OneHot, 2, 4, 1, 2) { Readout = Readout.LastStep, Dropout = 0.5 });
        var optimizer = new Adam<float>(model.Parameters.Count);
        Assert.Throws<ArgumentException>(() => new Trainer<float>(model, Sequences(), optimizer, 1));
        _ = new Trainer<float>(model, Sequences(), optimizer, 1, new Rng(1));
        _ = new Trainer<float>(model, Sequences(), optimizer, 1, fixedDropoutMasks: true);
    }

    [Fact]
    public void A_step_schedule_needs_a_source_with_epochs()
    {
        var task = new AddingTask(6);
        var model = new RecurrentModel<float>(task.ModelSpec(CellKind.Lstm, 4, 1));
        var options = new TrainingOptions { Schedule = new LearningRateSchedule.StepDecay(0.5, 0) };
        var error = Assert.Throws<ArgumentException>(() =>
            TrainingSession.Start(new ModelBundle(model), new TaskBatches(task, 2, new Rng(1)), null, options));
        Assert.Contains("no epochs", error.Message);
    }

    [Fact]
    public void A_task_run_resumed_from_its_first_checkpoint_ends_with_the_same_bytes()
    {
        Directory.CreateDirectory(_dir.File("a"));
        Directory.CreateDirectory(_dir.File("b"));
        string a = _dir.File("a/m.safetensors"), b = _dir.File("b/m.safetensors");
        var task = new RecallTask(5);
        var options = new TaskOptions
        {
            Hidden = 5, Batch = 4, TestSize = 20,
            Training = TaskOptions.DefaultTraining with { Steps = 6, EvalEvery = 3, TargetAccuracy = 2, Minutes = 0, Patience = 3 },
        };
        new TaskRun(task, options, checkpointPath: a).Run();
        new TaskRun(task, options with { Training = options.Training with { Steps = 0 } }, checkpointPath: b).Run(); // saves step 0
        var resumed = TaskRun.Resume(b, steps: 6, b).Run();
        Assert.Equal([3L, 6L], resumed.History.Select(e => e.Step)); // no second validation of step 0
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
    }

    private string Checkpoint(Action<Dictionary<string, string>> damage)
    {
        string path = _dir.File("c.safetensors");
        var vocabulary = Vocabulary.FromText("abcabcabcabc");
        var model = ModelBundle.ForCharacters(CellKind.Rnn, vocabulary, 3, 1);
        CharacterTraining.Start(model, vocabulary.Encode("abcabcabcabcabcabcabcabc"), new TextBatching { SeqLen = 3, Batch = 2, ValFraction = 0.2 },
            new TrainingOptions { Steps = 2, EvalEvery = 1 }, path).Session.Run();
        var content = SafetensorsFile.Read(path);
        var metadata = content.Metadata.ToDictionary(pair => pair.Key, pair => pair.Value);
        damage(metadata);
        SafetensorsFile.Write(path, content.Tensors, metadata);
        return path;
    }

    [Theory]
    [InlineData("train.lr", "-1")]
    [InlineData("train.clip", "-1")]
    [InlineData("train.steps_done", "-3")]
    [InlineData("train.steps", "-1")]
    [InlineData("train.evals_without_improvement", "x")]
    public void A_damaged_training_state_is_refused_in_one_sentence(string key, string value)
    {
        string path = Checkpoint(metadata => metadata[key] = value);
        var error = Assert.Throws<CheckpointException>(() => TrainingCheckpoint.Load(path));
        Assert.Contains("cannot be resumed: its training state is missing or damaged", error.Message);
    }

    [Fact]
    public void A_best_file_name_that_is_not_the_runs_own_is_never_deleted()
    {
        string victim = _dir.File("thesis.tex");
        File.WriteAllText(victim, "keep me");
        string path = Checkpoint(metadata =>
        {
            metadata["train.best_path"] = victim; // absolute, elsewhere
            metadata["train.best_val"] = "100";    // every validation improves on it
        });
        CharacterTraining.Resume(path, EncodedText.FromText("abcabcabcabcabcabcabcabc"), steps: 4, path).Session.Run();
        Assert.Equal("keep me", File.ReadAllText(victim));
    }
}
