// A classifier's examples made ready for training: repeats and conflicts dealt with as the settings say, a stratified
// validation part drawn with the run's seed, and every example turned into what the network reads: character tokens
// over a vocabulary fitted on the training part only (the characters validation meets first are counted as
// unknown), or rows of real values standardised with the training rows' mean and deviation. Over-long sequences are
// cut as the settings say. Validation examples are kept in order of length, so that its batches pad little.
using System.Security.Cryptography;
using Recurrent.Audio;
using Recurrent.Data;

namespace Recurrent.Classification;

/// <summary>The training and validation sequences of a classifier, encoded, with their classes.</summary>
public sealed class ClassificationData
{
    private readonly List<int[]>? _tokens;
    private readonly List<double[]>? _values;
    private readonly int[] _labels;
    private readonly int[] _training, _validation; // example indices, validation in order of length

    private ClassificationData(IReadOnlyList<string> labels, int[] classes, List<int[]>? tokens, List<double[]>? values, int features,
        int[] training, int[] validation, ClassifierSettings settings, ulong seed)
    {
        Seed = seed;
        Labels = labels;
        _labels = classes;
        _tokens = tokens;
        _values = values;
        Features = features;
        _training = training;
        _validation = [.. validation.OrderBy(LengthOf).ThenBy(n => n)];
        Settings = settings;
    }

    /// <summary>The class names, in index order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>The seed the validation part was drawn with.</summary>
    public ulong Seed { get; }

    /// <summary>The settings the data was prepared under.</summary>
    public ClassifierSettings Settings { get; }

    /// <summary>The tokens of a text classifier (null for real-valued sequences).</summary>
    public TextTokens? Tokens { get; private init; }

    /// <summary>The standardisation of real-valued sequences, fitted on the training rows (null for texts).</summary>
    public FeatureScaling? Scaling { get; private init; }

    /// <summary>How the sequences were read from their table (by <see cref="FromTable"/>), saved with the model; null otherwise.</summary>
    public SequenceLayout? Layout { get; private set; }

    /// <summary>How spoken words were turned into features (by <see cref="FromSpokenWords"/>), saved with the model; null otherwise.</summary>
    public AudioFeatureSettings? Audio { get; private set; }

    /// <summary>
    /// The words <paramref name="members"/> of <paramref name="words"/> (the training speakers'), their features already
    /// normalised (per utterance, or per speaker: an augmented word is then normalised by its speaker's statistics), split (stratified, with <paramref name="seed"/>) into training and validation; the
    /// feature settings travel with the model, so prediction computes a WAV file's features as training did. With an
    /// active <paramref name="augmentation"/>, the training words are augmented afresh at every step
    /// (<see cref="AugmentedWords"/>); validation words never are.
    /// </summary>
    /// <exception cref="RecurrentException">Fewer than two labels, a label too small to be split, or augmentation settings out of range.</exception>
    public static ClassificationData FromSpokenWords(SpokenWords words, IReadOnlyList<int> members, ClassifierSettings settings, ulong seed,
        AudioAugmentation? augmentation = null)
    {
        augmentation = (augmentation ?? AudioAugmentation.None).Validated(words.Settings.Channels);
        var data = FromSequences([.. members.Select(n => words.Sequences[n])], words.Settings.Width, [.. members.Select(n => words.Labels[n])],
            [.. members.Select(n => words.Labels[n]).Distinct().Order(StringComparer.Ordinal)], settings, seed);
        data.Audio = words.Settings;
        data.Augmentation = augmentation;
        data._samples = [.. members.Select(n => words.Samples[n])];
        data._speakers = [.. members.Select(words.StatisticsOf)];
        return data;
    }

    /// <summary>What is done to each training word at each step (spoken words only; null otherwise).</summary>
    public AudioAugmentation? Augmentation { get; private set; }

    private float[][]? _samples; // each example's samples, for spoken words
    private FeatureStatistics?[]? _speakers; // each example's speaker statistics, for spoken words normalised per speaker

    /// <summary>F, the values of a step of real-valued sequences; 0 for texts.</summary>
    public int Features { get; }

    /// <summary>The repeats and conflicting texts found before cleaning, and the examples left after it.</summary>
    public (int Repeats, int Conflicts, int Kept) Cleaning { get; private init; }

    /// <summary>Characters of the validation texts that the training part lacks (read as the unknown entry).</summary>
    public int UnknownInValidation { get; private init; }

