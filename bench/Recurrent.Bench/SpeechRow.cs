// One measured line of the speech workload: a model at a thread count, every timed word's latency summarised.
namespace Recurrent.Bench;

/// <param name="Predict">Classifier.PredictWav itself, end to end.</param>
/// <param name="Features">The same steps written out, first part: read the WAV, resample, AudioFeatures.OfWord (trim, Compute, Normalize), to doubles.</param>
/// <param name="Network">Second part: Classifier.Probabilities of those features and the ranking.</param>
/// <param name="AllocatedKiB">Mean bytes allocated on the calling thread by one PredictWav, in KiB.</param>
/// <param name="FeaturesKiB">The part of them the written-out reading + features allocated (the rest is the network's).</param>
/// <param name="MeanFrames">The timed words' mean length in feature frames (10 ms each).</param>
/// <param name="Load">The machine's 1-minute load average after the row.</param>
internal sealed record SpeechRow(
    SpeechModel Model, int Threads, int ThreadsUsed, int Words, LatencySummary Predict, LatencySummary Features, LatencySummary Network,
    double AllocatedKiB, double FeaturesKiB, double MeanFrames, double Load)
{
    /// <summary>Issue 15: "prediction of one word in under 20 ms", judged here at the 95th percentile.</summary>
    public const double TargetMs = 20;

    public bool Met => Predict.P95 < TargetMs;
}
