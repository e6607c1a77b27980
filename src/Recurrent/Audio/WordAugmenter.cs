// One training word made afresh: its samples played faster or slower, shifted, with noise, then its features computed
// (stretched in time to another tempo), normalised per utterance or by its speaker's statistics, standardised as the training rows were, cut to the
// longest a classifier reads, and masked.
// Everything random comes from one generator reseeded with the word's key (the run's seed, the step and the word's
// place in the batch), so a word's augmentation is a function of the step: a resumed run and any thread count see
// the same batches. The speed, the shift and the tempo are drawn first, so that the frames a word will have are known from its
// key without computing it (a batch's longest sets the steps the trainer runs).
using Recurrent.Data;
using Recurrent.Numerics;

namespace Recurrent.Audio;

/// <summary>Augments one word at a time into its own buffers; one per batch slot, so that slots run in parallel.</summary>
internal sealed class WordAugmenter
{
    private readonly AudioFeatureSettings _settings;
    private readonly AudioAugmentation _augmentation;
    private readonly FeatureScaling _scaling;
    private readonly int _maxFrames; // 0: no cut
    private readonly bool _keepTail;
    private readonly FeatureExtractor _extractor;
    private readonly Rng _rng = new(0);
    private float[] _stretched = [], _shifted = [], _features = [];

    public WordAugmenter(AudioFeatureSettings settings, AudioAugmentation augmentation, FeatureScaling scaling, int maxFrames, bool keepTail)
    {
        _settings = settings;
        _augmentation = augmentation;
        _scaling = scaling;
        _maxFrames = maxFrames;
        _keepTail = keepTail;
        _extractor = new FeatureExtractor(settings);
    }

    /// <summary>Sizes the buffers for words of up to <paramref name="samples"/> samples after their speed change and shift, and <paramref name="frames"/> frames.</summary>
    public void Reserve(int samples, int frames)
    {
        Grown(ref _stretched, samples);
        Grown(ref _shifted, samples);
        Grown(ref _features, Math.Max(frames, AudioFeatures.FrameCount(samples, _settings)) * _settings.Width);
        _extractor.Reserve(samples, frames);
    }

    /// <summary>(frames, F) the features of the last word computed.</summary>
    public ReadOnlySpan<float> Features => _features.AsSpan(0, Frames * _settings.Width);

    /// <summary>The frames of the last word computed.</summary>
    public int Frames { get; private set; }

    /// <summary>
    /// The speed factor, the shift in samples and the tempo factor of the word with <paramref name="key"/> (1, 0 and 1
    /// when those parts are off): the first draws of its key, so that its frames are known without computing it.
    /// </summary>
    public static (double Speed, int Shift, double Tempo) Geometry(Rng rng, ulong key, AudioAugmentation augmentation, int sampleRate)
    {
        rng.Reseed(key);
        double speed = augmentation.Speed > 0 ? 1 + augmentation.Speed * (2 * rng.NextDouble() - 1) : 1;
        int shift = augmentation.ShiftMs > 0 ? (int)Math.Round((2 * rng.NextDouble() - 1) * augmentation.ShiftMs * sampleRate / 1000) : 0;
        double tempo = augmentation.Tempo > 0 ? 1 + augmentation.Tempo * (2 * rng.NextDouble() - 1) : 1;
        return (speed, shift, tempo);
    }

    /// <summary>The samples a word of <paramref name="samples"/> has after its speed change and shift.</summary>
    public static int SamplesAfter(int samples, double speed, int shift)
    {
        int stretched = speed == 1 ? samples : SpeedChange.Length(samples, speed);
        return shift >= 0 ? stretched + shift : stretched - Math.Min(-shift, stretched - 1);
    }

    /// <summary>The frames a word of <paramref name="samples"/> samples has after the changes of <paramref name="geometry"/>, and the cut.</summary>
    public static int FramesOf(int samples, (double Speed, int Shift, double Tempo) geometry, AudioFeatureSettings settings, int maxFrames)
    {
        int frames = FeatureExtractor.FramesAtTempo(AudioFeatures.FrameCount(SamplesAfter(samples, geometry.Speed, geometry.Shift), settings), geometry.Tempo);
        return maxFrames > 0 ? Math.Min(frames, maxFrames) : frames;
    }

