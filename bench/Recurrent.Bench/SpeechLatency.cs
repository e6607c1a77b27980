// Times one speech model on a list of WAV files, word after word, at one thread count. After an untimed warm-up, each
// word goes through Classifier.PredictWav itself (the end-to-end figure) and through the same steps written out in two
// timed parts: reading + features, then the network. Which of the two goes first alternates from word to word, so that
// neither profits from the other having just read the file; both must give the same ranking, bit for bit, or the
// written-out steps no longer are what PredictWav does and the run stops.
using System.Diagnostics;
using Recurrent.Audio;
using Recurrent.Classification;

namespace Recurrent.Bench;

internal static class SpeechLatency
{
    /// <summary>The words ranked per file, as `speech predict` shows them by default.</summary>
    public const int Top = 3;

    /// <summary>Untimed words before each row: enough calls for tiered JIT to settle on the hot paths.</summary>
    public const int WarmupWords = 200;

    /// <exception cref="InvalidOperationException">The written-out steps and PredictWav ranked a word differently.</exception>
    public static SpeechRow Measure(SpeechModel model, IReadOnlyList<string> files, int threads)
    {
        int used = RecurrentSide.ApplyThreads(threads);
        var classifier = model.Classifier;
        for (int n = 0; n < Math.Min(files.Count, WarmupWords); n++)
        {
            classifier.PredictWav(files[n], Top);
            Split(classifier, files[n], out _, out _, out _, out _);
        }

        var predict = new double[files.Count];
        var features = new double[files.Count];
        var network = new double[files.Count];
        long allocated = 0, featureBytes = 0, frames = 0;
        int differ = 0;
        for (int n = 0; n < files.Count; n++)
        {
            IReadOnlyList<ClassPrediction>? whole = null;
            if (n % 2 == 0)
                whole = TimedPredict(classifier, files[n], out predict[n], ref allocated);
            var split = Split(classifier, files[n], out features[n], out network[n], out int rows, out long bytes);
            if (n % 2 == 1)
                whole = TimedPredict(classifier, files[n], out predict[n], ref allocated);
            frames += rows;
            featureBytes += bytes;
            if (!whole!.SequenceEqual(split))
                differ++;
        }
        if (differ > 0)
            throw new InvalidOperationException(
                $"{model.Name}: the steps written out in SpeechLatency ranked {differ} of {files.Count} words otherwise than Classifier.PredictWav; " +
                "PredictWav has changed, and the split must follow it.");
        return new SpeechRow(model, threads, used, files.Count, LatencySummary.Of(predict), LatencySummary.Of(features), LatencySummary.Of(network),
            allocated / 1024.0 / files.Count, featureBytes / 1024.0 / files.Count, (double)frames / files.Count, LoadAverage.OneMinute());
    }

    private static IReadOnlyList<ClassPrediction> TimedPredict(Classifier classifier, string file, out double milliseconds, ref long allocated)
    {
        long bytes = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        var ranked = classifier.PredictWav(file, Top);
        milliseconds = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        allocated += GC.GetAllocatedBytesForCurrentThread() - bytes;
        return ranked;
    }

    /// <summary>
    /// Classifier.PredictWav's body, timed in two parts: up to the doubles the network reads, and from there;
    /// <paramref name="featureBytes"/> is what the first part allocated on this thread.
    /// </summary>
    private static IReadOnlyList<ClassPrediction> Split(Classifier classifier, string file, out double featureMs, out double networkMs, out int frames,
        out long featureBytes)
    {
        var settings = classifier.Audio!;
        long bytes = GC.GetAllocatedBytesForCurrentThread();
        long start = Stopwatch.GetTimestamp();
        var audio = WavAudio.Read(file).Resampled(settings.SampleRate);
        float[] features = AudioFeatures.OfWord(audio.Samples, settings);
        double[] input = Array.ConvertAll(features, value => (double)value);
        long middle = Stopwatch.GetTimestamp();
        featureBytes = GC.GetAllocatedBytesForCurrentThread() - bytes;
        var ranked = classifier.Ranked(classifier.Probabilities([input])[0], Top);
        long end = Stopwatch.GetTimestamp();
        featureMs = Stopwatch.GetElapsedTime(start, middle).TotalMilliseconds;
        networkMs = Stopwatch.GetElapsedTime(middle, end).TotalMilliseconds;
        frames = features.Length / settings.Width;
        return ranked;
    }
}
