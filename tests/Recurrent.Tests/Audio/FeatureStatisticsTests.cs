// FeatureStatistics, the mean and deviation of each feature column over a speaker's words: the figures of a direct
// computation over all their frames, the rows it normalises at mean 0 and deviation 1 together, one word's own
// statistics giving AudioFeatures.Normalize's bits (per-utterance normalisation is the word as its own speaker), the
// statistics of WAV files those of their features, and refusals.
using Recurrent.Audio;
using Recurrent.Numerics;
using Recurrent.Tests.IO;

namespace Recurrent.Tests.Audio;

public sealed class FeatureStatisticsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static float[] Rows(int frames, int width, int seed, double offset)
    {
        var rng = new Rng((ulong)seed);
        return [.. Enumerable.Range(0, frames * width).Select(k => (float)(offset + (k % width) * 3 + (1 + k % width) * rng.NextNormal()))];
    }

    [Fact]
    public void The_statistics_are_those_of_every_frame_of_the_words_together()
    {
        const int width = 5;
        float[][] words = [Rows(7, width, 1, -20), Rows(3, width, 2, 4), Rows(11, width, 3, 0)];
        var statistics = FeatureStatistics.Of(words, width);
        Assert.Equal((width, 21L), (statistics.Width, statistics.Frames));
        for (int f = 0; f < width; f++)
        {
            double[] column = [.. words.SelectMany(w => Enumerable.Range(0, w.Length / width).Select(t => (double)w[t * width + f]))];
            double mean = column.Average();
            Assert.Equal(mean, statistics.Mean[f], 12);
            Assert.Equal(Math.Sqrt(column.Average(v => (v - mean) * (v - mean))), statistics.Deviation[f], 12);
        }
        float[][] normalised = [.. words.Select(w => (float[])w.Clone())];
        foreach (var word in normalised)
            statistics.Normalize(word);
        for (int f = 0; f < width; f++)
        {
            double[] column = [.. normalised.SelectMany(w => Enumerable.Range(0, w.Length / width).Select(t => (double)w[t * width + f]))];
            Assert.Equal(0, column.Average(), 5);
            Assert.Equal(1, Math.Sqrt(column.Average(v => v * v)), 5);
        }
        Assert.NotEqual(0, Enumerable.Range(0, 7).Average(t => (double)normalised[0][t * width])); // one word alone is not centred
    }

    [Fact]
    public void One_words_statistics_normalise_it_as_per_utterance_normalisation_does_bit_for_bit()
    {
        const int width = 39;
        float[] word = Rows(60, width, 7, -12);
        word[5] = word[5 + width] = word[5 + 2 * width] = 0; // columns constant over part of the word, and one constant throughout
        for (int t = 0; t < 60; t++)
            word[t * width + 38] = 2.5f;
        float[] expected = (float[])word.Clone();
        AudioFeatures.Normalize(expected, width);
        FeatureStatistics.Of([word], width).Normalize(word);
        Assert.Equal(expected, word);
    }

    [Fact]
    public void A_speakers_recordings_give_the_statistics_of_their_features()
    {
        var settings = AudioFeatureSettings.For(8000) with { TrimDb = 40 };
        string[] files = [.. new[] { 300.0, 700.0 }.Select((hz, n) =>
        {
            var samples = Enumerable.Range(0, 2400).Select(i => (short)(i < 400 ? 0 : 7000 * Math.Sin(2 * Math.PI * hz * i / 16000))).ToArray();
            string path = _dir.File($"w{n}.wav");
            File.WriteAllBytes(path, WavBytes.Make(1, 1, 16000, 16, WavBytes.Pcm16(samples))); // resampled to 8 kHz, the silence trimmed
            return path;
        })];
        var statistics = FeatureStatistics.OfRecordings(files, settings);
        float[][] features = [.. files.Select(f => AudioFeatures.Compute(AudioFeatures.Trimmed(WavAudio.Read(f).Resampled(8000).Samples, settings), settings))];
        var expected = FeatureStatistics.Of(features, settings.Width);
        Assert.Equal(expected.Mean, statistics.Mean);
        Assert.Equal(expected.Deviation, statistics.Deviation);
        Assert.Equal(expected.Frames, statistics.Frames);
    }

    [Fact]
    public void Words_without_frames_or_whole_rows_are_refused()
    {
        Assert.Contains("at least one frame", Assert.Throws<ArgumentException>(() => FeatureStatistics.Of([], 3)).Message);
        Assert.Contains("at least one frame", Assert.Throws<ArgumentException>(() => FeatureStatistics.Of([[]], 3)).Message);
        Assert.Contains("whole rows of 3", Assert.Throws<ArgumentException>(() => FeatureStatistics.Of([new float[4]], 3)).Message);
        var statistics = FeatureStatistics.Of([new float[6]], 3);
        Assert.Contains("not whole rows of 3", Assert.Throws<ArgumentException>(() => statistics.Normalize(new float[5])).Message);
        Assert.Contains("at least one recording", Assert.Throws<RecurrentException>(() => FeatureStatistics.OfRecordings([], AudioFeatureSettings.For(8000))).Message);
        Assert.Throws<ArgumentException>(() => AudioFeatures.OfWord(new float[400], AudioFeatureSettings.For(8000), statistics));
    }
}
