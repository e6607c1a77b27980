// The training words of a speech classifier, augmented afresh at every step (AudioAugmentation): a batch source that
// keeps each word's samples rather than its features, and makes batch k's words from them when the trainer asks for it,
// the words of a batch in parallel (one WordAugmenter per slot). The order of the words is ExampleSource's (a fresh
// shuffle every epoch, or grouped and balanced by a SequenceBatching over the words' unaugmented lengths); what is
// done to the word in slot b of batch k is drawn from (seed, k, b) alone, so a resumed run reads the same batches.
// Read as an example set (in order), the words are not augmented.
using System.Numerics;
using System.Runtime.CompilerServices;
using Recurrent.Data;
using Recurrent.Numerics;

namespace Recurrent.Audio;

/// <summary>Spoken words with a class each, augmented at every training step: a batch source for a classifier of feature rows.</summary>
public sealed unsafe class AugmentedWords : ExampleSource
{
    private readonly float[][] _samples;
    private readonly FeatureStatistics?[] _speakers; // (words) each word's speaker statistics; null: normalised per utterance
    private readonly int[] _labels;
    private readonly AudioFeatureSettings _settings;
    private readonly AudioAugmentation _augmentation;
    private readonly FeatureScaling _scaling;
    private readonly int _maxFrames;
    private readonly bool _keepTail;
    private readonly ulong _seed;
    private readonly Rng _draws = new(0);
    private WordAugmenter[] _slots = [];
    private readonly int[] _batchWords;    // (B) the words of the batch being prepared
    private readonly int _longestSamples;  // the most samples a word can have after its speed change and shift
    private long _preparedStep;
    private bool _prepared; // the slots hold the batch being written

    /// <summary>The words <paramref name="samples"/> (mono, at the settings' rate) with their classes, augmented for batches of <paramref name="batch"/>.</summary>
    /// <param name="samples">Each word's samples, not empty, finite.</param>
    /// <param name="labels">Each word's class index.</param>
    /// <param name="settings">How features are computed.</param>
    /// <param name="augmentation">What is done to each word at each step.</param>
    /// <param name="scaling">The standardisation of the training rows, applied after the per-utterance or per-speaker normalisation.</param>
    /// <param name="batch">B, the words of a batch.</param>
    /// <param name="seed">The seed of the shuffles and of the augmentation.</param>
    /// <param name="batching">How batches are drawn (null: a plain shuffle).</param>
    /// <param name="maxFrames">The most frames a word keeps (0: all).</param>
    /// <param name="keepTail">Whether a longer word keeps its last frames rather than its first.</param>
    /// <param name="speakers">Each word's speaker statistics, which normalise its features (null, or a null entry: per utterance).</param>
    /// <exception cref="RecurrentException">Fewer words than a batch, or augmentation settings out of range.</exception>
    /// <exception cref="ArgumentException">A word is empty or not finite, the counts differ, or the scaling is not of the features' width.</exception>
    public AugmentedWords(IReadOnlyList<float[]> samples, IReadOnlyList<int> labels, AudioFeatureSettings settings, AudioAugmentation augmentation,
        FeatureScaling scaling, int batch, ulong seed, SequenceBatching? batching = null, int maxFrames = 0, bool keepTail = false,
        IReadOnlyList<FeatureStatistics?>? speakers = null)
        : base(Checked(samples, labels, batch), Longest(samples, settings, Validated(augmentation, settings), maxFrames), batch, seed, shuffle: true,
            batching?.Plan ?? 0)
    {
        if (scaling.Features != settings.Width)
            throw new ArgumentException($"The scaling is of {scaling.Features} features, the settings make {settings.Width}.", nameof(scaling));
        _samples = [.. samples];
        if (speakers is not null && speakers.Count != samples.Count)
            throw new ArgumentException($"Expected one speaker's statistics per word ({samples.Count} words, {speakers.Count} statistics).", nameof(speakers));
        if (speakers?.FirstOrDefault(s => s is not null && s.Width != settings.Width) is { } wrong)
            throw new ArgumentException($"Speaker statistics of {wrong.Width} features, the settings make {settings.Width}.", nameof(speakers));
        _speakers = speakers is null ? new FeatureStatistics?[samples.Count] : [.. speakers];
        _labels = [.. labels];
        _settings = settings;
        _augmentation = augmentation;
        _scaling = scaling;
        _maxFrames = maxFrames;
        _keepTail = keepTail;
        _seed = seed;
        if (batching is { } plan && plan.Plan != 0)
            Plan = new BatchPlan(plan, [.. _samples.Select(CleanFrames)], _labels, batch, seed);
        _batchWords = new int[batch];
        _longestSamples = LongestSamples(samples, settings, augmentation);
        EnsureSlots(batch);
    }

    /// <summary>F, the values of a frame.</summary>
    public int Features => _settings.Width;

    /// <summary>What is done to each word.</summary>
    public AudioAugmentation Augmentation => _augmentation;

    private static AudioAugmentation Validated(AudioAugmentation augmentation, AudioFeatureSettings settings) =>
        augmentation.Validated(settings.Validated().Channels);

    private static int Checked(IReadOnlyList<float[]> samples, IReadOnlyList<int> labels, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        if (samples.Count == 0 || samples.Count != labels.Count)
            throw new ArgumentException($"Expected one label per word and at least one word ({samples.Count} words, {labels.Count} labels).");
        if (samples.Any(s => s.Length == 0 || !s.All(float.IsFinite)))
            throw new ArgumentException("Every word must have samples, all finite.", nameof(samples));
        if (labels.Any(label => label < 0))
            throw new ArgumentOutOfRangeException(nameof(labels), "Every label must be a class index of at least 0.");
        if (samples.Count < batch)
            throw new RecurrentException($"There are {samples.Count} words, too few for a batch of {batch}; lower batch.", "batch");
        return samples.Count;
    }

