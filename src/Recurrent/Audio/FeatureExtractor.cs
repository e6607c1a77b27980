// The computation of AudioFeatures.Compute with everything that depends only on the settings made once (window, mel
// filters, DCT basis, FFT tables) and the working buffers kept: augmentation computes the features of every word of
// every training batch afresh, so a word's features must cost a few FFTs, not a filterbank and a dozen arrays.
// The arithmetic is the formulas of AudioFeatures in the same order, so both give the same bits; a mel filter sums
// only the bins where its weight is not zero (adding 0·P[k] changes no sum).
namespace Recurrent.Audio;

/// <summary>Computes MFCC or log mel features by one set of settings, reusing its buffers (one thread at a time).</summary>
internal sealed class FeatureExtractor
{
    private readonly AudioFeatureSettings _settings;
    private readonly double[] _window;  // (N) Hamming
    private readonly double[] _filters; // (M, nfft/2+1)
    private readonly int[] _firstBin, _lastBin; // (M) each filter's non-zero bins
    private readonly double[] _dct;     // (C, M) orthonormal DCT-II rows; empty for log mel
    private readonly Fft _fft;
    private readonly double[] _re, _im, _power;
    private double[] _emphasised = [], _logMels = [], _statics = [], _stretched = [], _delta = [], _deltaDelta = [];

    public FeatureExtractor(AudioFeatureSettings settings)
    {
        _settings = settings.Validated();
        int n = settings.FrameLength, nfft = settings.FftSize, bins = nfft / 2 + 1, m = settings.MelFilters;
        Channels = settings.Channels;
        _window = new double[n];
        for (int i = 0; i < n; i++)
            _window[i] = 0.54 - 0.46 * Math.Cos(2 * Math.PI * i / (n - 1));
        _filters = MelFilterbank.Weights(settings);
        _firstBin = new int[m];
        _lastBin = new int[m];
        for (int j = 0; j < m; j++)
        {
            int first = 0, last = -1;
            while (first < bins && _filters[j * bins + first] == 0)
                first++;
            for (int k = first; k < bins; k++)
                if (_filters[j * bins + k] != 0)
                    last = k;
            (_firstBin[j], _lastBin[j]) = (first, last);
        }
        _dct = settings.Kind == AudioFeatureKind.Mfcc ? DctBasis(Channels, m) : [];
        _fft = new Fft(nfft);
        _re = new double[nfft];
        _im = new double[nfft];
        _power = new double[bins];
    }

    /// <summary>Sizes the buffers for words of up to <paramref name="samples"/> samples and <paramref name="frames"/> frames (at any tempo), so that computing them allocates nothing.</summary>
    public void Reserve(int samples, int frames)
    {
        int analysed = AudioFeatures.FrameCount(samples, _settings);
        Grown(ref _emphasised, Math.Max(samples, _settings.FrameLength));
        Grown(ref _logMels, analysed * _settings.MelFilters);
        Grown(ref _statics, analysed * Channels);
        Grown(ref _stretched, frames * Channels);
        Grown(ref _delta, frames * Channels);
        Grown(ref _deltaDelta, frames * Channels);
    }

    /// <summary>C, the static values of a frame: the cepstral coefficients (MFCC) or the mel energies (log mel).</summary>
    public int Channels { get; }

    /// <summary>The frames of a word of <paramref name="frames"/> frames played at <paramref name="tempo"/>: max(1, round(T / tempo)).</summary>
    public static int FramesAtTempo(int frames, double tempo) => tempo == 1 ? frames : Math.Max(1, (int)Math.Round(frames / tempo));