    /// <summary>
    /// Computes the word <paramref name="samples"/>, augmented by the draws of <paramref name="key"/> (or not at all when
    /// <paramref name="augment"/> is false), normalised by its <paramref name="speaker"/>'s statistics when given, else
    /// per utterance.
    /// </summary>
    public void Compute(float[] samples, ulong key, bool augment, FeatureStatistics? speaker = null)
    {
        var augmentation = augment ? _augmentation : AudioAugmentation.None;
        var word = Waveform(samples, key, augmentation, out double tempo);
        int width = _settings.Width, frames = FeatureExtractor.FramesAtTempo(AudioFeatures.FrameCount(word.Length, _settings), tempo);
        var features = Grown(ref _features, frames * width);
        _extractor.Compute(word, features, tempo);
        AudioFeatures.Normalize(features, width, speaker);
        if (_maxFrames > 0 && frames > _maxFrames)
        {
            if (_keepTail)
                features[((frames - _maxFrames) * width)..].CopyTo(features);
            frames = _maxFrames;
        }
        Frames = frames;
        features = features[..(frames * width)];
        for (int k = 0; k < features.Length; k++)
            features[k] = (float)_scaling.Apply(features[k], k % width);
        Mask(features, frames, augmentation);
    }

    /// <summary>The samples of the word after its speed change, shift and noise, and the tempo its features take (the first draws of <paramref name="key"/>).</summary>
    internal ReadOnlySpan<float> Waveform(float[] samples, ulong key, AudioAugmentation augmentation, out double tempo)
    {
        (double speed, int shift, tempo) = Geometry(_rng, key, augmentation, _settings.SampleRate);
        ReadOnlySpan<float> word = samples;
        if (speed != 1)
        {
            var stretched = Grown(ref _stretched, SpeedChange.Length(samples.Length, speed));
            SpeedChange.Apply(samples, speed, stretched);
            word = stretched;
        }
        if (shift == 0 && augmentation.NoiseProbability <= 0)
            return word;
        var shifted = Grown(ref _shifted, SamplesAfter(word.Length, 1, shift));
        if (shift >= 0)
        {
            shifted[..shift].Clear();
            word.CopyTo(shifted[shift..]);
        }
        else
            word[Math.Min(-shift, word.Length - 1)..].CopyTo(shifted);
        AddNoise(shifted, augmentation);
        return shifted;
    }

    /// <summary>White Gaussian noise at an SNR uniform in [low, high] dB of the word's mean power, with the settings' probability.</summary>
    private void AddNoise(Span<float> word, AudioAugmentation augmentation)
    {
        if (augmentation.NoiseProbability <= 0 || _rng.NextDouble() >= augmentation.NoiseProbability)
            return;
        double snr = augmentation.NoiseSnrLowDb + (augmentation.NoiseSnrHighDb - augmentation.NoiseSnrLowDb) * _rng.NextDouble();
        double power = 0;
        foreach (float sample in word)
            power += (double)sample * sample;
        power /= word.Length;
        if (power == 0)
            return; // silence has no level to set the noise by
        double deviation = Math.Sqrt(power / Math.Pow(10, snr / 10));
        for (int i = 0; i < word.Length; i++)
            word[i] = (float)(word[i] + deviation * _rng.NextNormal());
    }

    /// <summary>SpecAugment's masks on the standardised features: runs of frames, and runs of channels with their deltas, set to 0.</summary>
    private void Mask(Span<float> features, int frames, AudioAugmentation augmentation)
    {
        int width = _settings.Width, channels = _extractor.Channels, blocks = width / channels;
        for (int m = 0; m < augmentation.TimeMasks; m++)
        {
            int span = Math.Min(_rng.NextInt(augmentation.TimeMaskFrames + 1), frames);
            int start = _rng.NextInt(frames - span + 1);
            features.Slice(start * width, span * width).Clear();
        }
        for (int m = 0; m < augmentation.ChannelMasks; m++)
        {
            int span = _rng.NextInt(augmentation.ChannelMaskWidth + 1);
            int start = _rng.NextInt(channels - span + 1);
            for (int t = 0; t < frames; t++)
                for (int block = 0; block < blocks; block++)
                    features.Slice(t * width + block * channels + start, span).Clear();
        }
    }

    private static Span<float> Grown(ref float[] buffer, int length)
    {
        if (buffer.Length < length)
            buffer = new float[Math.Max(length, buffer.Length * 2)];
        return buffer.AsSpan(0, length);
    }
}
