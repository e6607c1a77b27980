// A run a user can leave running, through the character front end: exact resume, best checkpoint by name, early
// stopping, guards, a time limit, and a finished run that a resume leaves alone.
using Recurrent.Data;
using Recurrent.IO;
using Recurrent.Models;
using Recurrent.Tests.IO;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

public sealed class TrainingSessionTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private static readonly string Text = DemoCorpus.Generate(4000, seed: 5);

    public void Dispose() => _dir.Dispose();

    private static TrainingOptions Options() => new()
    {
        Steps = 24, Optimizer = OptimizerKind.AdamW, LearningRate = 0.01, Schedule = new LearningRateSchedule.Cosine(5, 24), EvalEvery = 6, Seed = 9,
    };

    /// <summary>An LSTM 2x12 with a 4-wide embedding and dropout 0.2 (none with <paramref name="dropout"/> false), windows of 4x8.</summary>
    private static TrainingSession Start(TrainingOptions options, string? path, bool dropout = true)
    {
        var vocabulary = Vocabulary.FromText(Text);
        var model = ModelBundle.ForCharacters(CellKind.Lstm, vocabulary, hidden: 12, layers: 2, embedding: 4, dropout: dropout ? 0.2 : 0);
        model.Network.Initialize(options.Seed);
        return CharacterTraining.Start(model, vocabulary.Encode(Text), new TextBatching { SeqLen = 8, Batch = 4, ValFraction = 0.1 }, options, path)
            .Session;
    }

    private static TrainingSession Resume(string path, string text, long? steps = null) =>
        CharacterTraining.Resume(path, EncodedText.FromText(text), steps, path).Session;

    [Theory]
    [InlineData(1)]
    [InlineData(6)]  // right after a validation
    [InlineData(13)]
    public void An_interrupted_and_resumed_run_ends_with_the_same_bytes(int interruptAfter)
    {
        Directory.CreateDirectory(_dir.File("a"));
        Directory.CreateDirectory(_dir.File("b"));
        string a = _dir.File("a/model.safetensors"), b = _dir.File("b/model.safetensors");
        var straight = Start(Options(), a).Run();
        Assert.Equal(TrainingEnd.Completed, straight.End);

        using var cancellation = new CancellationTokenSource();
        var interrupted = Start(Options(), b).Run(step =>
        {
            if (step.Step == interruptAfter)
                cancellation.Cancel();
        }, cancellation: cancellation.Token);
        Assert.Equal(TrainingEnd.Interrupted, interrupted.End);
        Assert.Equal(interruptAfter, interrupted.Steps);

        var resumed = Resume(b, Text);
        Assert.Equal(interruptAfter, resumed.StepsDone);
        var outcome = resumed.Run();
        Assert.Equal(24, outcome.Steps);
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        Assert.Equal(Path.GetFileName(straight.BestPath), Path.GetFileName(outcome.BestPath));
        Assert.Equal(File.ReadAllBytes(straight.BestPath!), File.ReadAllBytes(outcome.BestPath!));
    }

    [Fact]
    public void The_best_checkpoint_carries_its_step_and_loss_and_only_the_newest_best_is_kept()
    {
        string path = _dir.File("m.safetensors");
        var validations = new List<Validation>();
        var outcome = Start(Options(), path).Run(onValidation: validations.Add);
        Assert.Equal([6L, 12L, 18L, 24L], validations.Select(v => v.Step));
        var best = validations.Where(v => v.Improved).Last();
        Assert.Equal(best.Loss, outcome.BestValidationLoss);
        Assert.Equal($"m.step{best.Step:D6}.val{best.Loss:F4}.safetensors", Path.GetFileName(outcome.BestPath));
        Assert.Equal(["m.safetensors", Path.GetFileName(outcome.BestPath!)], _dir.ListFiles());
        var loaded = ModelFile.Load(outcome.BestPath!); // a best checkpoint is an ordinary model checkpoint too
        Assert.Equal(best.Step.ToString(), loaded.Metadata["steps"]);
    }

    [Fact]
    public void Early_stopping_stops_after_the_patience_runs_out()
    {
        // A learning rate this large makes the validation loss worse after the first evaluation.
        var options = Options() with { LearningRate = 5.0, Optimizer = OptimizerKind.Sgd, Schedule = new LearningRateSchedule.Constant(),
            EvalEvery = 2, Patience = 2, Steps = 100, ExplodeFactor = 0, Clip = 0 };
        var validations = new List<Validation>();
        var outcome = Start(options, null).Run(onValidation: validations.Add);
        Assert.Equal(TrainingEnd.EarlyStopped, outcome.End);
        Assert.True(outcome.Steps < 100);
        Assert.False(validations[^1].Improved);
        Assert.False(validations[^2].Improved);
    }

    [Fact]
    public void An_exploding_loss_stops_training_and_leaves_the_last_checkpoint()
    {
        string path = _dir.File("m.safetensors");
        var options = Options() with { LearningRate = 50.0, Optimizer = OptimizerKind.Sgd, Clip = 0,
            Schedule = new LearningRateSchedule.Constant(), EvalEvery = 1, ExplodeFactor = 1.5, Steps = 200 };
        var error = Assert.Throws<RecurrentException>(() => Start(options, path, dropout: false).Run());
        Assert.True(error.Message.Contains("exploded") || error.Message.Contains("NaN") || error.Message.Contains("Infinity"), error.Message);
        var survivor = ModelFile.Load(path); // written at the last validation, before the failing step
        Assert.All(survivor.Network.Parameters.Values, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Resuming_on_a_text_with_other_characters_is_refused()
    {
        string path = _dir.File("m.safetensors");
        Start(Options() with { Steps = 2 }, path).Run();
        var error = Assert.Throws<RecurrentException>(() => Resume(path, Text + "\u00e9\u00df"));
        Assert.Contains("2 new: 'é' (U+00E9) 'ß' (U+00DF)", error.Message);
    }

    [Fact]
    public void A_model_checkpoint_without_training_state_cannot_be_resumed()
    {
        string path = _dir.File("plain.safetensors");
        var model = ModelBundle.ForCharacters(CellKind.Lstm, Vocabulary.FromText(Text), 4, 1);
        ModelFile.Save(path, model);
        var error = Assert.Throws<CheckpointException>(() => Resume(path, Text));
        Assert.Contains("cannot be resumed", error.Message);
    }

    [Fact]
    public void Resuming_a_finished_run_changes_nothing()
    {
        string path = _dir.File("m.safetensors");
        Start(Options() with { Steps = 6 }, path).Run();
        byte[] before = File.ReadAllBytes(path);
        var outcome = Resume(path, Text).Run();
        Assert.Equal(TrainingEnd.AlreadyComplete, outcome.End);
        Assert.Equal(6, outcome.Steps);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(12, Resume(path, Text, steps: 12).Run().Steps); // more steps, asked for: it goes on
    }

    [Fact]
    public void A_time_limit_validates_saves_and_stops()
    {
        string path = _dir.File("m.safetensors");
        var options = Options() with { Steps = 1_000_000, Minutes = 1e-9, EvalEvery = 0 };
        var validations = new List<Validation>();
        var outcome = Start(options, path).Run(onValidation: validations.Add);
        Assert.Equal(TrainingEnd.TimeUp, outcome.End);
        Assert.Equal(1, outcome.Steps);
        Assert.Equal([1L], validations.Select(v => v.Step));
        Assert.Equal("1", ModelFile.Load(path).Metadata["steps"]);
    }
}
