// A trained sequence classifier at work: it reads texts (or real-valued sequences) exactly as training did (the
// vocabulary, lowercasing, maximum length and scaling saved with the model) and gives each example a probability per
// class. Examples are run in batches of similar length, each batch only up to its longest, each sequence masked to its
// own length, so an example's probabilities do not depend on its batch-mates. An ensemble (models of the same classes
// trained from other seeds, so on other validation splits and vocabularies) averages its members' probabilities, each
// member reading the examples its own way.
using Recurrent.Audio;
using Recurrent.Data;
using Recurrent.IO;
using Recurrent.Models;

namespace Recurrent.Classification;

/// <summary>Class probabilities, predictions and evaluation reports of a classifier, or of an ensemble of them.</summary>
public sealed class Classifier
{
    private const int Chunk = 64; // examples per Forward

    private readonly Member[] _members;

    /// <summary>
    /// A member of the classifier with what it reads texts or values with: its own vocabulary (or scaling) and settings,
    /// and for a speech model how it computes a recording's features.
    /// </summary>
    private sealed record Member(ModelBundle Model, ClassifierSettings Settings, TextTokens? Tokens, AudioFeatureSettings? Audio);

    /// <summary>The classifier of <paramref name="model"/>, a bundle trained as one (its metadata holds its settings).</summary>
    /// <exception cref="ModelKindException">The bundle holds another kind of model.</exception>
    /// <exception cref="CheckpointException">Its settings are damaged, or its vocabulary or labels do not fit them.</exception>
    public Classifier(ModelBundle model, string source = "the model") : this([model], [source])
    {
    }

    /// <summary>
    /// An ensemble of <paramref name="models"/>, trained on the same classes (from other seeds, so on other validation
    /// splits and vocabularies, or with other settings); each reads an example its own way, and their probabilities are
    /// averaged.
    /// </summary>
    /// <exception cref="ModelKindException">A bundle holds another kind of model.</exception>
    /// <exception cref="CheckpointException">A bundle's settings are damaged.</exception>
    /// <exception cref="RecurrentException">The members differ in their classes, or some read texts and others numbers (or other features).</exception>
    /// <exception cref="ArgumentException">There is no model, or not one source per model.</exception>
    public Classifier(IReadOnlyList<ModelBundle> models, IReadOnlyList<string> sources)
    {
        if (models.Count == 0 || models.Count != sources.Count)
            throw new ArgumentException("Give at least one model, and one source per model.", nameof(models));
        var members = new Member[models.Count];
        for (int k = 0; k < models.Count; k++)
        {
            var model = models[k];
            Check(model, sources[k]);
            var settings = ClassifierSettings.FromJson(model.Metadata[ClassifierSettings.MetadataKey], model.Spec.Readout);
            members[k] = new Member(model, settings, model.Vocabulary is { } vocabulary ? new TextTokens(vocabulary, settings) : null, AudioOf(model, sources[k]));
            var first = members[0];
            // Speech members may compute a recording's features differently (each reads it its own way: other settings,
            // another normalisation); members of tables read the same rows.
            bool sameRows = first.Audio is not null ? members[k].Audio is not null
                : members[k].Audio is null && model.InputScaling?.Features == first.Model.InputScaling?.Features;
            if (!model.Labels!.SequenceEqual(first.Model.Labels!) || (model.Vocabulary is null) != (first.Model.Vocabulary is null) || !sameRows)
                throw new RecurrentException($"{sources[k]} and {sources[0]} cannot be an ensemble: its members classify into the same classes " +
                    "and read the same kind of examples (texts, the same features, or recordings).");
        }
        _members = members;
        Labels = models[0].Labels!;
        Settings = members[0].Settings;
        Audio = members[0].Audio;
        AudioSettings = [.. members.Select(m => m.Audio).OfType<AudioFeatureSettings>().Distinct()];
        if (models[0].Metadata.TryGetValue(SequenceLayout.MetadataKey, out var layout))
        {
            try
            {
                Sequences = SequenceLayout.FromJson(layout);
            }
            catch (FormatException e)
            {
                throw new CheckpointException($"{sources[0]} is not a valid classifier: {e.Message}.", e);
            }
        }
    }

    /// <summary>A speech member's feature settings (its metadata's), or null for a member of texts or tables.</summary>
    private static AudioFeatureSettings? AudioOf(ModelBundle model, string source)
    {
        if (!model.Metadata.TryGetValue(AudioMetadataKey, out var audio))
            return null;
        try
        {
            return AudioFeatureSettings.FromJson(System.Text.Json.Nodes.JsonNode.Parse(audio), source);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new CheckpointException($"{source} is not a valid classifier: its audio feature settings are damaged ({e.Message}).", e);
        }
    }

