// The mean and deviation of each feature column over a set of words: a speaker's, for per-speaker normalisation
// (FeatureNormalization.Speaker). Computed in two passes in double (the mean, then the squared deviations from it), as
// AudioFeatures.Normalize does for one word, so that the statistics of a single word normalise it to the same bits.
namespace Recurrent.Audio;

/// <summary>Per-column mean and population deviation of the (T, F) feature rows of one or more words.</summary>
public sealed class FeatureStatistics
{
    private readonly double[] _mean, _scale; // (F) μ and 1 / max(σ, 1e-8)

    private FeatureStatistics(double[] mean, double[] deviation, long frames)
    {
        _mean = mean;
        Deviation = deviation;
        _scale = Array.ConvertAll(deviation, d => 1 / Math.Max(d, 1e-8));
        Frames = frames;
    }

    /// <summary>F, the columns.</summary>
    public int Width => _mean.Length;

    /// <summary>The frames the statistics were taken over.</summary>
    public long Frames { get; }

    /// <summary>Each column's mean.</summary>
    public IReadOnlyList<double> Mean => _mean;

    /// <summary>Each column's population standard deviation.</summary>
    public IReadOnlyList<double> Deviation { get; }

    /// <summary>The statistics over every frame of <paramref name="words"/>, each (T, F) rows of <paramref name="width"/> values.</summary>
    /// <exception cref="ArgumentException">No frame, or a word that is not whole rows.</exception>
    public static FeatureStatistics Of(IEnumerable<float[]> words, int width)
    {
        ArgumentNullException.ThrowIfNull(words);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        float[][] all = [.. words];
        if (all.Any(w => w.Length % width != 0))
            throw new ArgumentException($"A word's features are not whole rows of {width}.", nameof(words));
        long frames = all.Sum(w => (long)(w.Length / width));
        if (frames == 0)
            throw new ArgumentException("Statistics need at least one frame.", nameof(words));
        var mean = new double[width];
        var deviation = new double[width];
        for (int f = 0; f < width; f++)
        {
            double sum = 0;
            foreach (float[] word in all)
                for (int k = f; k < word.Length; k += width)
                    sum += word[k];
            double mu = sum / frames, squares = 0;
            foreach (float[] word in all)
                for (int k = f; k < word.Length; k += width)
                {
                    double d = word[k] - mu;
                    squares += d * d;
                }
            mean[f] = mu;
            deviation[f] = Math.Sqrt(squares / frames);
        }
        return new FeatureStatistics(mean, deviation, frames);
    }

    /// <summary>
    /// A speaker's statistics from their recordings (WAV files, unlabelled): each read, resampled to the settings' rate,
    /// trimmed and turned into features as <see cref="AudioFeatures.OfWord"/> does, before any normalisation.
    /// </summary>
    /// <exception cref="RecurrentException">No file, or a file that is not a readable WAV.</exception>
    public static FeatureStatistics OfRecordings(IEnumerable<string> wavFiles, AudioFeatureSettings settings)
    {
        ArgumentNullException.ThrowIfNull(wavFiles);
        ArgumentNullException.ThrowIfNull(settings);
        var words = new List<float[]>();
        foreach (string file in wavFiles)
        {
            var audio = WavAudio.Read(file).Resampled(settings.SampleRate);
            words.Add(AudioFeatures.Compute(AudioFeatures.Trimmed(audio.Samples, settings), settings));
        }
        if (words.Count == 0)
            throw new RecurrentException("A speaker's statistics need at least one recording.");
        return Of(words, settings.Width);
    }

    /// <summary>Each value of the (T, F) <paramref name="rows"/> becomes (x − μ) / max(σ, 1e-8) of its column, in place.</summary>
    /// <exception cref="ArgumentException">The rows are not whole rows of <see cref="Width"/>.</exception>
    public void Normalize(Span<float> rows)
    {
        int width = Width;
        if (rows.Length % width != 0)
            throw new ArgumentException($"{rows.Length} values are not whole rows of {width}.", nameof(rows));
        for (int k = 0; k < rows.Length; k++)
        {
            int f = k % width;
            rows[k] = (float)((rows[k] - _mean[f]) * _scale[f]);
        }
    }
}
