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

    [Fact]
    public void Trimming_drops_the_quiet_frames_at_both_ends_and_only_there()
    {
        var settings = AudioFeatureSettings.For(8000) with { TrimDb = 40 }; // frames of 200 samples every 80
        var samples = new float[4000];
        for (int i = 1000; i < 3000; i++)
            samples[i] = (float)(0.5 * Math.Sin(2 * Math.PI * 440 * i / 8000));
        for (int i = 1900; i < 2100; i++)
            samples[i] = 0; // a pause inside the word stays
        samples[10] = 1e-4f; // far below -40 dB: still silence
        var trimmed = AudioFeatures.Trimmed(samples, settings);
        // The first loud frame is the first that reaches into the tone by enough: frame t covers [80t, 80t + 200).
        Assert.InRange(trimmed.Length, 2000, 2000 + 2 * 200);
        Assert.True(trimmed[0] == 0 && trimmed[^1] == 0); // a frame's edge, before the tone starts, after it ends
        Assert.True(trimmed.ToArray().Count(v => v != 0) >= 1790);
        Assert.Equal(trimmed.Length, AudioFeatures.Trimmed(trimmed, settings).Length); // trimming twice changes nothing
        Assert.Equal(4000, AudioFeatures.Trimmed(samples, settings with { TrimDb = 0 }).Length); // off
        Assert.Equal(4000, AudioFeatures.Trimmed(new float[4000], settings).Length); // silence throughout: kept
        Assert.Equal(AudioFeatures.Compute(trimmed, settings).Length, AudioFeatures.OfWord(samples, settings).Length);
        Assert.Contains("trimDb must be 0 (off) to 200", Assert.Throws<RecurrentException>(() => (settings with { TrimDb = -1 }).Validated()).Message);
    }

    [Fact]
    public void Settings_saved_before_trimming_read_with_it_off()
    {
        var json = AudioFeatureSettings.For(8000).ToJson();
        json.Remove("trimDb");
        Assert.Equal(0, AudioFeatureSettings.FromJson(json, "old").TrimDb);
        var trimmed = AudioFeatureSettings.For(8000) with { TrimDb = 35 };
        Assert.Equal(trimmed, AudioFeatureSettings.FromJson(trimmed.ToJson(), "new"));
        Assert.EndsWith(", silence trimmed at -35 dB", trimmed.ToString());
    }
}
