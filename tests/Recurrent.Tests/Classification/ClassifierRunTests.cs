// A classifier trained through the library as a C# user would: a bidirectional LSTM learns a task whose answer is
// the first letter of texts 3 to 20 long (the reverse direction's final state has just read it); the saved model,
// loaded back, gives the same probabilities bit for bit; a run interrupted halfway and resumed ends with the bytes of
// the run that went straight through (dropout, batches by length and balanced classes included); a resume on other
// examples, or on the same ones split from another seed, or of another kind of checkpoint, is refused.
using Recurrent.Classification;
using Recurrent.Data;
using Recurrent.IO;
using Recurrent.Models;
using Recurrent.Tests.IO;
using Recurrent.Training;
using Xunit.Abstractions;

namespace Recurrent.Tests.Classification;

public sealed class ClassifierRunTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_bidirectional_lstm_learns_a_class_given_by_the_first_letter_and_reloads_to_the_same_bits()
    {
        var examples = LabelledTexts.Read(_dir, LabelledTexts.FirstLetter(800, seed: 1));
        var data = ClassificationData.FromTexts(examples, new ClassifierSettings { ValidationFraction = 0.2 }, seed: 1);
        Assert.Equal("\uFFFD", data.Tokens!.Vocabulary.Symbols[0]);
        Assert.Equal(["a", "b", "c", "d"], data.Tokens.Vocabulary.Symbols.Skip(1).Order(StringComparer.Ordinal));
        string path = _dir.File("first-letter.safetensors");
        var run = ClassifierRun.Start(data, new ClassifierModelOptions { Hidden = 16, Embedding = 8, Batch = 32 },
            new TrainingOptions { Steps = 200, LearningRate = 0.01, EvalEvery = 100, Seed = 4 }, path);
        var outcome = run.Session.Run(onValidation: v => output.WriteLine($"step {v.Step}: loss {v.Loss:F4}, accuracy {v.Score.Accuracy:F3}"));
        Assert.Equal((TrainingEnd.Completed, 200L), (outcome.End, outcome.Steps));
        double accuracy = outcome.LastValidation!.Value.Score.Accuracy!.Value;
        Assert.True(accuracy > 0.9, $"validation accuracy {accuracy}");

        // The validation's accuracy is the classifier's on the held-out texts; fresh texts score as well.
        var fresh = LabelledTexts.Read(_dir, LabelledTexts.FirstLetter(300, seed: 77), "fresh.csv");
        var report = run.Classifier.Evaluate(fresh);
        output.WriteLine($"fresh texts: accuracy {report.Matrix.Accuracy:F3}, majority {report.Matrix.MajorityAccuracy:F3}");
        Assert.True(report.Matrix.Accuracy > 0.9, $"accuracy on fresh texts {report.Matrix.Accuracy}");

        // Saved and loaded: the same classes, vocabulary, settings and probabilities, bit for bit; the best model too.
        string[] texts = [.. fresh.Examples.Select(e => e.Text)];
        double[][] before = run.Classifier.Probabilities(texts, out _);
        var loaded = new Classifier(ModelFile.Load(path), $"'{path}'");
        Assert.Equal(run.Classifier.Labels, loaded.Labels);
        Assert.Equal(data.Settings, loaded.Settings);
        Assert.Equal(data.Tokens.Vocabulary.Symbols, loaded.Model.Vocabulary!.Symbols);
        double[][] after = loaded.Probabilities(texts, out _);
        for (int n = 0; n < texts.Length; n++)
            Assert.Equal(before[n], after[n]);
        var best = new Classifier(ModelFile.Load(outcome.BestPath!));
        Assert.Equal(report.Matrix.Total, best.Evaluate(fresh).Matrix.Total);
    }

    private static readonly ClassifierSettings Settings = new()
    {
        ValidationFraction = 0.2, Lowercase = true, MaxLength = 12, Truncation = Truncation.KeepTail,
        Batching = new SequenceBatching(ByLength: true, BalancedClasses: true), Pooling = Readout.MeanOverSteps,
    };

    private static readonly ClassifierModelOptions Model = new() { Cell = CellKind.Gru, Hidden = 6, Embedding = 3, Batch = 16, Dropout = 0.2, Layers = 2 };

    private static readonly TrainingOptions Training = new()
    {
        Steps = 40, LearningRate = 0.02, EvalEvery = 10, Seed = 6, Schedule = new LearningRateSchedule.Cosine(4, 40), ExplodeFactor = 0,
    };

    private ClassificationData Prepare(string name, ClassifierSettings settings, ulong seed) =>
        ClassificationData.FromTexts(TextExamples.FromTable(_dir.File(name), "text", "label"), settings, seed);

    [Theory]
    [InlineData(20)]
    [InlineData(7)]
    public void A_run_interrupted_and_resumed_ends_with_the_bytes_of_a_straight_run(int interruptAfter)
    {
        LabelledTexts.Write(_dir, LabelledTexts.FirstLetter(200, seed: 3), "texts.csv");
        Directory.CreateDirectory(_dir.File("a"));
        Directory.CreateDirectory(_dir.File("b"));
        string a = _dir.File("a/m.safetensors"), b = _dir.File("b/m.safetensors");
        var straight = ClassifierRun.Start(Prepare("texts.csv", Settings, 5), Model, Training, a).Session.Run();
        Assert.Equal(TrainingEnd.Completed, straight.End);

        using var cancellation = new CancellationTokenSource();
        var interrupted = ClassifierRun.Start(Prepare("texts.csv", Settings, 5), Model, Training, b).Session.Run(step =>
        {
            if (step.Step == interruptAfter)
                cancellation.Cancel();
        }, cancellation: cancellation.Token);
        Assert.Equal((TrainingEnd.Interrupted, (long)interruptAfter), (interrupted.End, interrupted.Steps));
        Assert.NotEqual(File.ReadAllBytes(a), File.ReadAllBytes(b));

        ulong? seedGiven = null;
        var resumed = ClassifierRun.Resume(b, (settings, seed) =>
        {
            seedGiven = seed;
            Assert.Equal(Settings, settings); // saved with the model, the pooling from its spec
            return Prepare("texts.csv", settings, seed);
        }, steps: null, b);
        Assert.Equal(5UL, seedGiven);
        var outcome = resumed.Session.Run();
        Assert.Equal((TrainingEnd.Completed, 40L), (outcome.End, outcome.Steps));
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        Assert.Equal(Path.GetFileName(straight.BestPath), Path.GetFileName(outcome.BestPath));
        Assert.Equal(File.ReadAllBytes(straight.BestPath!), File.ReadAllBytes(outcome.BestPath!));
    }

    [Fact]
    public void A_resume_on_other_examples_or_of_another_kind_of_run_is_refused()
    {
        LabelledTexts.Write(_dir, LabelledTexts.FirstLetter(200, seed: 3), "texts.csv");
        LabelledTexts.Write(_dir, LabelledTexts.FirstLetter(200, seed: 3).Skip(1), "fewer.csv");
        string path = _dir.File("m.safetensors");
        ClassifierRun.Start(Prepare("texts.csv", Settings, 5), Model, Training with { Steps = 4 }, path).Session.Run();
        byte[] saved = File.ReadAllBytes(path);

        string Refusal(Func<ClassifierSettings, ulong, ClassificationData> prepare) =>
            Assert.Throws<CheckpointException>(() => ClassifierRun.Resume(path, prepare, steps: 8, path)).Message;
        string expected = $"'{path}' was trained on other examples than these; resume it with the data it was trained on.";
        Assert.Equal(expected, Refusal((settings, seed) => Prepare("fewer.csv", settings, seed)));
        Assert.Equal(expected, Refusal((settings, seed) => Prepare("texts.csv", settings, seed + 1)));
        Assert.Equal(expected, Refusal((settings, seed) => Prepare("texts.csv", settings with { Lowercase = false }, seed)));
        Assert.Equal(saved, File.ReadAllBytes(path)); // nothing written

        // A character model's checkpoint is no classifier run.
        var vocabulary = new Vocabulary(["a", "b"]);
        var characters = ModelBundle.ForCharacters(CellKind.Lstm, vocabulary, hidden: 4, layers: 1);
        string other = _dir.File("chars.safetensors");
        CharacterTraining.Start(characters, vocabulary.Encode(string.Concat(Enumerable.Repeat("aab", 40))),
            new TextBatching { SeqLen = 4, Batch = 2, ValFraction = 0 }, new TrainingOptions { Steps = 1 }, other).Session.Run();
        Assert.Throws<ModelKindException>(() => ClassifierRun.Resume(other, (settings, seed) => Prepare("texts.csv", settings, seed), null, other));
    }
}
