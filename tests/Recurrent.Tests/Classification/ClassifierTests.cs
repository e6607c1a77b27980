// A classifier at work, checked against sums and counts made here: an example's probabilities do not depend on its
// batch-mates or on the order it is given in (a text alone against the same text among 100 of varied lengths in a
// shuffled order, for every head a classifier can have); each row sums to 1; predictions rank the probabilities; an
// evaluation's confusion matrix, loss and unknown characters are those counted from the probabilities and the
// vocabulary; an ensemble averages its members, each reading texts its own way; and every model that is not a classifier of the same classes is refused.
using Recurrent.Classification;
using Recurrent.Data;
using Recurrent.IO;
using Recurrent.Models;
using Recurrent.Numerics;
using Recurrent.Tests.IO;
using Recurrent.Training;

namespace Recurrent.Tests.Classification;

public sealed class ClassifierTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Texts of letters a to f (a few capitals), 1 to 30 long, labelled by which of 'a' and 'b' they hold more of.</summary>
    private static (string Text, string Label)[] MoreAOrB(int count, ulong seed)
    {
        var rng = new Rng(seed);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            char[] text = [.. Enumerable.Range(0, 1 + rng.NextInt(30)).Select(_ => (char)((rng.NextInt(8) == 0 ? 'A' : 'a') + rng.NextInt(6)))];
            int a = text.Count(c => c is 'a' or 'A'), b = text.Count(c => c is 'b' or 'B');
            return (new string(text), a > b ? "more a" : b > a ? "more b" : "as many");
        })];
    }

    /// <summary>A classifier of the given head trained for a few steps (enough to make its probabilities differ from text to text).</summary>
    private ModelBundle Trained(ClassifierSettings settings, ClassifierModelOptions? options = null, ulong seed = 1, string name = "train.csv")
    {
        var data = ClassificationData.FromTexts(LabelledTexts.Read(_dir, MoreAOrB(300, 9), name), settings, seed: 2);
        var run = ClassifierRun.Start(data, options ?? new ClassifierModelOptions { Hidden = 8, Embedding = 4, Batch = 16 },
            new TrainingOptions { Steps = 40, LearningRate = 0.03, EvalEvery = 0, Seed = seed });
        run.Session.Run();
        return run.Session.Model;
    }

    /// <summary>100 texts of 0 to 59 characters, some with characters the model never saw, in a shuffled order.</summary>
    private static string[] Varied()
    {
        var rng = new Rng(17);
        string[] texts = [.. Enumerable.Range(0, 100).Select(n =>
            new string([.. Enumerable.Range(0, (n * 37) % 60).Select(_ => n % 10 == 3 && rng.NextInt(5) == 0 ? 'z' : (char)('a' + rng.NextInt(6)))]))];
        for (int k = texts.Length - 1; k > 0; k--)
        {
            int j = rng.NextInt(k + 1);
            (texts[k], texts[j]) = (texts[j], texts[k]);
        }
        return texts;
    }

    [Theory]
    [InlineData(Readout.FinalStates, true, CellKind.Lstm)]
    [InlineData(Readout.FinalStates, false, CellKind.Gru)]
    [InlineData(Readout.MeanOverSteps, true, CellKind.Gru)]
    [InlineData(Readout.MaxOverSteps, true, CellKind.Lstm)]
    [InlineData(Readout.LastStep, false, CellKind.Rnn)]
    [InlineData(Readout.LastStep, true, CellKind.Lstm)]
    public void An_example_scores_the_same_alone_and_among_others_in_any_order(Readout pooling, bool bidirectional, CellKind cell)
    {
        var classifier = new Classifier(Trained(new ClassifierSettings { ValidationFraction = 0, Pooling = pooling },
            new ClassifierModelOptions { Cell = cell, Hidden = 8, Embedding = 4, Batch = 16, Bidirectional = bidirectional }));
        string[] texts = Varied();
        double[][] together = classifier.Probabilities(texts, out _);
        double[][] reversed = classifier.Probabilities([.. texts.Reverse()], out _);
        double low = 1, high = 0;
        for (int n = 0; n < texts.Length; n++)
        {
            double[] alone = classifier.Probabilities([texts[n]], out _)[0];
            Assert.Equal(3, alone.Length);
            for (int c = 0; c < 3; c++)
            {
                Assert.Equal(alone[c], together[n][c], 1e-6);
                Assert.Equal(alone[c], reversed[texts.Length - 1 - n][c], 1e-6);
            }
            (low, high) = (Math.Min(low, alone[0]), Math.Max(high, alone[0]));
        }
        double spread = high - low;
        Assert.True(spread > 0.05, $"the probabilities hardly differ from text to text ({spread}): the comparison would prove nothing");
    }

    [Fact]
    public void Probabilities_sum_to_one_and_predictions_rank_them()
    {
        var classifier = new Classifier(Trained(new ClassifierSettings { ValidationFraction = 0 }));
        Assert.Equal(["as many", "more a", "more b"], classifier.Labels.Order(StringComparer.Ordinal));
        string[] texts = ["aaab", "bbba", "ab", "", "Zebra", "ccccccccccccccccccccccccccccccccccccccccccccccccccccccc"];
        double[][] probabilities = classifier.Probabilities(texts, out long unknown);
        Assert.Equal(2, unknown); // 'Z' (no lowercasing) and 'r' of "Zebra"; letters a to f and A to F were all trained on
        Assert.Equal(13, classifier.Model.Vocabulary!.Count);
        var predictions = classifier.Predict(texts);
        for (int n = 0; n < texts.Length; n++)
        {
            double[] p = probabilities[n];
            Assert.Equal(1.0, p.Sum(), 1e-12);
            Assert.All(p, value => Assert.InRange(value, 0.0, 1.0));
            var ranked = predictions[n]; // the same batch as the probabilities: the same bits
            Assert.Equal(3, ranked.Count);
            Assert.Equal(p.Max(), ranked[0].Probability);
            for (int k = 0; k < 3; k++)
            {
                Assert.Equal(classifier.Labels[ranked[k].Class], ranked[k].Label);
                Assert.Equal(p[ranked[k].Class], ranked[k].Probability);
                if (k > 0)
                    Assert.True(ranked[k - 1].Probability >= ranked[k].Probability);
            }
            Assert.Equal(3, ranked.Select(r => r.Class).Distinct().Count());
            var alone = classifier.Predict(texts[n]); // alone: the same ranking, probabilities within float rounding
            Assert.Equal(ranked.Select(r => r.Class), alone.Select(r => r.Class));
            Assert.Equal(ranked.Select(r => r.Probability), alone.Select(r => r.Probability), (x, y) => Math.Abs(x - y) < 1e-6);
            Assert.Equal([alone[0]], classifier.Predict(texts[n], top: 1));
            Assert.Equal(alone.Take(2), classifier.Predict(texts[n], top: 2));
        }
        Assert.Empty(classifier.Probabilities([], out unknown));
        Assert.Equal(0, unknown);
    }

    [Fact]
    public void An_evaluation_counts_what_the_probabilities_say()
    {
        var settings = new ClassifierSettings { ValidationFraction = 0, Lowercase = true };
        var classifier = new Classifier(Trained(settings));
        (string Text, string Label)[] rows = [.. MoreAOrB(150, 31).Select((row, n) => n % 7 == 0 ? (row.Text + "xy!", row.Label) : row)];
        var examples = LabelledTexts.Read(_dir, rows, "test.csv");
        var report = classifier.Evaluate(examples);

        double[][] probabilities = classifier.Probabilities([.. rows.Select(r => r.Text)], out _);
        var counts = new long[3, 3];
        double loss = 0;
        for (int n = 0; n < rows.Length; n++)
        {
            int actual = classifier.Labels.ToList().IndexOf(rows[n].Label);
            double[] p = probabilities[n];
            int predicted = Array.IndexOf(p, p.Max());
            counts[actual, predicted]++;
            loss -= Math.Log(p[actual]);
        }
        for (int a = 0; a < 3; a++)
            for (int p = 0; p < 3; p++)
                Assert.Equal(counts[a, p], report.Matrix.Count(a, p));
        Assert.Equal(150, report.Matrix.Total);
        Assert.Equal(loss / rows.Length, report.MeanLoss, 12);
        Assert.Equal(3 * 22, report.UnknownCharacters); // "xy!" after every seventh text: 22 of them
        Assert.True(Enumerable.Range(0, 3).Count(p => report.Matrix.Predicted(p) > 0) >= 2, "one class predicted for all: a weak check");
    }

    [Fact]
    public void A_label_the_model_does_not_know_is_refused_with_where_it_is()
    {
        var classifier = new Classifier(Trained(new ClassifierSettings { ValidationFraction = 0 }));
        string path = LabelledTexts.Write(_dir, [("aab", "more a"), ("abb", "more b"), ("ab", "equal")], "test.csv");
        var error = Assert.Throws<RecurrentException>(() => classifier.Evaluate(TextExamples.FromTable(path, "text", "label")));
        Assert.Contains($"'{path}', line 4", error.Message);
        Assert.Contains("the label 'equal' is not one of the model's classes", error.Message);
        Assert.Contains("more a", error.Message);
    }

    [Fact]
    public void An_ensemble_averages_its_members_probabilities()
    {
        var settings = new ClassifierSettings { ValidationFraction = 0.1 };
        ModelBundle one = Trained(settings, seed: 1), two = Trained(settings, new ClassifierModelOptions { Hidden = 6, Embedding = 3, Batch = 8, Bidirectional = false }, seed: 2);
        string[] texts = Varied();
        double[][] p1 = new Classifier(one).Probabilities(texts, out _), p2 = new Classifier(two).Probabilities(texts, out _);
        var ensemble = new Classifier([one, two], ["one", "two"]);
        Assert.Equal(2, ensemble.Members.Count);
        double[][] both = ensemble.Probabilities(texts, out _);
        double apart = 0;
        for (int n = 0; n < texts.Length; n++)
            for (int c = 0; c < 3; c++)
            {
                Assert.Equal((p1[n][c] + p2[n][c]) / 2, both[n][c], 1e-12);
                apart = Math.Max(apart, Math.Abs(p1[n][c] - p2[n][c]));
            }
        Assert.True(apart > 0.05, $"the members agree too closely ({apart}) for the average to be seen");
        Assert.Throws<ArgumentException>(() => new Classifier([], []));
        Assert.Throws<ArgumentException>(() => new Classifier([one, two], ["one"]));
    }

    [Fact]
    public void Members_of_other_classes_are_refused_and_members_that_read_texts_their_own_way_are_averaged()
    {
        var settings = new ClassifierSettings { ValidationFraction = 0.1 };
        var model = Trained(settings);
        var renamed = ClassificationData.FromTexts(LabelledTexts.Read(_dir, MoreAOrB(300, 9).Select(r => (r.Text, r.Label.ToUpperInvariant())), "renamed.csv"), settings, seed: 2);
        var network = new RecurrentModel<float>(model.Spec with { InputSize = renamed.Tokens!.Vocabulary.Count });
        network.Initialize(3);
        var error = Assert.Throws<RecurrentException>(() => new Classifier([model, ClassifierRun.Bundle(network, renamed)], ["'a.safetensors'", "'b.safetensors'"]));
        Assert.StartsWith("'b.safetensors' and 'a.safetensors' cannot be an ensemble: its members classify into the same classes", error.Message);

        // Another vocabulary (an extra character, another order) and lowercasing: each member reads with its own.
        var accented = ClassificationData.FromTexts(LabelledTexts.Read(_dir, MoreAOrB(300, 9).Select(r => ("é" + r.Text, r.Label)), "accents.csv"), settings, seed: 2);
        var lowercase = ClassificationData.FromTexts(LabelledTexts.Read(_dir, MoreAOrB(300, 9), "lower.csv"), settings with { Lowercase = true }, seed: 2);
        string[] texts = [.. Varied().Select(t => t.ToUpperInvariant())];
        double[][] alone = new Classifier(model).Probabilities(texts, out _);
        foreach (var data in new[] { accented, lowercase })
        {
            var other = new RecurrentModel<float>(model.Spec with { InputSize = data.Tokens!.Vocabulary.Count });
            other.Initialize(4);
            var bundle = ClassifierRun.Bundle(other, data);
            double[][] theirs = new Classifier(bundle).Probabilities(texts, out _), both = new Classifier([model, bundle], ["a", "b"]).Probabilities(texts, out _);
            for (int n = 0; n < texts.Length; n++)
                for (int c = 0; c < alone[n].Length; c++)
                    Assert.Equal((alone[n][c] + theirs[n][c]) / 2, both[n][c], 1e-12);
        }
    }

    [Fact]
    public void A_model_that_is_not_a_classifier_is_refused()
    {
        var characters = ModelBundle.ForCharacters(CellKind.Lstm, new Vocabulary(["a", "b", "c"]), hidden: 4, layers: 1);
        var kind = Assert.Throws<ModelKindException>(() => new Classifier(characters, "'chars.safetensors'"));
        Assert.Equal("'chars.safetensors' is an LSTM 1x4 character model over 3 characters, not a sequence classifier.", kind.Message);
        Assert.Same(characters, kind.Model);
        Assert.False(Classifier.IsClassifier(characters));

        var model = Trained(new ClassifierSettings { ValidationFraction = 0 });
        Assert.True(Classifier.IsClassifier(model));
        var plain = model with { Metadata = new Dictionary<string, string>() }; // a classification head, trained by another front end
        Assert.Throws<ModelKindException>(() => new Classifier(plain));
        Assert.Throws<ModelKindException>(() => new Classifier([model, characters], ["a", "b"]));

        var damaged = model with { Metadata = new Dictionary<string, string> { [ClassifierSettings.MetadataKey] = "{\"lowercase\":1}" } };
        Assert.Contains("is not a valid classifier: the classifier settings are damaged", Assert.Throws<CheckpointException>(() => new Classifier(damaged, "'m'")).Message);
        Assert.Throws<CheckpointException>(() => new Classifier(model with { Labels = null }));
        var noUnknown = new Vocabulary(model.Vocabulary!.Symbols.Skip(1).Append("\u00FF"));
        Assert.Contains("vocabulary", Assert.Throws<CheckpointException>(() => new Classifier(model with { Vocabulary = noUnknown })).Message);
    }

    /// <summary>Sequences of 2 to 12 rows of 2 values around 1000: class "up" when the first value is above 1000, else "down".</summary>
    private static (double[][] Sequences, string[] Labels) UpOrDown(int count, ulong seed)
    {
        var rng = new Rng(seed);
        var sequences = new double[count][];
        var labels = new string[count];
        for (int n = 0; n < count; n++)
        {
            bool up = rng.NextInt(2) == 0;
            sequences[n] = [.. Enumerable.Range(0, 2 + rng.NextInt(11)).SelectMany(t => new[] { 1000 + (t == 0 ? (up ? 1 : -1) : 0) + 0.5 * rng.NextNormal(), 5 * rng.NextNormal() })];
            labels[n] = up ? "up" : "down";
        }
        return (sequences, labels);
    }

    [Fact]
    public void A_classifier_of_real_valued_sequences_scales_them_as_training_did_and_learns()
    {
        var (sequences, labels) = UpOrDown(400, 1);
        var data = ClassificationData.FromSequences(sequences, 2, labels, new ClassifierSettings { ValidationFraction = 0.2 }, seed: 1);
        var run = ClassifierRun.Start(data, new ClassifierModelOptions { Hidden = 12, Batch = 16 },
            new TrainingOptions { Steps = 300, LearningRate = 0.01, EvalEvery = 0, Seed = 2 });
        var outcome = run.Session.Run();
        Assert.True(outcome.LastValidation!.Value.Score.Accuracy > 0.85, $"validation accuracy {outcome.LastValidation.Value.Score.Accuracy}");

        var classifier = run.Classifier;
        Assert.False(classifier.ReadsText);
        var (test, truth) = UpOrDown(200, 99); // in the data's units: 1000 ± 1
        var report = classifier.Evaluate(test, truth);
        Assert.True(report.Matrix.Accuracy > 0.85, $"test accuracy {report.Matrix.Accuracy}");
        Assert.Equal(0, report.UnknownCharacters);

        double[][] together = classifier.Probabilities(test);
        for (int n = 0; n < 20; n++)
        {
            double[] alone = classifier.Probabilities([test[n]])[0];
            Assert.Equal(alone, together[n], (x, y) => Math.Abs(x - y) < 1e-6);
        }
        Assert.Throws<InvalidOperationException>(() => classifier.Probabilities(["text"], out _));
        Assert.Throws<InvalidOperationException>(() => classifier.Predict("text"));
        Assert.Throws<RecurrentException>(() => classifier.Probabilities([new double[] { 1, 2, 3 }]));
        Assert.Throws<RecurrentException>(() => classifier.Probabilities([new double[] { 1, double.NaN }]));
        Assert.Contains("sequence 2: the label 'sideways'", Assert.Throws<RecurrentException>(() => classifier.Evaluate(test[..2], ["up", "sideways"])).Message);

        var texts = new Classifier(Trained(new ClassifierSettings { ValidationFraction = 0 }));
        Assert.Throws<InvalidOperationException>(() => texts.Probabilities([new double[] { 1, 2 }]));
    }
}