    /// <summary>The most samples a word can have: the longest at the slowest speed, delayed the most.</summary>
    private static int LongestSamples(IReadOnlyList<float[]> samples, AudioFeatureSettings settings, AudioAugmentation augmentation)
    {
        int shift = (int)Math.Ceiling(augmentation.ShiftMs * settings.SampleRate / 1000) + 1;
        long longest = samples.Max(s => (long)Math.Ceiling(s.Length / (1 - augmentation.Speed)) + 1) + shift;
        return longest <= Array.MaxLength ? (int)longest
            : throw new RecurrentException($"A word slowed down and shifted would have {longest:N0} samples, more than an array holds.");
    }

    /// <summary>T: the frames of the longest word at its slowest speed and tempo and latest shift (and no more than the cut).</summary>
    private static int Longest(IReadOnlyList<float[]> samples, AudioFeatureSettings settings, AudioAugmentation augmentation, int maxFrames)
    {
        int frames = AudioFeatures.FrameCount(LongestSamples(samples, settings, augmentation), settings);
        if (augmentation.Tempo > 0)
            frames = (int)Math.Ceiling(frames / (1 - augmentation.Tempo)) + 1;
        return maxFrames > 0 ? Math.Min(frames, maxFrames) : frames;
    }

    private int CleanFrames(float[] word)
    {
        int frames = AudioFeatures.FrameCount(word.Length, _settings);
        return _maxFrames > 0 ? Math.Min(frames, _maxFrames) : frames;
    }

    /// <summary>The key of the word in slot <paramref name="slot"/> of batch <paramref name="step"/>.</summary>
    private ulong KeyOf(long step, int slot)
    {
        ulong z = _seed ^ ((ulong)step * 0x9E3779B97F4A7C15UL) ^ ((ulong)(slot + 1) * 0xD1B54A32D192ED03UL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>The frames of the longest word of training batch <paramref name="step"/>, augmented.</summary>
    public override int StepsOf(long step)
    {
        var examples = BatchOf(step);
        int longest = 1;
        for (int b = 0; b < examples.Length; b++)
        {
            var geometry = WordAugmenter.Geometry(_draws, KeyOf(step, b), _augmentation, _settings.SampleRate);
            longest = Math.Max(longest, WordAugmenter.FramesOf(_samples[examples[b]].Length, geometry, _settings, _maxFrames));
        }
        return longest;
    }

    /// <summary>The frames of the longest of words [start, start + count), unaugmented.</summary>
    public override int StepsOf(int start, int count)
    {
        int longest = 1;
        for (int n = start; n < start + count; n++)
            longest = Math.Max(longest, CleanFrames(_samples[n]));
        return longest;
    }

    private protected override void Prepare(long step, ReadOnlySpan<int> examples)
    {
        EnsureSlots(examples.Length);
        examples.CopyTo(_batchWords);
        _preparedStep = step;
        // The words split over the library's threads (WorkerTeam: no allocation, unlike Parallel.For), slot b on part b mod parts.
        var context = new PrepareContext { Source = this, Count = examples.Length };
        WorkerTeam.Run(&PreparePart, Unsafe.AsPointer(ref context));
        _prepared = true;
    }

    private struct PrepareContext
    {
        public AugmentedWords Source;
        public int Count;
    }

    private static void PreparePart(void* context, int part, int parts)
    {
        ref var prepare = ref Unsafe.AsRef<PrepareContext>(context);
        var source = prepare.Source;
        for (int b = part; b < prepare.Count; b += parts)
        {
            int word = source._batchWords[b];
            source._slots[b].Compute(source._samples[word], source.KeyOf(source._preparedStep, b), augment: true, source._speakers[word]);
        }
    }

    private void EnsureSlots(int count)
    {
        if (_slots.Length >= count)
            return;
        int had = _slots.Length;
        Array.Resize(ref _slots, count);
        for (int b = had; b < count; b++)
        {
            _slots[b] = new WordAugmenter(_settings, _augmentation, _scaling, _maxFrames, _keepTail);
            _slots[b].Reserve(_longestSamples, Steps + AudioFeatures.FrameCount(_longestSamples, _settings)); // no growth in a step
        }
    }

    private protected override void Check<T>(BatchBuffers<T> batch, int sequences)
    {
        long values = (long)Steps * sequences * Features;
        if (batch.Inputs.Length != values || !batch.Tokens.IsEmpty || batch.Lengths.Length != sequences
            || batch.Targets.Length != sequences || !batch.TargetValues.IsEmpty)
            throw new ArgumentException($"These words need {values} input values, {sequences} lengths and {sequences} target classes " +
                "(a model of feature rows with a classification head that reads each word to its length).", nameof(batch));
    }

    private protected override void Write<T>(int example, int b, int sequences, BatchBuffers<T> batch)
    {
        WordAugmenter word;
        if (_prepared)
            word = _slots[b];
        else
        {
            EnsureSlots(1);
            word = _slots[0];
            word.Compute(_samples[example], 0, augment: false, _speakers[example]);
        }
        int frames = word.Frames, width = Features;
        var features = word.Features;
        for (int t = 0; t < Steps; t++)
        {
            var row = batch.Inputs.Slice((t * sequences + b) * width, width);
            if (t < frames)
                for (int f = 0; f < width; f++)
                    row[f] = T.CreateChecked(features[t * width + f]);
            else
                row.Clear();
        }
        batch.Targets[b] = _labels[example];
        batch.Lengths[b] = frames;
        if (b == sequences - 1)
            _prepared = false;
    }
}