    /// <summary>How the (first) member read its table of numeric sequences, when it was trained on one; null otherwise.</summary>
    public SequenceLayout? Sequences { get; }

    /// <summary>The key of a speech classifier's feature settings in a model file's metadata.</summary>
    public const string AudioMetadataKey = "classifier.audio";

    /// <summary>How a speech classifier turns audio into features (the first member's), or null for other classifiers.</summary>
    public AudioFeatureSettings? Audio { get; }

    /// <summary>
    /// Every distinct way the members of a speech classifier compute a recording's features (one unless an ensemble mixes
    /// models of other feature settings, such as per-utterance and per-speaker normalisation); empty for other classifiers.
    /// </summary>
    public IReadOnlyList<AudioFeatureSettings> AudioSettings { get; }

    /// <summary>
    /// The classes of a WAV file's word, most probable first: read, resampled to each member's rate, its features computed
    /// and normalised as that member was trained. A member whose features are normalised per speaker
    /// (<see cref="FeatureNormalization.Speaker"/>) takes the statistics of <paramref name="speaker"/>'s recordings; without
    /// them the word is normalised by its own, which such a model was not trained on and reads less well.
    /// </summary>
    /// <exception cref="InvalidOperationException">The classifier was not trained on audio.</exception>
    /// <exception cref="RecurrentException">The file (or a speaker's recording) is not a readable WAV.</exception>
    public IReadOnlyList<ClassPrediction> PredictWav(string path, int top = 0, SpeakerRecordings? speaker = null)
    {
        if (Audio is null)
            throw new InvalidOperationException("This classifier was not trained on audio.");
        var audio = WavAudio.Read(path);
        var resampled = new Dictionary<int, float[]>();
        return Ranked(Probabilities(settings =>
        {
            if (!resampled.TryGetValue(settings.SampleRate, out var samples))
                resampled[settings.SampleRate] = samples = audio.Resampled(settings.SampleRate).Samples;
            float[] features = AudioFeatures.OfWord(samples, settings,
                settings.Normalization == FeatureNormalization.Speaker ? speaker?.StatisticsFor(settings) : null);
            return [Array.ConvertAll(features, value => (double)value)];
        })[0], top);
    }

    /// <summary>
    /// Each word's probability per class for a speech classifier, every member reading the words' features as its own
    /// settings compute them: <paramref name="featuresOf"/> gives every word's feature rows under a settings of
    /// <see cref="AudioSettings"/>, and is called once for each.
    /// </summary>
    /// <exception cref="InvalidOperationException">The classifier was not trained on audio.</exception>
    /// <exception cref="RecurrentException">A sequence is empty, not whole rows of its settings' features, or not finite, or the calls gave different counts of words.</exception>
    public double[][] Probabilities(Func<AudioFeatureSettings, IReadOnlyList<double[]>> featuresOf)
    {
        ArgumentNullException.ThrowIfNull(featuresOf);
        if (Audio is null)
            throw new InvalidOperationException("This classifier was not trained on audio.");
        var features = AudioSettings.ToDictionary(settings => settings, featuresOf);
        int count = features[Audio].Count;
        if (features.Values.Any(words => words.Count != count))
            throw new RecurrentException("Every feature settings must give the same words.");
        var result = Zeros(count);
        foreach (var member in _members)
            Accumulate(member, features[member.Audio!], result);
        return result;
    }

    /// <summary>
    /// The scores of probabilities already computed (by any Probabilities) against the examples' <paramref name="labels"/>,
    /// so that a caller who also needs the probabilities runs the members once.
    /// </summary>
    /// <exception cref="RecurrentException">A label is not one of the model's classes.</exception>
    /// <exception cref="ArgumentException">Not one label per row of probabilities.</exception>
    public ClassificationReport Report(double[][] probabilities, IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (labels.Count != probabilities.Length)
            throw new ArgumentException($"{probabilities.Length} rows of probabilities, {labels.Count} labels.", nameof(labels));
        return Report([.. labels.Select((label, n) => ClassOf(label, $"example {n + 1}"))], probabilities, 0);
    }

    private static void Check(ModelBundle model, string source)
    {
        if (!IsClassifier(model))
            throw new ModelKindException($"{source} is {model.Describe()}, not a sequence classifier.", model);
        try
        {
            ClassifierSettings.FromJson(model.Metadata[ClassifierSettings.MetadataKey], model.Spec.Readout);
        }
        catch (FormatException e)
        {
            throw new CheckpointException($"{source} is not a valid classifier: {e.Message}.", e);
        }
        bool fits = model.Labels is not null && (model.Spec.TakesTokens
            ? model.Vocabulary is { Count: > 0 } v && v.Symbols[0] == TextTokens.Unknown
            : model.InputScaling is not null);
        if (!fits)
            throw new CheckpointException($"{source} is not a valid classifier: its labels, vocabulary or scaling are missing.");
    }

