// A speaker's recordings, unlabelled, for models that normalise features per speaker: the statistics they need are
// those of the speaker's words as each model computes features, so they are computed per feature settings, once each
// (an ensemble may hold members that compute features differently).
namespace Recurrent.Audio;

/// <summary>WAV files of one speaker, and the statistics of their features under any settings (<see cref="FeatureStatistics.OfRecordings"/>), cached.</summary>
public sealed class SpeakerRecordings
{
    private readonly Dictionary<AudioFeatureSettings, FeatureStatistics> _statistics = [];

    /// <summary>The speaker's recordings <paramref name="wavFiles"/> (read when statistics are first asked for).</summary>
    /// <exception cref="RecurrentException">No file is given.</exception>
    public SpeakerRecordings(IEnumerable<string> wavFiles)
    {
        ArgumentNullException.ThrowIfNull(wavFiles);
        Files = [.. wavFiles];
        if (Files.Count == 0)
            throw new RecurrentException("A speaker's statistics need at least one recording.");
    }

    /// <summary>The recordings.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>The statistics of the recordings' features as <paramref name="settings"/> compute them (before any normalisation).</summary>
    /// <exception cref="RecurrentException">A file is not a readable WAV.</exception>
    public FeatureStatistics StatisticsFor(AudioFeatureSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        lock (_statistics)
        {
            if (!_statistics.TryGetValue(settings, out var statistics))
                _statistics[settings] = statistics = FeatureStatistics.OfRecordings(Files, settings);
            return statistics;
        }
    }
}