    /// <summary>
    /// Writes the (T, F) features of <paramref name="samples"/> into the start of <paramref name="features"/>, which must
    /// hold T · F values, and returns T: <see cref="AudioFeatures.FrameCount"/>, or with a <paramref name="tempo"/> other
    /// than 1 (augmentation: the word's duration changed, its pitch and spectra not) <see cref="FramesAtTempo"/> of it,
    /// the static rows interpolated linearly at times t · tempo before the deltas. The samples must be finite and not empty.
    /// </summary>
    public int Compute(ReadOnlySpan<float> samples, Span<float> features, double tempo = 1)
    {
        var settings = _settings;
        int n = settings.FrameLength, hop = settings.Hop, bins = settings.FftSize / 2 + 1, m = settings.MelFilters, c = Channels;
        int analysed = AudioFeatures.FrameCount(samples.Length, settings), frames = FramesAtTempo(analysed, tempo);
        int blocks = settings.Deltas ? 3 : 1;
        if (features.Length < frames * c * blocks)
            throw new ArgumentException($"{frames} frames need {frames * c * blocks} values, not {features.Length}.", nameof(features));

        var emphasised = Grown(ref _emphasised, Math.Max(samples.Length, n)); // (max(len, N)) pre-emphasised, zero-padded to a frame
        emphasised[0] = samples[0];
        for (int i = 1; i < samples.Length; i++)
            emphasised[i] = samples[i] - settings.PreEmphasis * samples[i - 1];
        emphasised[samples.Length..].Clear();
        var logMels = Grown(ref _logMels, analysed * m); // (T, M)
        for (int t = 0; t < analysed; t++)
        {
            Array.Clear(_re);
            Array.Clear(_im);
            for (int i = 0; i < n; i++)
                _re[i] = emphasised[t * hop + i] * _window[i];
            _fft.Forward(_re, _im);
            for (int k = 0; k < bins; k++)
                _power[k] = (_re[k] * _re[k] + _im[k] * _im[k]) / settings.FftSize;
            for (int j = 0; j < m; j++)
            {
                double energy = 0;
                for (int k = _firstBin[j]; k <= _lastBin[j]; k++)
                    energy += _filters[j * bins + k] * _power[k];
                logMels[t * m + j] = Math.Log(Math.Max(energy, AudioFeatures.LogFloor));
            }
        }
        if (settings.FloorDb > 0)
        {
            // One floor for the whole word, FloorDb below its loudest mel energy: silence, a noise floor and digital
            // zeros all read the same whatever the microphone (as librosa's power_to_db with top_db).
            double floor = Largest(logMels) - settings.FloorDb * Math.Log(10) / 10;
            for (int i = 0; i < logMels.Length; i++)
                logMels[i] = Math.Max(logMels[i], floor);
        }
        var statics = Grown(ref _statics, analysed * c); // (T, C) MFCCs or (T, M) log mel energies
        for (int t = 0; t < analysed; t++)
        {
            var logMel = logMels.Slice(t * m, m);
            var row = statics.Slice(t * c, c);
            if (settings.Kind == AudioFeatureKind.LogMel)
                logMel.CopyTo(row);
            else
                for (int j = 0; j < c; j++)
                {
                    double sum = 0;
                    for (int i = 0; i < m; i++)
                        sum += _dct[j * m + i] * logMel[i];
                    row[j] = sum;
                }
        }

        if (frames != analysed)
            statics = Stretched(statics, analysed, frames, tempo, c);
        Place(statics, features, frames, c, 0, blocks);
        if (settings.Deltas)
        {
            var delta = Grown(ref _delta, frames * c);
            var deltaDelta = Grown(ref _deltaDelta, frames * c);
            Deltas(statics, delta, frames, c);
            Deltas(delta, deltaDelta, frames, c);
            Place(delta, features, frames, c, 1, blocks);
            Place(deltaDelta, features, frames, c, 2, blocks);
        }
        return frames;
    }

    /// <summary>(frames, C) rows at times t · tempo of the (analysed, C) rows, linearly interpolated (the last row past the end).</summary>
    private Span<double> Stretched(ReadOnlySpan<double> rows, int analysed, int frames, double tempo, int c)
    {
        var stretched = Grown(ref _stretched, frames * c);
        for (int t = 0; t < frames; t++)
        {
            double position = Math.Min(t * tempo, analysed - 1);
            int before = (int)position, after = Math.Min(before + 1, analysed - 1);
            double fraction = position - before;
            for (int j = 0; j < c; j++)
                stretched[t * c + j] = rows[before * c + j] + fraction * (rows[after * c + j] - rows[before * c + j]);
        }
        return stretched;
    }

    private static double Largest(ReadOnlySpan<double> values)
    {
        double max = double.NegativeInfinity;
        foreach (double value in values)
            max = Math.Max(max, value);
        return max;
    }

    private static Span<double> Grown(ref double[] buffer, int length)
    {
        if (buffer.Length < length)
            buffer = new double[Math.Max(length, buffer.Length * 2)];
        return buffer.AsSpan(0, length);
    }

    private static double[] DctBasis(int c, int m)
    {
        var basis = new double[c * m];
        for (int j = 0; j < c; j++)
            for (int i = 0; i < m; i++)
                basis[j * m + i] = Math.Sqrt((j == 0 ? 1.0 : 2.0) / m) * Math.Cos(Math.PI * j * (i + 0.5) / m);
        return basis;
    }

    private static void Deltas(ReadOnlySpan<double> values, Span<double> delta, int frames, int c) // (T, C) regression over ±2 frames
    {
        for (int t = 0; t < frames; t++)
            for (int j = 0; j < c; j++)
            {
                double sum = 0;
                for (int k = 1; k <= 2; k++)
                    sum += k * (values[Math.Min(t + k, frames - 1) * c + j] - values[Math.Max(t - k, 0) * c + j]);
                delta[t * c + j] = sum / 10;
            }
    }

    private static void Place(ReadOnlySpan<double> block, Span<float> features, int frames, int c, int index, int blocks)
    {
        for (int t = 0; t < frames; t++)
            for (int j = 0; j < c; j++)
                features[(t * blocks + index) * c + j] = (float)block[t * c + j];
    }
}
