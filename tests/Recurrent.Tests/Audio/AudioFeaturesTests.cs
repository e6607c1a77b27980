// AudioFeatures beyond the reference: the normalisation, refusals, and a real spoken digit (shared data, skipped
// where absent) read, resampled and turned into finite rows of the expected shape.
using Recurrent.Audio;
using Recurrent.Tests.Data;

namespace Recurrent.Tests.Audio;

public sealed class AudioFeaturesTests
{
    [Fact]
    public void Normalize_gives_each_column_mean_zero_and_deviation_one()
    {
        float[] rows = [1, 5, 10, 2, 5, 20, 3, 5, 30, 6, 5, 40]; // (4, 3), the middle column constant
        AudioFeatures.Normalize(rows, 3);
        for (int f = 0; f < 3; f++)
        {
            double[] column = [.. Enumerable.Range(0, 4).Select(t => (double)rows[t * 3 + f])];
            Assert.Equal(0, column.Average(), 6);
            Assert.Equal(f == 1 ? 0 : 1, Math.Sqrt(column.Select(v => v * v).Average()), 6);
        }
        Assert.Throws<ArgumentException>(() => AudioFeatures.Normalize(new float[5], 3));
    }

    [Fact]
    public void No_samples_and_a_non_finite_sample_are_refused()
    {
        var settings = AudioFeatureSettings.For(8000);
        Assert.Equal("There are no audio samples to compute features of.", Assert.Throws<RecurrentException>(() => AudioFeatures.Compute([], settings)).Message);
        Assert.Equal("Audio sample 1 is NaN, not a finite number.", Assert.Throws<RecurrentException>(() => AudioFeatures.Compute([0, float.NaN], settings)).Message);
    }

    [Fact]
    public void Silence_gives_the_log_floor()
    {
        var settings = AudioFeatureSettings.For(8000) with { Kind = AudioFeatureKind.LogMel, Deltas = false };
        float[] features = AudioFeatures.Compute(new float[1000], settings);
        Assert.Equal(AudioFeatures.FrameCount(1000, settings) * 40, features.Length);
        Assert.All(features, v => Assert.Equal((float)Math.Log(AudioFeatures.LogFloor), v));
    }

    [Fact]
    public void A_spoken_digit_gives_finite_rows_at_its_rate_and_resampled()
    {
        if (SharedData.SpokenDigits() is not string folder)
            return; // a clone without the shared data
        var audio = WavAudio.Read(Path.Combine(folder, "3_jackson_0.wav"));
        Assert.Equal((8000, 1), (audio.SampleRate, audio.Channels));
        Assert.InRange(audio.Seconds, 0.1, 2);
        foreach (int rate in new[] { 8000, 16000 })
        {
            var settings = AudioFeatureSettings.For(rate);
            var samples = audio.Resampled(rate).Samples;
            float[] features = AudioFeatures.Compute(samples, settings);
            int frames = AudioFeatures.FrameCount(samples.Length, settings);
            Assert.Equal(1 + (samples.Length - settings.FrameLength) / settings.Hop, frames);
            Assert.Equal(frames * 39, features.Length);
            Assert.All(features, v => Assert.True(float.IsFinite(v)));
            AudioFeatures.Normalize(features, settings.Width);
            Assert.All(features, v => Assert.True(float.IsFinite(v)));
        }
    }
}