    /// <summary>The training examples.</summary>
    public int TrainingCount => _training.Length;

    /// <summary>The validation examples.</summary>
    public int ValidationCount => _validation.Length;

    /// <summary>The examples of each class in the training part.</summary>
    public int[] TrainingCounts => CountsOf(_training);

    /// <summary>The examples of each class in the validation part.</summary>
    public int[] ValidationCounts => CountsOf(_validation);

    /// <summary>
    /// Texts with labels: cleaned as the settings say, split (stratified, with <paramref name="seed"/>), the vocabulary
    /// fitted on the training part and every text encoded.
    /// </summary>
    /// <exception cref="RecurrentException">Fewer than two classes are left, or a class is too small to be split.</exception>
    public static ClassificationData FromTexts(TextExamples examples, ClassifierSettings settings, ulong seed)
    {
        settings.Validated();
        var cleaned = examples.Cleaned(settings.KeepRepeats, settings.KeepConflicts);
        var labels = cleaned.Labels;
        int[] classes = [.. cleaned.Examples.Select(e => IndexOf(labels, e.Label))];
        var (training, validation) = StratifiedSplit.Split([.. cleaned.Examples.Select(e => e.Label)], settings.ValidationFraction, seed);
        var tokens = TextTokens.Fit(training.Select(n => cleaned.Examples[n].Text), settings);
        var encoded = new List<int[]>(cleaned.Examples.Count);
        var unknown = new int[cleaned.Examples.Count];
        for (int n = 0; n < cleaned.Examples.Count; n++)
        {
            encoded.Add(tokens.Encode(cleaned.Examples[n].Text, out int missing));
            unknown[n] = missing;
        }
        return new ClassificationData(labels, classes, encoded, null, 0, training, validation, settings, seed)
        {
            Tokens = tokens,
            Cleaning = (examples.Repeats, examples.Conflicts.Count, cleaned.Examples.Count),
            UnknownInValidation = validation.Sum(n => unknown[n]),
        };
    }

    /// <summary>
    /// Real-valued sequences (rows of <paramref name="features"/> values, row after row) with their class names:
    /// split (stratified, with <paramref name="seed"/>), cut as the settings say, and standardised with the mean and
    /// deviation of the training part's rows.
    /// </summary>
    /// <exception cref="RecurrentException">Fewer than two classes, or a class too small to be split.</exception>
    /// <exception cref="ArgumentException">A sequence is empty, not whole rows or not finite, or the counts differ.</exception>
    public static ClassificationData FromSequences(IReadOnlyList<double[]> sequences, int features, IReadOnlyList<string> labelOfEach,
        ClassifierSettings settings, ulong seed) => FromSequences(sequences, features, labelOfEach, [.. labelOfEach.Distinct()], settings, seed);

    /// <summary>The sequences of a <see cref="SequenceTable"/>, its classes in its order (see <see cref="FromSequences(IReadOnlyList{double[]}, int, IReadOnlyList{string}, ClassifierSettings, ulong)"/>).</summary>
    /// <exception cref="RecurrentException">Fewer than two classes, or a class too small to be split.</exception>
    public static ClassificationData FromTable(SequenceTable table, ClassifierSettings settings, ulong seed)
    {
        var data = FromSequences(table.Sequences, table.FeatureCount, [.. table.Labels.Select(c => table.Classes[c])], table.Classes, settings, seed);
        data.Layout = table.Layout;
        return data;
    }

    private static ClassificationData FromSequences(IReadOnlyList<double[]> sequences, int features, IReadOnlyList<string> labelOfEach,
        IReadOnlyList<string> labels, ClassifierSettings settings, ulong seed)
    {
        settings.Validated();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(features);
        if (sequences.Count != labelOfEach.Count)
            throw new ArgumentException($"Expected one label per sequence ({sequences.Count} sequences, {labelOfEach.Count} labels).");
        if (sequences.Any(s => s.Length == 0 || s.Length % features != 0))
            throw new ArgumentException($"Every sequence must be one or more whole rows of {features} values.", nameof(sequences));
        for (int n = 0; n < sequences.Count; n++) // here, not in the scaling (training rows) or at validation (too late)
            if (!sequences[n].All(double.IsFinite))
                throw new ArgumentException($"Sequence {n + 1} holds a value that is not a finite number.", nameof(sequences));
        if (labels.Count < 2)
            throw new RecurrentException(labels.Count == 0 ? "There is no sequence to classify." : $"Every sequence has the class '{labels[0]}'; a classifier needs at least two.");
        int[] classes = [.. labelOfEach.Select(label => IndexOf(labels, label))];
        var (training, validation) = StratifiedSplit.Split(labelOfEach, settings.ValidationFraction, seed);
        var cut = sequences.Select(s => Cut(s, features, settings)).ToList();
        var scaling = FeatureScaling.Fit([.. training.SelectMany(n => cut[n])], features);
        var scaled = cut.Select(s => Scale(s, scaling)).ToList();
        return new ClassificationData(labels, classes, null, scaled, features, training, validation, settings, seed)
        {
            Scaling = scaling,
            Cleaning = (0, 0, sequences.Count),
        };
    }

