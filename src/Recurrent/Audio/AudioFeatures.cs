// Audio samples to feature rows (frames × F, row-major), by the standard formulas, computed in float64 and stored as
// float32. NWaves (0.9.6) has an MFCC extractor, but its conventions (its own mel filterbank variants and
// normalisation, log floor, DCT scaling and frame padding) are settings of a library rather than formulas one can
// state and check; these are written out step by step so that tools/reference/mfcc_reference.py computes the same
// numbers from the same formulas (docs/speech.md, "Features"):
//   pre-emphasis  y[0] = x[0], y[n] = x[n] − a·x[n−1]
//   frames        1 + floor((len − N) / H) of N samples every H, the leftover dropped; shorter than N: one, zero-padded
//   window        Hamming, w[n] = 0.54 − 0.46·cos(2πn/(N−1))
//   power         P[k] = |DFT_nfft(y·w)[k]|² / nfft, k = 0 … nfft/2
//   mel energies  E_m = Σ_k W[m, k]·P[k] (MelFilterbank), L_m = ln(max(E_m, 1e-10))
//   MFCC          c_j = s_j Σ_m L_m cos(πj(m + ½)/M), s_0 = √(1/M), s_j = √(2/M), j < C
//   deltas        d_t = Σ_{n=1,2} n(c_{t+n} − c_{t−n}) / 10, indices clamped; ΔΔ the same on Δ; a row is [c, Δ, ΔΔ]
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
        int n = settings.FrameLength, hop = settings.Hop, nfft = settings.FftSize, bins = nfft / 2 + 1, m = settings.MelFilters;
        int frames = FrameCount(samples.Length, settings);
        int c = settings.Kind == AudioFeatureKind.Mfcc ? settings.Coefficients : m;
        int width = settings.Width;
        if ((long)frames * width > Array.MaxLength)
            throw new RecurrentException($"{frames:N0} frames of {width} features are more than one array can hold.");

        var emphasised = new double[Math.Max(samples.Length, n)]; // (max(len, N)) pre-emphasised, zero-padded to a frame
        emphasised[0] = samples[0];
        for (int i = 1; i < samples.Length; i++)
            emphasised[i] = samples[i] - settings.PreEmphasis * samples[i - 1];
        var window = new double[n];
        for (int i = 0; i < n; i++)
            window[i] = 0.54 - 0.46 * Math.Cos(2 * Math.PI * i / (n - 1));
        double[] filters = MelFilterbank.Weights(settings); // (M, nfft/2+1)
        double[] dct = settings.Kind == AudioFeatureKind.Mfcc ? DctBasis(c, m) : []; // (C, M)

        var fft = new Fft(nfft);
        var re = new double[nfft];
        var im = new double[nfft];
        var power = new double[bins];
        var logMel = new double[m];
        var statics = new double[frames * c]; // (T, C) MFCCs or (T, M) log mel energies
        for (int t = 0; t < frames; t++)
        {
            Array.Clear(re);
            Array.Clear(im);
            for (int i = 0; i < n; i++)
                re[i] = emphasised[t * hop + i] * window[i];
            fft.Forward(re, im);
            for (int k = 0; k < bins; k++)
                power[k] = (re[k] * re[k] + im[k] * im[k]) / nfft;
            for (int j = 0; j < m; j++)
            {
                double energy = 0;
                for (int k = 0; k < bins; k++)
                    energy += filters[j * bins + k] * power[k];
                logMel[j] = Math.Log(Math.Max(energy, LogFloor));
            }
            var row = statics.AsSpan(t * c, c);
            if (settings.Kind == AudioFeatureKind.LogMel)
                logMel.CopyTo(row);
            else
                for (int j = 0; j < c; j++)
                {
                    double sum = 0;
                    for (int i = 0; i < m; i++)
                        sum += dct[j * m + i] * logMel[i];
                    row[j] = sum;
                }
        }

        var features = new float[frames * width];
        int blocks = settings.Deltas ? 3 : 1;
        Place(statics, features, frames, c, 0, blocks);
        if (settings.Deltas)
        {
            double[] delta = Deltas(statics, frames, c);
            Place(delta, features, frames, c, 1, blocks);
            Place(Deltas(delta, frames, c), features, frames, c, 2, blocks);
        }
        return features;
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

    private static double[] DctBasis(int c, int m) // (C, M) orthonormal DCT-II rows
    {
        var basis = new double[c * m];
        for (int j = 0; j < c; j++)
            for (int i = 0; i < m; i++)
                basis[j * m + i] = Math.Sqrt((j == 0 ? 1.0 : 2.0) / m) * Math.Cos(Math.PI * j * (i + 0.5) / m);
        return basis;
    }

    private static double[] Deltas(double[] values, int frames, int c) // (T, C) regression over ±2 frames
    {
        var delta = new double[frames * c];
        for (int t = 0; t < frames; t++)
            for (int j = 0; j < c; j++)
            {
                double sum = 0;
                for (int k = 1; k <= 2; k++)
                    sum += k * (values[Math.Min(t + k, frames - 1) * c + j] - values[Math.Max(t - k, 0) * c + j]);
                delta[t * c + j] = sum / 10;
            }
        return delta;
    }

    private static void Place(double[] block, float[] features, int frames, int c, int index, int blocks)
    {
        for (int t = 0; t < frames; t++)
            for (int j = 0; j < c; j++)
                features[(t * blocks + index) * c + j] = (float)block[t * c + j];
    }
}
