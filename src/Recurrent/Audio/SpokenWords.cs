// Recordings of spoken words for a classifier: every WAV file of a folder named {label}_{speaker}_{n}.wav (the Free
// Spoken Digit Dataset's layout), or of a folder per label holding {speaker}_{n}.wav, read, resampled to the features'
// rate, turned into feature rows (AudioFeatures) and normalised per utterance or per speaker (by the statistics of all
// the speaker's words in the folder: their audio only, never their labels), with each one's label and speaker.
// A model must be judged on speakers it never heard, so the set splits by speaker, never at random: a random split
// lets a model learn the voices.
using System.Globalization;

namespace Recurrent.Audio;

/// <summary>Labelled, speaker-tagged feature sequences of a folder of WAV files.</summary>
public sealed class SpokenWords
{
    private SpokenWords(string source, AudioFeatureSettings settings, List<(string File, string Label, string Speaker, float[] Samples, double[] Features)> words,
        Dictionary<string, FeatureStatistics> speakerStatistics)
    {
        SpeakerStatistics = speakerStatistics;
        Source = source;
        Settings = settings;
        Files = [.. words.Select(w => w.File)];
        Labels = [.. words.Select(w => w.Label)];
        Speakers = [.. words.Select(w => w.Speaker)];
        Samples = [.. words.Select(w => w.Samples)];
        Sequences = [.. words.Select(w => w.Features)];
    }

    /// <summary>What messages call the folder.</summary>
    public string Source { get; }

    /// <summary>How the features were computed (their width is <see cref="AudioFeatureSettings.Width"/>).</summary>
    public AudioFeatureSettings Settings { get; }

    /// <summary>Each word's file, in ordinal order of the paths.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Each word's label.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Each word's speaker.</summary>
    public IReadOnlyList<string> Speakers { get; }

    /// <summary>Each word's samples, mono, at the settings' rate, trimmed as they say (what augmentation changes before computing features afresh).</summary>
    public IReadOnlyList<float[]> Samples { get; }

    /// <summary>Each word's feature rows, frames × <see cref="AudioFeatureSettings.Width"/>, normalised per utterance or per speaker as the settings say.</summary>
    public IReadOnlyList<double[]> Sequences { get; }

    /// <summary>
    /// With <see cref="FeatureNormalization.Speaker"/>, each speaker's statistics over the features of all their words in
    /// the folder (which normalised them); empty with per-utterance normalisation.
    /// </summary>
    public IReadOnlyDictionary<string, FeatureStatistics> SpeakerStatistics { get; }

    /// <summary>The statistics that normalise word <paramref name="word"/>: its speaker's, or null when each word is normalised by its own.</summary>
    public FeatureStatistics? StatisticsOf(int word) => SpeakerStatistics.GetValueOrDefault(Speakers[word]);

    /// <summary>The speakers, in ordinal order.</summary>
    public IReadOnlyList<string> SpeakerNames => [.. Speakers.Distinct().Order(StringComparer.Ordinal)];

    /// <summary>
    /// The words of <paramref name="folder"/>: its files {label}_{speaker}_{n}.wav, or, when it holds folders, each
    /// folder's name the label of its files {speaker}_{n}.wav; features by <paramref name="settings"/> (each file
    /// resampled to their rate), normalised per utterance, or by each speaker's statistics over all their words
    /// (<see cref="FeatureNormalization.Speaker"/>).
    /// </summary>
    /// <exception cref="RecurrentException">The folder is missing or holds no WAV file, a file name does not say its label and speaker, or a file is not a readable WAV.</exception>
    public static SpokenWords Read(string folder, AudioFeatureSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validated();
        if (!Directory.Exists(folder))
            throw new RecurrentException(File.Exists(folder) ? $"'{folder}' is a file; give a folder of WAV files." : $"The folder '{folder}' does not exist.");
        string[] subfolders = [.. Directory.GetDirectories(folder).Order(StringComparer.Ordinal)];
        var named = new List<(string File, string Label, string Speaker)>();
        if (subfolders.Length > 0)
            foreach (string sub in subfolders)
                foreach (string file in WavFiles(sub))
                    named.Add((file, Path.GetFileName(sub), NameParts(file, 2)[0]));
        else
            foreach (string file in WavFiles(folder))
            {
                string[] parts = NameParts(file, 3);
                named.Add((file, parts[0], parts[1]));
            }
        if (named.Count == 0)
            throw new RecurrentException($"The folder '{folder}' holds no .wav file.");
        var read = new List<(string File, string Label, string Speaker, float[] Samples, float[] Raw)>(named.Count);
        foreach (var (file, label, speaker) in named)
        {
            var audio = WavAudio.Read(file).Resampled(settings.SampleRate);
            float[] samples = AudioFeatures.Trimmed(audio.Samples, settings).ToArray();
            read.Add((file, label, speaker, samples, AudioFeatures.Compute(samples, settings))); // trimmed once, as OfWord does
        }
        var statistics = new Dictionary<string, FeatureStatistics>(StringComparer.Ordinal);
        if (settings.Normalization == FeatureNormalization.Speaker)
            foreach (var speaker in read.GroupBy(w => w.Speaker))
                statistics[speaker.Key] = FeatureStatistics.Of(speaker.Select(w => w.Raw), settings.Width);
        var words = new List<(string, string, string, float[], double[])>(read.Count);
        foreach (var (file, label, speaker, samples, raw) in read)
        {
            AudioFeatures.Normalize(raw, settings.Width, statistics.GetValueOrDefault(speaker));
            words.Add((file, label, speaker, samples, Array.ConvertAll(raw, value => (double)value)));
        }
        return new SpokenWords($"'{folder}'", settings, words, statistics);
    }

    /// <summary>The indices of the words of <paramref name="heldOut"/>'s speakers (the test part) and of the others (training).</summary>
    /// <exception cref="RecurrentException">A held-out speaker has no word, or no speaker is left to train on.</exception>
    public (int[] Training, int[] Test) SplitBySpeaker(IReadOnlyCollection<string> heldOut)
    {
        var known = SpeakerNames;
        if (heldOut.FirstOrDefault(s => !known.Contains(s)) is { } unknown)
            throw new RecurrentException($"{Source} has no speaker '{unknown}'; its speakers are {string.Join(", ", known)}.");
        int[] test = [.. Enumerable.Range(0, Speakers.Count).Where(n => heldOut.Contains(Speakers[n]))];
        int[] training = [.. Enumerable.Range(0, Speakers.Count).Where(n => !heldOut.Contains(Speakers[n]))];
        if (training.Length == 0)
            throw new RecurrentException($"Holding out {string.Join(", ", heldOut)} leaves no speaker to train on.");
        return (training, test);
    }

    private static IEnumerable<string> WavFiles(string folder) =>
        Directory.GetFiles(folder).Where(f => f.EndsWith(".wav", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal);

    /// <summary>The name's parts split by '_': exactly <paramref name="count"/>, none empty, the last a whole number.</summary>
    private static string[] NameParts(string file, int count)
    {
        string[] parts = Path.GetFileNameWithoutExtension(file).Split('_');
        if (parts.Length != count || parts.Any(p => p.Length == 0) || !int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            throw new RecurrentException(count == 3
                ? $"'{file}': a word's file is named label_speaker_n.wav (as 7_george_12.wav), or it sits in a folder named for its label."
                : $"'{file}': in a folder named for its label, a word's file is named speaker_n.wav (as george_12.wav).");
        return parts;
    }
}