    /// <summary>A sequence of rows cut to the settings' maximum length (the head or the tail).</summary>
    internal static double[] Cut(double[] rows, int features, ClassifierSettings settings)
    {
        int steps = rows.Length / features, max = settings.MaxLength;
        if (max == 0 || steps <= max)
            return rows;
        return settings.Truncation == Truncation.KeepTail ? rows[^(max * features)..] : rows[..(max * features)];
    }

    /// <summary>Rows standardised by <paramref name="scaling"/>.</summary>
    internal static double[] Scale(double[] rows, FeatureScaling scaling)
    {
        var scaled = new double[rows.Length];
        for (int k = 0; k < rows.Length; k++)
            scaled[k] = scaling.Apply(rows[k], k % scaling.Features);
        return scaled;
    }

    /// <summary>
    /// The training batches: shuffled every epoch, drawn as the settings' batching says; spoken words with an active
    /// augmentation are made afresh at every step (<see cref="AugmentedWords"/>).
    /// </summary>
    /// <exception cref="RecurrentException">There are fewer training examples than a batch.</exception>
    public ExampleSource Training(int batch, ulong seed) => Augmentation is { IsActive: true } augmentation
        ? new AugmentedWords([.. _training.Select(n => _samples![n])], [.. _training.Select(n => _labels[n])], Audio!, augmentation, Scaling!,
            batch, seed, Settings.Batching, Settings.MaxLength, Settings.Truncation == Truncation.KeepTail, [.. _training.Select(n => _speakers![n])])
        : Set(_training, batch, seed, shuffle: true, Settings.Batching);

    /// <summary>The validation examples, in order of length; null when the settings hold none out.</summary>
    public LabelledSequences? Validation() => _validation.Length == 0 ? null : Set(_validation, _validation.Length, 1, shuffle: false, null);

    private LabelledSequences Set(int[] members, int batch, ulong seed, bool shuffle, SequenceBatching? batching)
    {
        int[] classes = [.. members.Select(n => _labels[n])];
        return _tokens is not null
            ? LabelledSequences.FromTokens([.. members.Select(n => _tokens[n])], classes, batch, seed, shuffle, batching)
            : LabelledSequences.FromValues([.. members.Select(n => _values![n])], Features, classes, batch, seed, shuffle, batching);
    }

    /// <summary>A hash of what training reads: the classes, the encoded sequences of both parts and the split.</summary>
    public string Fingerprint()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', Labels) + "\n" + Settings.ToJson()));
        if (Augmentation is { IsActive: true } augmentation) // only then, so that runs without it keep their fingerprints
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes("\naugmentation " + augmentation.ToJson().ToJsonString()));
        foreach (int[] part in new[] { _training, _validation })
        {
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(part.AsSpan()));
            foreach (int n in part)
            {
                hash.AppendData(BitConverter.GetBytes(_labels[n]));
                if (_tokens is not null)
                    hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_tokens[n].AsSpan()));
                else
                    hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_values![n].AsSpan()));
            }
        }
        return Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
    }

    private int LengthOf(int n) => _tokens is not null ? _tokens[n].Length : _values![n].Length / Features;

    private int[] CountsOf(int[] members)
    {
        var counts = new int[Labels.Count];
        foreach (int n in members)
            counts[_labels[n]]++;
        return counts;
    }

    private static int IndexOf(IReadOnlyList<string> labels, string label)
    {
        for (int c = 0; c < labels.Count; c++)
            if (labels[c] == label)
                return c;
        throw new ArgumentException($"Unknown label '{label}'.", nameof(label));
    }
}
