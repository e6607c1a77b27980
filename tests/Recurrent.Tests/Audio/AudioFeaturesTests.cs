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

    private static float[] Chirp(int count)
    {
        var rng = new Recurrent.Numerics.Rng(4);
        return [.. Enumerable.Range(0, count).Select(i => (float)(0.4 * Math.Sin(2 * Math.PI * (200 + 0.3 * i) * i / 8000) + 0.01 * (rng.NextDouble() - 0.5)))];
    }

    [Fact]
    public void A_tempo_stretches_the_static_rows_in_time_before_the_deltas()
    {
        var settings = AudioFeatureSettings.For(8000);
        float[] samples = Chirp(3000);
        float[] plain = AudioFeatures.Compute(samples, settings);
        int frames = plain.Length / 39, width = 39;
        var extractor = new FeatureExtractor(settings);
        var same = new float[plain.Length];
        Assert.Equal(frames, extractor.Compute(samples, same, tempo: 1));
        Assert.Equal(plain, same);
        Assert.Equal(2 * frames, FeatureExtractor.FramesAtTempo(frames, 0.5));
        var slow = new float[2 * frames * width];
        Assert.Equal(2 * frames, extractor.Compute(samples, slow, tempo: 0.5));
        for (int t = 0; t < frames; t++) // row 2t is the word's row t (time t·0.5 falls on it), the coefficients exactly
            Assert.Equal(plain.AsSpan(t * width, 13).ToArray(), slow.AsSpan(2 * t * width, 13).ToArray());
        for (int t = 0; t + 1 < frames; t++) // odd rows halfway between
            Assert.Equal(0.5 * (plain[t * width] + plain[(t + 1) * width]), slow[(2 * t + 1) * width], 3);
        Assert.Equal(FeatureExtractor.FramesAtTempo(frames, 1.25), extractor.Compute(samples, new float[frames * width], tempo: 1.25));
    }

    [Fact]
    public void A_floor_keeps_every_mel_energy_within_its_range_of_the_loudest()
    {
        var settings = AudioFeatureSettings.For(8000) with { Kind = AudioFeatureKind.LogMel, Deltas = false };
        float[] samples = Chirp(3000);
        samples.AsSpan(0, 800).Clear(); // digital silence: the log floor, far below the rest
        float[] plain = AudioFeatures.Compute(samples, settings), floored = AudioFeatures.Compute(samples, settings with { FloorDb = 40 });
        double floor = plain.Max() - 40 * Math.Log(10) / 10;
        for (int k = 0; k < plain.Length; k++)
            Assert.Equal(Math.Max(plain[k], floor), floored[k], 4);
        Assert.Contains(plain, v => v < floor);
        Assert.Equal(AudioFeatures.Compute(samples, settings), AudioFeatures.Compute(samples, settings with { FloorDb = 0 }));
        Assert.Contains("floorDb must be 0 (off) to 1000", Assert.Throws<RecurrentException>(() => (settings with { FloorDb = -1 }).Validated()).Message);
        Assert.EndsWith(", floor -40 dB", (settings with { FloorDb = 40 }).ToString());
    }
}
