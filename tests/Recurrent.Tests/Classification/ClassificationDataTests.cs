// A classifier's examples made ready for training, checked against what is written out by hand: repeats and
// conflicting texts reported and left out (unless kept); a stratified validation part with each class's share; a
// vocabulary of the training part's characters only (every text here carries a character of its own, so the
// vocabulary tells which texts were trained on and each validation text has exactly one unknown character);
// validation in order of length; real-valued sequences standardised with the training rows' mean and deviation
// computed here by hand, cut to the head or the tail; and every bad input refused.
using Recurrent.Classification;
using Recurrent.Data;
using Recurrent.Tests.IO;

namespace Recurrent.Tests.Classification;

public sealed class ClassificationDataTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>The tokens, classes and lengths of examples [0, count) of a set, in its order.</summary>
    private static (int[] Tokens, int[] Classes, int[] Lengths, int Steps) ReadTokens(IExampleSet set)
    {
        int count = set.Count, steps = set.Steps;
        int[] tokens = new int[steps * count], classes = new int[count], lengths = new int[count];
        set.Fill(0, count, new BatchBuffers<float>(tokens, [], classes, [], lengths));
        return (tokens, classes, lengths, steps);
    }

    /// <summary>The values (rows of F, step-major), classes and lengths of examples [0, count) of a set.</summary>
    private static (double[] Values, int[] Classes, int[] Lengths, int Steps) ReadValues(IExampleSet set, int features)
    {
        int count = set.Count, steps = set.Steps;
        var values = new double[steps * count * features];
        int[] classes = new int[count], lengths = new int[count];
        set.Fill(0, count, new BatchBuffers<double>([], values, classes, [], lengths));
        return (values, classes, lengths, steps);
    }

    [Theory]
    [InlineData(false, false, 4, 3)] // pos: good fine nice great; neg: bad awful poor
    [InlineData(true, false, 6, 4)]  // and good twice more, bad once more
    [InlineData(false, true, 6, 5)]  // and meh, so so under each label
    [InlineData(true, true, 8, 7)]   // all 15
    public void Repeats_and_conflicts_are_reported_and_left_out_unless_kept(bool keepRepeats, bool keepConflicts, int pos, int neg)
    {
        (string, string)[] rows =
        [
            ("good", "pos"), ("good", "pos"), ("good", "pos"),    // two repeats
            ("bad", "neg"), ("bad", "neg"),                       // one repeat
            ("meh", "pos"), ("meh", "neg"),                       // a conflict
            ("so so", "neg"), ("so so", "pos"), ("so so", "neg"), // a conflict, and a repeat within it
            ("fine", "pos"), ("awful", "neg"), ("nice", "pos"), ("poor", "neg"), ("great", "pos"),
        ];
        var settings = new ClassifierSettings { ValidationFraction = 0, KeepRepeats = keepRepeats, KeepConflicts = keepConflicts };
        var data = ClassificationData.FromTexts(LabelledTexts.Read(_dir, rows), settings, seed: 1);
        Assert.Equal((4, 2, pos + neg), data.Cleaning);
        Assert.Equal(["pos", "neg"], data.Labels);
        Assert.Equal([pos, neg], data.TrainingCounts);
        Assert.Equal([0, 0], data.ValidationCounts);
        Assert.Equal(0, data.ValidationCount);
        Assert.Null(data.Validation());
        string vocabulary = string.Concat(data.Tokens!.Vocabulary.Symbols.Skip(1));
        Assert.Equal(keepConflicts ? "godbamehs finwulcprt" : "godbafinewulcprt", vocabulary); // first appearance, training part
    }

    /// <summary>Text k: a character of its own (U+4E00 + k), then k mod 9 letters 'a'; class "y" for every fifth, the first among them.</summary>
    private static (string Text, string Label)[] OwnCharacters(int count) =>
        [.. Enumerable.Range(0, count).Select(k => (char.ConvertFromUtf32(0x4E00 + k) + new string('a', k % 9), k % 5 == 0 ? "y" : "x"))];

    [Fact]
    public void The_split_keeps_each_class_share_and_the_vocabulary_holds_only_training_characters()
    {
        var rows = OwnCharacters(150); // 30 y, 120 x
        var data = ClassificationData.FromTexts(LabelledTexts.Read(_dir, rows), new ClassifierSettings { ValidationFraction = 0.2 }, seed: 7);
        Assert.Equal(["y", "x"], data.Labels);
        Assert.Equal([24, 96], data.TrainingCounts);
        Assert.Equal([6, 24], data.ValidationCounts);
        Assert.Equal((0, 0, 150), data.Cleaning);

        // The texts trained on are those whose own character is in the vocabulary, in order of first appearance.
        var symbols = data.Tokens!.Vocabulary.Symbols;
        Assert.Equal("\uFFFD", symbols[0]);
        int[] trained = [.. symbols.Skip(1).Where(c => c != "a").Select(c => char.ConvertToUtf32(c, 0) - 0x4E00)];
        Assert.Equal(120, trained.Length);
        Assert.Equal(trained.Order(), trained);
        Assert.Equal(24, trained.Count(k => k % 5 == 0));
        Assert.Equal(symbols.Count, trained.Length + 2); // and 'a'
        int[] held = [.. Enumerable.Range(0, 150).Except(trained)];
        Assert.Equal(30, data.UnknownInValidation); // each held-out text's own character, once
        int a = symbols.ToList().IndexOf("a");

        // Validation: the held-out texts in order of length, each its unknown character then its letters 'a'.
        var (tokens, classes, lengths, steps) = ReadTokens(data.Validation()!);
        Assert.Equal(held.Select(k => 1 + k % 9).Order(), lengths);
        Assert.Equal(lengths.Max(), steps);
        Assert.Equal(held.Count(k => k % 5 == 0), classes.Count(c => c == 0));
        for (int b = 0; b < lengths.Length; b++)
            for (int t = 0; t < lengths[b]; t++)
                Assert.Equal(t == 0 ? 0 : a, tokens[t * lengths.Length + b]);

        // Training: the others, in the order of the file.
        var training = ReadTokens(data.Training(batch: 8, seed: 3));
        Assert.Equal(trained.Select(k => 1 + k % 9), training.Lengths);
        Assert.Equal(trained.Select(k => k % 5 == 0 ? 0 : 1), training.Classes);
        for (int b = 0; b < trained.Length; b++)
            Assert.Equal(symbols[training.Tokens[b]], char.ConvertFromUtf32(0x4E00 + trained[b]));
    }

    [Fact]
    public void Another_seed_holds_out_other_texts_and_changes_the_fingerprint()
    {
        var examples = LabelledTexts.Read(_dir, OwnCharacters(60));
        var settings = new ClassifierSettings { ValidationFraction = 0.25 };
        var one = ClassificationData.FromTexts(examples, settings, seed: 1);
        Assert.Equal(one.Fingerprint(), ClassificationData.FromTexts(examples, settings, seed: 1).Fingerprint());
        var two = ClassificationData.FromTexts(examples, settings, seed: 2);
        Assert.NotEqual(one.Tokens!.Vocabulary.Symbols, two.Tokens!.Vocabulary.Symbols);
        Assert.NotEqual(one.Fingerprint(), two.Fingerprint());
        Assert.NotEqual(one.Fingerprint(), ClassificationData.FromTexts(examples, settings with { Lowercase = true }, seed: 1).Fingerprint());
    }

    [Fact]
    public void Lowercasing_and_the_maximum_length_apply_to_training_and_validation_alike()
    {
        (string, string)[] rows = [.. Enumerable.Range(0, 40).Select(k => k % 2 == 0 ? ("XXXXab", "ab") : ("XxXXBa", "ba"))];
        var settings = new ClassifierSettings { ValidationFraction = 0.5, Lowercase = true, MaxLength = 2, Truncation = Truncation.KeepTail, KeepRepeats = true };
        var data = ClassificationData.FromTexts(LabelledTexts.Read(_dir, rows), settings, seed: 1);
        var symbols = data.Tokens!.Vocabulary.Symbols;
        Assert.Equal(["\uFFFD", "x"], symbols.Take(2));
        Assert.Equal(["a", "b"], symbols.Skip(2).Order(StringComparer.Ordinal)); // 'a' first if the first text trained on is an "ab"
        int a = symbols.ToList().IndexOf("a"), b = symbols.ToList().IndexOf("b");
        Assert.Equal(0, data.UnknownInValidation);
        foreach (var set in new IExampleSet[] { data.Validation()!, data.Training(batch: 4, seed: 1) })
        {
            var (tokens, classes, lengths, steps) = ReadTokens(set);
            Assert.Equal((2, 20), (steps, set.Count));
            Assert.All(lengths, length => Assert.Equal(2, length));
            for (int n = 0; n < set.Count; n++)
                Assert.Equal(classes[n] == 0 ? (a, b) : (b, a), (tokens[n], tokens[set.Count + n]));
        }
    }

    [Fact]
    public void Too_few_classes_or_examples_are_refused_with_a_readable_message()
    {
        string Refusal(IEnumerable<(string, string)> rows, double fraction = 0.1, string name = "examples.csv") =>
            Assert.Throws<RecurrentException>(() =>
                ClassificationData.FromTexts(LabelledTexts.Read(_dir, rows, name), new ClassifierSettings { ValidationFraction = fraction }, seed: 1)).Message;

        // Once the text under both labels is left out, one class is left.
        string one = Refusal([("a", "p"), ("b", "p"), ("a", "q")], name: "one.csv");
        Assert.Contains("only the class 'p'", one);
        Assert.Contains("at least two", one);

        // A class of one example cannot be both trained and validated on; nor one left with one after its repeats go.
        string small = Refusal([.. Enumerable.Range(0, 10).Select(k => ($"p{k}", "p")), ("q0", "q")], name: "small.csv");
        Assert.Contains("The class 'q' has 1 example(s), too few to both train and validate on", small);
        Assert.Contains("'q' has 1 example", Refusal([.. Enumerable.Range(0, 10).Select(k => ($"p{k}", "p")), ("q0", "q"), ("q0", "q")], name: "repeats.csv"));
        Assert.Contains("'q' has 2 example", Refusal([.. Enumerable.Range(0, 10).Select(k => ($"p{k}", "p")), ("q0", "q"), ("q1", "q")], 0.8, "most.csv"));

        // Without validation, a class of one example trains; a batch larger than the training part is refused.
        var data = ClassificationData.FromTexts(LabelledTexts.Read(_dir, [("p0", "p"), ("p1", "p"), ("q0", "q")], "tiny.csv"),
            new ClassifierSettings { ValidationFraction = 0 }, seed: 1);
        Assert.Equal([2, 1], data.TrainingCounts);
        Assert.Contains("too few for a batch of 4", Assert.Throws<RecurrentException>(() => data.Training(batch: 4, seed: 1)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            ClassificationData.FromTexts(LabelledTexts.Read(_dir, [("p0", "p"), ("q0", "q")], "bad.csv"), new ClassifierSettings { ValidationFraction = 1 }, seed: 1));
    }

    /// <summary>Sequence k: k + 1 rows of (10k + r, 100 + 2.5·(k mod 3) − r / 2), class "even" or "odd" by k.</summary>
    private static (double[][] Sequences, string[] Labels) Rows(int count) =>
        ([.. Enumerable.Range(0, count).Select(k => Enumerable.Range(0, k + 1).SelectMany(r => new[] { 10.0 * k + r, 100 + 2.5 * (k % 3) - r / 2.0 }).ToArray())],
         [.. Enumerable.Range(0, count).Select(k => k % 2 == 0 ? "even" : "odd")]);

    /// <summary>The population mean and deviation of feature f over the given rows (1 for a constant feature).</summary>
    private static (double Mean, double Scale) ByHand(IEnumerable<double[]> rows, int f)
    {
        double[] values = [.. rows.SelectMany(s => Enumerable.Range(0, s.Length / 2).Select(r => s[2 * r + f]))];
        double mean = values.Sum() / values.Length;
        double deviation = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Length);
        return (mean, deviation > 0 ? deviation : 1);
    }

    [Fact]
    public void Real_valued_sequences_are_standardised_with_the_training_rows_only()
    {
        var (sequences, labels) = Rows(20); // lengths 1 to 20 tell the sequences apart
        var data = ClassificationData.FromSequences(sequences, 2, labels, new ClassifierSettings { ValidationFraction = 0.2 }, seed: 5);
        Assert.Equal(["even", "odd"], data.Labels);
        Assert.Equal([8, 8], data.TrainingCounts);
        Assert.Equal([2, 2], data.ValidationCounts);
        Assert.Null(data.Tokens);
        Assert.Equal(2, data.Features);

        var validation = ReadValues(data.Validation()!, 2);
        Assert.Equal(validation.Lengths.Order(), validation.Lengths); // in order of length
        int[] held = [.. validation.Lengths.Select(length => length - 1)];
        double[][] trained = [.. Enumerable.Range(0, 20).Except(held).Select(k => sequences[k])];
        Assert.Equal(16, trained.Length);
        var scaling = data.Scaling!;
        for (int f = 0; f < 2; f++)
        {
            var (mean, scale) = ByHand(trained, f);
            Assert.Equal(mean, scaling.Mean[f], 10);
            Assert.Equal(scale, scaling.Scale[f], 10);
            var all = ByHand(sequences, f);
            Assert.NotEqual(all.Mean, scaling.Mean[f], 3); // the validation rows would move it
        }

        // Each held-out sequence, padded to the longest, standardised with the training part's figures.
        int count = held.Length, steps = validation.Steps;
        for (int b = 0; b < count; b++)
        {
            Assert.Equal(held[b] % 2, validation.Classes[b]);
            for (int t = 0; t < steps; t++)
                for (int f = 0; f < 2; f++)
                {
                    double expected = t < validation.Lengths[b] ? (sequences[held[b]][2 * t + f] - ByHand(trained, f).Mean) / ByHand(trained, f).Scale : 0;
                    Assert.Equal(expected, validation.Values[(t * count + b) * 2 + f], 10);
                }
        }
    }

    [Theory]
    [InlineData(Truncation.KeepHead)]
    [InlineData(Truncation.KeepTail)]
    public void Over_long_sequences_are_cut_before_the_scaling_is_fitted(Truncation truncation)
    {
        var (sequences, labels) = Rows(8);
        var settings = new ClassifierSettings { ValidationFraction = 0, MaxLength = 3, Truncation = truncation };
        var data = ClassificationData.FromSequences(sequences, 2, labels, settings, seed: 1);
        double[][] kept = [.. sequences.Select(s => s.Length <= 6 ? s : truncation == Truncation.KeepHead ? s[..6] : s[^6..])];
        var (values, _, lengths, steps) = ReadValues(data.Training(batch: 8, seed: 1), 2);
        Assert.Equal([1, 2, 3, 3, 3, 3, 3, 3], lengths);
        Assert.Equal(3, steps);
        for (int f = 0; f < 2; f++)
        {
            var (mean, scale) = ByHand(kept, f);
            Assert.Equal((mean, scale), (data.Scaling!.Mean[f], data.Scaling.Scale[f]), (x, y) => Math.Abs(x.Item1 - y.Item1) < 1e-10 && Math.Abs(x.Item2 - y.Item2) < 1e-10);
            for (int t = 0; t < 3; t++) // the last sequence, 8 rows: rows 0-2 or 5-7
                Assert.Equal((kept[7][2 * t + f] - mean) / scale, values[(t * 8 + 7) * 2 + f], 10);
        }
        Assert.Equal(truncation == Truncation.KeepHead ? 72 : 77, kept[7][4]); // the third row kept: row 2 or row 7 of the 8, 10·7 + r
    }

    [Fact]
    public void Bad_shapes_and_values_are_refused()
    {
        var settings = new ClassifierSettings { ValidationFraction = 0 };
        double[][] ok = [[1, 2], [3, 4, 5, 6]];
        ClassificationData From(double[][] sequences, int features = 2, string[]? labels = null) =>
            ClassificationData.FromSequences(sequences, features, labels ?? ["p", "q"], settings, seed: 1);
        Assert.Equal(2, From(ok).TrainingCount);
        Assert.Throws<ArgumentOutOfRangeException>(() => From(ok, features: 0));
        Assert.Throws<ArgumentException>(() => From([[1, 2], [3, 4, 5]]));   // not whole rows
        Assert.Throws<ArgumentException>(() => From([[1, 2], []]));          // empty
        Assert.Throws<ArgumentException>(() => From(ok, labels: ["p"]));     // one label for two sequences
        Assert.Throws<ArgumentException>(() => From([[1, 2], [3, double.NaN]]));
        Assert.Throws<ArgumentException>(() => From([[1, 2], [double.PositiveInfinity, 4]]));
        Assert.Contains("class 'p'", Assert.Throws<RecurrentException>(() => From(ok, labels: ["p", "p"])).Message);
        Assert.Contains("no sequence", Assert.Throws<RecurrentException>(() => From([], labels: [])).Message);
        var split = new ClassifierSettings { ValidationFraction = 0.5 };
        Assert.Contains("The class 'q' has 1 example(s)", Assert.Throws<RecurrentException>(() =>
            ClassificationData.FromSequences([[1, 2], [3, 4], [5, 6]], 2, ["p", "p", "q"], split, seed: 1)).Message);
    }

    [Fact]
    public void A_value_that_is_not_finite_is_refused_wherever_the_split_puts_it()
    {
        // Whichever part the sequence falls in, preparing the data refuses it, naming it, before any training starts.
        for (ulong seed = 1; seed <= 6; seed++)
        {
            var (sequences, labels) = Rows(10);
            sequences[4][3] = double.NaN;
            var error = Assert.Throws<ArgumentException>(() =>
                ClassificationData.FromSequences(sequences, 2, labels, new ClassifierSettings { ValidationFraction = 0.2 }, seed));
            Assert.StartsWith("Sequence 5 holds a value that is not a finite number", error.Message);
        }
    }
}