    /// <summary>Whether <paramref name="model"/> was trained as a sequence classifier (its metadata holds classifier settings).</summary>
    public static bool IsClassifier(ModelBundle model) =>
        model.Metadata.ContainsKey(ClassifierSettings.MetadataKey) && model.Spec.Head == HeadKind.Classification;

    /// <summary>The first member (the model itself, without an ensemble).</summary>
    public ModelBundle Model => _members[0].Model;

    /// <summary>The members of an ensemble (one without).</summary>
    public IReadOnlyList<ModelBundle> Members => [.. _members.Select(m => m.Model)];

    /// <summary>The class names, in index order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>How the first member reads examples (each member reads them its own way).</summary>
    public ClassifierSettings Settings { get; }

    /// <summary>Whether the classifier reads texts (else real-valued sequences).</summary>
    public bool ReadsText => _members[0].Tokens is not null;

    /// <summary>The classes of <paramref name="text"/>, most probable first (the <paramref name="top"/> first; 0: all).</summary>
    /// <exception cref="InvalidOperationException">The classifier reads real-valued sequences.</exception>
    public IReadOnlyList<ClassPrediction> Predict(string text, int top = 0) => Ranked(Probabilities([text], out _)[0], top);

    /// <summary>The classes of each text, most probable first (the <paramref name="top"/> first; 0: all).</summary>
    public IReadOnlyList<IReadOnlyList<ClassPrediction>> Predict(IReadOnlyList<string> texts, int top = 0) =>
        [.. Probabilities(texts, out _).Select(p => Ranked(p, top))];

    /// <summary>The ranked classes of one row of probabilities.</summary>
    public IReadOnlyList<ClassPrediction> Ranked(double[] probabilities, int top = 0)
    {
        var ranked = Enumerable.Range(0, probabilities.Length).OrderByDescending(c => probabilities[c]).ThenBy(c => c)
            .Select(c => new ClassPrediction(Labels[c], c, probabilities[c]));
        return [.. top > 0 ? ranked.Take(top) : ranked];
    }

    /// <summary>
    /// Each text's probability per class (C values, summing to 1); <paramref name="unknown"/> counts the characters the
    /// (first member's) vocabulary lacks.
    /// </summary>
    /// <exception cref="InvalidOperationException">The classifier reads real-valued sequences.</exception>
    public double[][] Probabilities(IReadOnlyList<string> texts, out long unknown)
    {
        if (!ReadsText)
            throw new InvalidOperationException("This classifier reads real-valued sequences, not texts.");
        unknown = 0;
        var result = Zeros(texts.Count);
        foreach (var member in _members)
        {
            var encoded = new int[texts.Count][];
            for (int n = 0; n < texts.Count; n++)
            {
                encoded[n] = member.Tokens!.Encode(texts[n], out int missing);
                if (member == _members[0])
                    unknown += missing;
            }
            Run(member.Model, encoded.Select(e => e.Length).ToArray(), result, (ws, n, b, rows) =>
            {
                int[] tokens = encoded[n];
                for (int t = 0; t < rows; t++)
                    ws.Tokens[t * ws.Batch + b] = t < tokens.Length ? tokens[t] : 0;
            });
        }
        return result;
    }

    /// <summary>Each real-valued sequence's probability per class (rows of the model's F features, in the data's units).</summary>
    /// <exception cref="InvalidOperationException">The classifier reads texts, or is a speech ensemble whose members compute features differently.</exception>
    /// <exception cref="RecurrentException">A sequence is empty, not whole rows, or not finite.</exception>
    public double[][] Probabilities(IReadOnlyList<double[]> sequences)
    {
        if (ReadsText)
            throw new InvalidOperationException("This classifier reads texts, not real-valued sequences.");
        if (AudioSettings.Count > 1)
            throw new InvalidOperationException("The members compute a recording's features differently; give each its own (Probabilities with a function of the settings).");
        var result = Zeros(sequences.Count);
        foreach (var member in _members)
            Accumulate(member, sequences, result);
        return result;
    }

    /// <summary>Adds <paramref name="member"/>'s share of the probabilities of real-valued <paramref name="sequences"/> (rows of its own F features) to <paramref name="result"/>.</summary>
    private void Accumulate(Member member, IReadOnlyList<double[]> sequences, double[][] result)
    {
        int features = member.Model.InputScaling!.Features;
        if (sequences.Any(s => s.Length == 0 || s.Length % features != 0 || !s.All(double.IsFinite)))
            throw new RecurrentException($"The model reads {features} feature(s) a step; every sequence must be one or more whole rows of {features} finite values.");
        var scaled = sequences.Select(s => ClassificationData.Scale(ClassificationData.Cut(s, features, member.Settings), member.Model.InputScaling!)).ToArray();
        Run(member.Model, scaled.Select(s => s.Length / features).ToArray(), result, (ws, n, b, rows) =>
        {
            double[] values = scaled[n];
            for (int t = 0; t < rows; t++)
                for (int f = 0; f < features; f++)
                    ws.Inputs[(t * ws.Batch + b) * features + f] = t * features < values.Length ? (float)values[t * features + f] : 0f;
        });
    }

