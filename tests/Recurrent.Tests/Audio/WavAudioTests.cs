// WavAudio: every encoding it reads gives the same samples, in the plain format and in WAVE_FORMAT_EXTENSIBLE, channels
// are mixed down by their mean, resampling keeps a tone's shape, and each bad file is refused with one line that names it.
using Recurrent.Audio;
using Recurrent.Tests.IO;

namespace Recurrent.Tests.Audio;

public sealed class WavAudioTests
{
    private static WavAudio ReadBytes(byte[] bytes)
    {
        using var folder = new TempDirectory();
        string path = folder.File("a.wav");
        File.WriteAllBytes(path, bytes);
        return WavAudio.Read(path);
    }

    private static string Refusal(byte[] bytes)
    {
        using var folder = new TempDirectory();
        string path = folder.File("a.wav");
        File.WriteAllBytes(path, bytes);
        string message = Assert.Throws<RecurrentException>(() => WavAudio.Read(path)).Message;
        Assert.DoesNotContain('\n', message);
        Assert.Contains($"'{path}'", message);
        return message.Replace(path, "F");
    }

    [Fact]
    public void Every_supported_encoding_reads_the_same_half_scale_samples()
    {
        float[] expected = [0.5f, -0.5f];
        Assert.Equal(expected, ReadBytes(WavBytes.Make(1, 1, 8000, 16, WavBytes.Pcm16(16384, -16384))).Samples);
        Assert.Equal(expected, ReadBytes(WavBytes.Make(1, 1, 8000, 8, [192, 64])).Samples);
        Assert.Equal(expected, ReadBytes(WavBytes.Make(1, 1, 8000, 24, [0, 0, 0x40, 0, 0, 0xC0])).Samples);
        Assert.Equal(expected, ReadBytes(WavBytes.Make(1, 1, 8000, 32, [0, 0, 0, 0x40, 0, 0, 0, 0xC0])).Samples);
        Assert.Equal(expected, ReadBytes(WavBytes.Make(3, 1, 8000, 32, [.. BitConverter.GetBytes(0.5f), .. BitConverter.GetBytes(-0.5f)])).Samples);
        Assert.Equal(expected, ReadBytes(WavBytes.Make(3, 1, 8000, 64, [.. BitConverter.GetBytes(0.5), .. BitConverter.GetBytes(-0.5)])).Samples);
    }

    [Fact]
    public void Channels_are_mixed_down_by_their_mean()
    {
        var audio = ReadBytes(WavBytes.Make(1, 2, 22050, 16, WavBytes.Pcm16(16384, 0, -8192, -8192, 0, 8192)));
        Assert.Equal([0.25f, -0.25f, 0.125f], audio.Samples);
        Assert.Equal(22050, audio.SampleRate);
        Assert.Equal(2, audio.Channels);
    }

    [Theory]
    [InlineData(8000, 16000)]
    [InlineData(16000, 8000)]
    [InlineData(8000, 11025)]
    [InlineData(44100, 16000)]
    public void Resampling_keeps_a_tone_in_place(int from, int to)
    {
        const double hz = 440;
        float[] tone = [.. Enumerable.Range(0, from / 2).Select(i => (float)(0.5 * Math.Sin(2 * Math.PI * hz * i / from)))];
        var resampled = new WavAudio(tone, from).Resampled(to);
        Assert.Equal(to, resampled.SampleRate);
        Assert.Equal((int)Math.Round(from / 2.0 * to / from), resampled.Samples.Length);
        double worst = 0;
        for (int i = to / 20; i < resampled.Samples.Length - to / 20; i++) // away from the edges, where the signal stops
            worst = Math.Max(worst, Math.Abs(resampled.Samples[i] - 0.5 * Math.Sin(2 * Math.PI * hz * i / to)));
        Assert.True(worst < 1e-3, $"largest difference {worst}");
        Assert.Same(resampled, resampled.Resampled(to));
    }

    /// <summary>Why the extensible tests wait: WavAudio refuses every WAVE_FORMAT_EXTENSIBLE file, PCM and float included.</summary>
    [Fact]
    public void Extensible_pcm_24_bit_stereo_reads_as_its_plain_twin()
    {
        // Frames (0.5, 0.25), (-0.5, 0.125), (-1, 0.75 - 2^-23): the channels differ, so a channel read wrong shows.
        byte[] data = WavBytes.Pcm24(0x400000, 0x200000, -0x400000, 0x100000, -0x800000, 0x5FFFFF);
        var plain = ReadBytes(WavBytes.Make(1, 2, 8000, 24, data));
        var extensible = ReadBytes(WavBytes.Extensible(WavBytes.PcmSubtype, 2, 8000, 24, data));
        Assert.Equal([0.375f, -0.1875f, (-1f + 0x5FFFFF / 8388608f) / 2], plain.Samples);
        Assert.Equal(plain.Samples, extensible.Samples);
        Assert.Equal((8000, 2), (extensible.SampleRate, extensible.Channels));
    }

