// Audio samples to feature rows (frames × F, row-major), by the standard formulas, computed in float64 and stored as
// float32. NWaves (0.9.6) has an MFCC extractor, but its conventions (its own mel filterbank variants and
// normalisation, log floor, DCT scaling and frame padding) are settings of a library rather than formulas one can
// state and check; these are written out step by step so that tools/reference/mfcc_reference.py computes the same
// numbers from the same formulas (docs/speech.md, "Features"):
//   pre-emphasis  y[0] = x[0], y[n] = x[n] − a·x[n−1]
//   frames        1 + floor((len − N) / H) of N samples every H, the leftover dropped; shorter than N: one, zero-padded
//   window        Hamming, w[n] = 0.54 − 0.46·cos(2πn/(N−1))
//   power         P[k] = |DFT_nfft(y·w)[k]|² / nfft, k = 0 … nfft/2
//   mel energies  E_m = Σ_k W[m, k]·P[k] (MelFilterbank), L_m = ln(max(E_m, 1e-10)); with floorDb > 0, every L_m of the
//                 word at least max L − floorDb·ln10/10
//   MFCC          c_j = s_j Σ_m L_m cos(πj(m + ½)/M), s_0 = √(1/M), s_j = √(2/M), j < C
//   deltas        d_t = Σ_{n=1,2} n(c_{t+n} − c_{t−n}) / 10, indices clamped; ΔΔ the same on Δ; a row is [c, Δ, ΔΔ]
// The arithmetic lives in FeatureExtractor, which keeps its tables and buffers; OfWord trims silence first (Trimmed).
namespace Recurrent.Audio;

/// <summary>MFCC or log mel features of mono audio, and per-utterance normalisation.</summary>
public static class AudioFeatures
{
    /// <summary>The floor under a mel energy before its logarithm.</summary>
    public const double LogFloor = 1e-10;

    /// <summary>The frames of <paramref name="sampleCount"/> samples: 1 + floor((n − N) / H), or 1 when n &lt; N.</summary>
    public static int FrameCount(long sampleCount, AudioFeatureSettings settings) =>
        sampleCount <= settings.FrameLength ? 1 : (int)(1 + (sampleCount - settings.FrameLength) / settings.Hop);

    /// <summary>The features of <paramref name="samples"/> (mono, at <see cref="AudioFeatureSettings.SampleRate"/>) by the formulas above.</summary>
    /// <returns>(T, F) row-major: T = <see cref="FrameCount"/>, F = <see cref="AudioFeatureSettings.Width"/>.</returns>
    /// <exception cref="RecurrentException">No samples, a sample that is not finite, or settings out of range.</exception>
    public static float[] Compute(ReadOnlySpan<float> samples, AudioFeatureSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validated();
        if (samples.IsEmpty)
            throw new RecurrentException("There are no audio samples to compute features of.");
        for (int i = 0; i < samples.Length; i++)
            if (!float.IsFinite(samples[i]))
                throw new RecurrentException($"Audio sample {i:N0} is {samples[i]}, not a finite number.");
        int frames = FrameCount(samples.Length, settings);
        if ((long)frames * settings.Width > Array.MaxLength)
            throw new RecurrentException($"{frames:N0} frames of {settings.Width} features are more than one array can hold.");
        var features = new float[frames * settings.Width];
        new FeatureExtractor(settings).Compute(samples, features);
        return features;
    }

    /// <summary>
    /// The features a model reads of one word, as training and prediction both compute them: the samples trimmed as the
    /// settings say (<see cref="Trimmed"/>), their features (<see cref="Compute"/>), normalised by the statistics of its
    /// <paramref name="speaker"/>'s words when given (<see cref="FeatureNormalization.Speaker"/>), else per utterance
    /// (<see cref="Normalize(Span{float}, int)"/>: the word is its own speaker).
    /// </summary>
    /// <exception cref="RecurrentException">No samples, a sample that is not finite, or settings out of range.</exception>
    /// <exception cref="ArgumentException">The speaker's statistics are of another width than the settings' features.</exception>
    public static float[] OfWord(ReadOnlySpan<float> samples, AudioFeatureSettings settings, FeatureStatistics? speaker = null)
    {
        if (speaker is not null && speaker.Width != settings.Width)
            throw new ArgumentException($"The speaker's statistics are of {speaker.Width} features, the settings make {settings.Width}.", nameof(speaker));
        float[] features = Compute(Trimmed(samples, settings), settings);
        Normalize(features, settings.Width, speaker);
        return features;
    }

    /// <summary>
    /// Normalises the (T, F) <paramref name="features"/> in place by <paramref name="speaker"/>'s statistics, or per
    /// utterance (<see cref="Normalize(Span{float}, int)"/>) when there are none.
    /// </summary>
    public static void Normalize(Span<float> features, int width, FeatureStatistics? speaker)
    {
        if (speaker is null)
            Normalize(features, width);
        else
            speaker.Normalize(features);
    }

    /// <summary>
    /// <paramref name="samples"/> without their leading and trailing silence when the settings' TrimDb is above 0: the
    /// frames (N samples every H, as the features frame them) from the first to the last whose mean square of the raw
    /// samples is within TrimDb of the loudest frame's; all the samples when trimming is off, or when they are shorter
    /// than a frame or silent throughout.
    /// </summary>
    public static ReadOnlySpan<float> Trimmed(ReadOnlySpan<float> samples, AudioFeatureSettings settings)
    {
        if (settings.TrimDb <= 0 || samples.Length <= settings.FrameLength)
            return samples;
        int n = settings.FrameLength, hop = settings.Hop, frames = FrameCount(samples.Length, settings);
        double loudest = 0;
        for (int t = 0; t < frames; t++)
            loudest = Math.Max(loudest, MeanSquare(samples.Slice(t * hop, n)));
        if (loudest == 0)
            return samples;
        double threshold = loudest * Math.Pow(10, -settings.TrimDb / 10);
        int first = 0, last = frames - 1;
        while (MeanSquare(samples.Slice(first * hop, n)) < threshold)
            first++;
        while (MeanSquare(samples.Slice(last * hop, n)) < threshold)
            last--;
        return samples[(first * hop)..(last * hop + n)];
    }

    private static double MeanSquare(ReadOnlySpan<float> frame)
    {
        double sum = 0;
        foreach (float sample in frame)
            sum += (double)sample * sample;
        return sum / frame.Length;
    }

    /// <summary>
    /// Per-utterance mean and variance normalisation, in place: each of the F columns of the (T, F) rows becomes
    /// (x − μ) / max(σ, 1e-8), with μ and σ (population) that column's mean and standard deviation over the T frames;
    /// a constant column becomes zeros.
    /// </summary>
    public static void Normalize(Span<float> features, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if (features.Length % width != 0)
            throw new ArgumentException($"{features.Length} values are not whole rows of {width}.", nameof(features));
        int frames = features.Length / width;
        for (int f = 0; f < width && frames > 0; f++)
        {
            double sum = 0;
            for (int t = 0; t < frames; t++)
                sum += features[t * width + f];
            double mean = sum / frames, squares = 0;
            for (int t = 0; t < frames; t++)
            {
                double d = features[t * width + f] - mean;
                squares += d * d;
            }
            double scale = 1 / Math.Max(Math.Sqrt(squares / frames), 1e-8);
            for (int t = 0; t < frames; t++)
                features[t * width + f] = (float)((features[t * width + f] - mean) * scale);
        }
    }
}