    private double[][] Zeros(int count)
    {
        var result = new double[count][];
        for (int n = 0; n < count; n++)
            result[n] = new double[Labels.Count];
        return result;
    }

    /// <summary>The scores on labelled texts; every label must be one of the model's classes.</summary>
    /// <exception cref="RecurrentException">An example's label is not one of the model's classes.</exception>
    public ClassificationReport Evaluate(TextExamples examples)
    {
        int[] actual = [.. examples.Examples.Select(e => ClassOf(e.Label, e.Origin))];
        var probabilities = Probabilities([.. examples.Examples.Select(e => e.Text)], out long unknown);
        return Report(actual, probabilities, unknown);
    }

    /// <summary>
    /// The scores on the sequences of <paramref name="table"/>, which must be read as the model's own table was (the same
    /// features in the same order, the same windows and label rule) when the model says how that was.
    /// </summary>
    /// <exception cref="RecurrentException">The table was read another way, or a label is not one of the model's classes.</exception>
    public ClassificationReport Evaluate(SequenceTable table)
    {
        if (Sequences?.Difference(table.Layout) is { } difference)
            throw new RecurrentException($"{table.Source} was read with {difference}, which the model was not trained on; read it as training did.");
        return Evaluate(table.Sequences, [.. table.Labels.Select(c => table.Classes[c])]);
    }

    /// <summary>The scores on labelled real-valued sequences; every label must be one of the model's classes.</summary>
    /// <exception cref="RecurrentException">A label is not one of the model's classes.</exception>
    public ClassificationReport Evaluate(IReadOnlyList<double[]> sequences, IReadOnlyList<string> labels) =>
        Report([.. labels.Select((label, n) => ClassOf(label, $"sequence {n + 1}"))], Probabilities(sequences), 0);

    private ClassificationReport Report(int[] actual, double[][] probabilities, long unknown)
    {
        var matrix = new ConfusionMatrix(Labels);
        double loss = 0;
        for (int n = 0; n < actual.Length; n++)
        {
            double[] p = probabilities[n];
            matrix.Add(actual[n], Ranked(p, 1)[0].Class);
            loss -= Math.Log(Math.Max(p[actual[n]], double.Epsilon));
        }
        return new ClassificationReport(matrix, unknown, actual.Length == 0 ? double.NaN : loss / actual.Length);
    }

    private int ClassOf(string label, string origin)
    {
        for (int c = 0; c < Labels.Count; c++)
            if (Labels[c] == label)
                return c;
        throw new RecurrentException($"{origin}: the label '{label}' is not one of the model's classes ({string.Join(", ", Labels)}).");
    }

    /// <summary>Runs <paramref name="model"/> over the examples in batches of similar length and adds its share of the average softmax into <paramref name="result"/>.</summary>
    private void Run(ModelBundle model, int[] lengths, double[][] result, Action<ModelWorkspace<float>, int, int, int> write)
    {
        int count = lengths.Length;
        int[] order = [.. Enumerable.Range(0, count).OrderBy(n => lengths[n]).ThenBy(n => n)];
        var network = model.Network;
        var workspaces = new Dictionary<int, ModelWorkspace<float>>();
        for (int start = 0; start < count; start += Chunk)
        {
            int batch = Math.Min(Chunk, count - start), steps = lengths[order[start + batch - 1]];
            if (!workspaces.TryGetValue(batch, out var ws))
                workspaces[batch] = ws = network.CreateWorkspace(lengths[order[count - 1]], batch, forBackward: false);
            for (int b = 0; b < batch; b++)
            {
                int n = order[start + b];
                write(ws, n, b, steps);
                ws.Lengths[b] = lengths[n];
            }
            network.Forward(ws, steps, network.CreateState(batch));
            for (int b = 0; b < batch; b++)
                AddSoftmax(ws.OutputOf(b), result[order[start + b]], 1.0 / _members.Length);
        }
    }

    private static void AddSoftmax(ReadOnlySpan<float> logits, double[] into, double weight)
    {
        double max = double.NegativeInfinity, sum = 0;
        foreach (float z in logits)
            max = Math.Max(max, z);
        for (int c = 0; c < logits.Length; c++)
            sum += Math.Exp(logits[c] - max);
        for (int c = 0; c < logits.Length; c++)
            into[c] += weight * Math.Exp(logits[c] - max) / sum;
    }
}