    [Fact]
    public void Extensible_ieee_float_32_bit_reads_as_its_plain_twin()
    {
        float[] samples = [0.1f, -0.7f, 1f, -1f, 3e-5f];
        var plain = ReadBytes(WavBytes.Make(3, 1, 16000, 32, WavBytes.Float32(samples)));
        var extensible = ReadBytes(WavBytes.Extensible(WavBytes.FloatSubtype, 1, 16000, 32, WavBytes.Float32(samples)));
        Assert.Equal(samples, plain.Samples);
        Assert.Equal(plain.Samples, extensible.Samples);
        Assert.Equal((16000, 1), (extensible.SampleRate, extensible.Channels));
    }

    [Fact]
    public void A_missing_file_and_a_folder_are_refused()
    {
        using var folder = new TempDirectory();
        string missing = folder.File("none.wav");
        Assert.Equal($"The WAV file '{missing}' does not exist.", Assert.Throws<RecurrentException>(() => WavAudio.Read(missing)).Message);
        Assert.Equal($"'{folder.Path}' is a folder, not a WAV file.", Assert.Throws<RecurrentException>(() => WavAudio.Read(folder.Path)).Message);
    }

    public static TheoryData<string, byte[], string> BadFiles()
    {
        byte[] good = WavBytes.Make(1, 1, 8000, 16, WavBytes.Pcm16(1, 2, 3, 4));
        return new()
        {
            { "empty", [], "'F' is not a WAV file: it does not start with 'RIFF'." },
            { "text", "hello, this is not audio"u8.ToArray(), "'F' is not a WAV file: it does not start with 'RIFF'." },
            { "another RIFF form", [.. "RIFF"u8, 4, 0, 0, 0, .. "AVI "u8], "'F' is a RIFF file but not a WAV file: its form is 'AVI ', not 'WAVE'." },
            { "header cut at 10 bytes", good[..10], "'F': the WAV header is truncated (the file has 10 bytes)." },
            { "header cut in the fmt chunk", good[..30], "'F': its 'fmt ' chunk claims 16 bytes but only 10 follow; the file is truncated or the chunk size is wrong." },
            { "header cut before the data chunk", good[..38], "'F' has no 'data' chunk in its 38 bytes; the file is truncated." },
            { "data size past the end", WavBytes.Make(1, 1, 8000, 16, WavBytes.Pcm16(1, 2), dataSize: 1000),
                "'F': its 'data' chunk claims 1,000 bytes but only 4 follow; the samples are cut short or the header is wrong." },
            { "fmt size past the end", WavBytes.Make(1, 1, 8000, 16, [], fmtSize: 100), "'F': its 'fmt ' chunk claims 100 bytes but only 24 follow; the file is truncated or the chunk size is wrong." },
            { "fmt too short", WavBytes.Make(1, 1, 8000, 16, WavBytes.Pcm16(1), fmtSize: 8), "'F': its 'fmt ' chunk has 8 bytes, fewer than the 16 a WAV format takes." },
            { "data not whole frames", WavBytes.Make(1, 1, 8000, 16, [1, 2, 3]), "'F': its data chunk has 3 bytes, not a whole number of 2-byte sample frames." },
            { "zero samples", WavBytes.Make(1, 1, 8000, 16, []), "'F' holds no samples: its data chunk is empty." },
            { "mu-law", WavBytes.Make(7, 1, 8000, 8, [1, 2, 3]), $"'F' is mu-law with 8 bits per sample; supported are {WavAudio.Supported}." },
            { "ADPCM", WavBytes.Make(2, 1, 8000, 4, [1, 2, 3, 4], blockAlign: 256), $"'F' is ADPCM with 4 bits per sample; supported are {WavAudio.Supported}." },
            { "12-bit PCM", WavBytes.Make(1, 1, 8000, 12, [1, 2, 3, 4], blockAlign: 2), $"'F' is PCM with 12 bits per sample; supported are {WavAudio.Supported}." },
            { "no channels", WavBytes.Make(1, 0, 8000, 16, [1, 2], blockAlign: 2), "'F': its format has 0 channels at 8000 Hz." },
            { "a zero sample rate", WavBytes.Make(1, 1, 0, 16, [1, 2]), "'F': its format has 1 channels at 0 Hz." },
            { "extensible A-law", WavBytes.Extensible(WavBytes.ALawSubtype, 1, 8000, 8, [1, 2, 3]),
                $"'F' is A-law (WAVE_FORMAT_EXTENSIBLE) with 8 bits per sample; supported are {WavAudio.Supported}." },
            { "a wrong block align", WavBytes.Make(1, 2, 8000, 16, [1, 2, 3, 4], blockAlign: 2),
                "'F': its format says 2 bytes per sample frame, but 2 channels of 16 bits take 4." },
        };
    }

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void Bad_files_are_refused_in_one_line(string what, byte[] bytes, string expected) =>
        Assert.True(Refusal(bytes) == expected, $"{what}: {Refusal(bytes)}");
}
