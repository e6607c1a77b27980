// An ensemble of speech models that compute features differently (here one normalised per utterance, one per
// speaker): each member reads the words its own way and the ensemble's probabilities are the mean of the members' own,
// for a folder (Probabilities with a function of the settings) and for one WAV file with a speaker's recordings;
// feeding the members one set of rows is refused.
using Recurrent.Audio;
using Recurrent.Classification;
using Recurrent.Models;
using Recurrent.Numerics;
using Recurrent.Tests.Audio;
using Recurrent.Tests.IO;
using Recurrent.Training;

namespace Recurrent.Tests.Classification;

public sealed class SpeechEnsembleTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Rising and falling tones of two speakers of other pitches, 8 words each.</summary>
    private string Words()
    {
        string folder = _dir.File("words");
        SpokenTones.Write(folder, [("ann", 300.0), ("bob", 500.0)], 8, seed: 4);
        return folder;
    }

    private static ModelBundle Trained(SpokenWords words, ulong seed)
    {
        var data = ClassificationData.FromSpokenWords(words, [.. Enumerable.Range(0, words.Labels.Count)],
            new ClassifierSettings { Pooling = Readout.MeanOverSteps, ValidationFraction = 0 }, seed);
        var run = ClassifierRun.Start(data, new ClassifierModelOptions { Cell = CellKind.Gru, Hidden = 8, Batch = 8 },
            new TrainingOptions { Steps = 20, LearningRate = 0.02, EvalEvery = 0, Seed = seed });
        run.Session.Run();
        return run.Session.Model;
    }

    [Fact]
    public void Members_that_compute_features_differently_each_read_the_words_their_own_way()
    {
        string folder = Words();
        var perWord = AudioFeatureSettings.For(8000);
        var perSpeaker = perWord with { Normalization = FeatureNormalization.Speaker };
        var wordsA = SpokenWords.Read(folder, perWord);
        var wordsB = SpokenWords.Read(folder, perSpeaker);
        var a = Trained(wordsA, 1);
        var b = Trained(wordsB, 2);
        var ensemble = new Classifier([a, b], ["a", "b"]);
        Assert.Equal([perWord, perSpeaker], ensemble.AudioSettings);
        Assert.Equal(perWord, ensemble.Audio);

        var alone = new[] { new Classifier(a).Probabilities(wordsA.Sequences), new Classifier(b).Probabilities(wordsB.Sequences) };
        var both = ensemble.Probabilities(settings => settings == perWord ? wordsA.Sequences : wordsB.Sequences);
        for (int n = 0; n < both.Length; n++)
            for (int c = 0; c < both[n].Length; c++)
                Assert.Equal((alone[0][n][c] + alone[1][n][c]) / 2, both[n][c], 12);
        Assert.NotEqual(alone[0][0][0], alone[1][0][0]); // the members differ
        var report = ensemble.Report(both, wordsA.Labels); // the scores of probabilities already computed
        double correct = Enumerable.Range(0, both.Length).Count(n => ensemble.Ranked(both[n], 1)[0].Label == wordsA.Labels[n]);
        Assert.Equal(correct / both.Length, report.Matrix.Accuracy, 12);
        Assert.Throws<ArgumentException>(() => ensemble.Report(both, wordsA.Labels.Take(3).ToList()));

        // One file: each member computes its features, the per-speaker one from the speaker's recordings.
        string file = Path.Combine(folder, "up_bob_3.wav");
        var bob = new SpeakerRecordings(Directory.GetFiles(folder, "*_bob_*.wav"));
        int word = wordsA.Files.ToList().IndexOf(file);
        var predicted = ensemble.PredictWav(file, speaker: bob);
        foreach (var p in predicted)
            Assert.Equal(both[word][p.Class], p.Probability, 6); // float features from WAV and from the folder agree to rounding
        Assert.Equal(wordsB.SpeakerStatistics["bob"].Mean, bob.StatisticsFor(perSpeaker).Mean);

        Assert.Contains("compute a recording's features differently",
            Assert.Throws<InvalidOperationException>(() => ensemble.Probabilities(wordsA.Sequences)).Message);
        Assert.Contains("same words", Assert.Throws<RecurrentException>(() =>
            ensemble.Probabilities(settings => settings == perWord ? wordsA.Sequences : wordsB.Sequences.Take(3).ToList())).Message);
    }
}
