// A WAV file as mono float samples: NAudio.Core's WaveFileReader decodes PCM 8/16/24/32-bit and IEEE float 32/64-bit
// (managed code only, no native library, so it runs the same on Linux), channels are mixed down by their mean, and a
// windowed sinc converts to another rate (Resampler; NAudio's own shifts the signal in time). Every bad input is one
// RecurrentException line naming the file. Not a writer, and no other encodings (mu-law, A-law, ADPCM, MP3 in WAV are
// refused by name).
using NAudio.Wave;

namespace Recurrent.Audio;

/// <summary>Mono audio: samples in [-1, 1] at a sample rate.</summary>
public sealed class WavAudio
{
    /// <summary>The encodings read, as a refusal lists them.</summary>
    public const string Supported = "PCM 8, 16, 24 or 32-bit, or IEEE float 32 or 64-bit";

    /// <param name="samples">Mono samples, nominally in [-1, 1].</param>
    /// <param name="sampleRate">Samples per second, positive.</param>
    /// <param name="channels">The channels the source had before they were mixed down.</param>
    public WavAudio(float[] samples, int sampleRate, int channels = 1)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        Samples = samples;
        SampleRate = sampleRate;
        Channels = channels;
    }

    /// <summary>The mono samples (the mean of the source's channels).</summary>
    public float[] Samples { get; }

    /// <summary>Samples per second.</summary>
    public int SampleRate { get; }

    /// <summary>The channels of the source before mixing down.</summary>
    public int Channels { get; }

    /// <summary>The length in seconds.</summary>
    public double Seconds => (double)Samples.Length / SampleRate;

    /// <summary>Reads a WAV file and mixes its channels down to mono: x[t] = (1/C) Σ_c x_c[t].</summary>
    /// <exception cref="RecurrentException">
    /// The file is missing or a folder, is not a RIFF/WAVE file, has a truncated header, a chunk (data included) whose
    /// size runs past the end, a data size that is not whole sample frames, no samples, or an encoding other than
    /// <see cref="Supported"/>.
    /// </exception>
    public static WavAudio Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
            throw new RecurrentException($"'{path}' is a folder, not a WAV file.");
        if (!File.Exists(path))
            throw new RecurrentException($"The WAV file '{path}' does not exist.");
        try
        {
            using var stream = File.OpenRead(path);
            WavChunks.Check(stream, path);
            using var reader = new WaveFileReader(stream);
            var format = reader.WaveFormat;
            CheckFormat(format, path);
            if (reader.Length == 0)
                throw new RecurrentException($"'{path}' holds no samples: its data chunk is empty.");
            if (reader.Length % format.BlockAlign != 0)
                throw new RecurrentException(
                    $"'{path}': its data chunk has {reader.Length:N0} bytes, not a whole number of {format.BlockAlign}-byte sample frames.");
            long frames = reader.Length / format.BlockAlign;
            if (frames > Array.MaxLength)
                throw new RecurrentException($"'{path}' holds {frames:N0} samples per channel, more than one array can hold.");
            return new WavAudio(MixDown(reader.ToSampleProvider(), (int)frames, format.Channels), format.SampleRate, format.Channels);
        }
        catch (Exception e) when (e is IOException or FormatException or InvalidDataException or ArgumentException or InvalidOperationException)
        {
            throw new RecurrentException($"'{path}' is not a readable WAV file: {e.Message}", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new RecurrentException($"Cannot read the WAV file '{path}': {e.Message}", e);
        }
    }

    /// <summary>This audio at <paramref name="sampleRate"/>, by a Hann-windowed sinc (see Resampler); itself when the rate is the same.</summary>
    /// <returns>round(n · to / from) samples.</returns>
    public WavAudio Resampled(int sampleRate)
    {
        if (sampleRate <= 0)
            throw new RecurrentException($"A sample rate must be positive, not {sampleRate}.");
        if (sampleRate == SampleRate)
            return this;
        long count = (long)Math.Round((double)Samples.Length * sampleRate / SampleRate);
        if (count > Array.MaxLength)
            throw new RecurrentException($"Resampling {Samples.Length:N0} samples to {sampleRate} Hz would make {count:N0}, more than one array can hold.");
        var output = Resampler.Resample(Samples, SampleRate, sampleRate, (int)count);
        return new WavAudio(output, sampleRate, Channels);
    }

    private static void CheckFormat(WaveFormat format, string path)
    {
        if (format.Channels <= 0 || format.SampleRate <= 0)
            throw new RecurrentException($"'{path}': its format has {format.Channels} channels at {format.SampleRate} Hz.");
        var encoding = format.Encoding;
        bool extensible = encoding == WaveFormatEncoding.Extensible;
        if (extensible)
            encoding = SubFormat(format);
        bool supported = encoding switch
        {
            WaveFormatEncoding.Pcm => format.BitsPerSample is 8 or 16 or 24 or 32,
            WaveFormatEncoding.IeeeFloat => format.BitsPerSample is 32 or 64,
            _ => false,
        };
        if (!supported)
            throw new RecurrentException(
                $"'{path}' is {Name(encoding)}{(extensible ? " (WAVE_FORMAT_EXTENSIBLE)" : "")} with {format.BitsPerSample} bits per sample; supported are {Supported}.");
        if (format.BlockAlign != format.Channels * format.BitsPerSample / 8)
            throw new RecurrentException(
                $"'{path}': its format says {format.BlockAlign} bytes per sample frame, but {format.Channels} channels of {format.BitsPerSample} bits take {format.Channels * format.BitsPerSample / 8}.");
    }

    /// <summary>
    /// The encoding a WAVE_FORMAT_EXTENSIBLE header names in its SubFormat GUID (bytes 6-21 of the extension after cbSize:
    /// valid bits, channel mask, then the GUID, whose first two bytes are the plain format tag for the standard
    /// KSDATAFORMAT_SUBTYPE GUIDs). NAudio 3.3.0's WaveFileReader gives such a header as WaveFormatExtraData, never as
    /// WaveFormatExtensible, so the GUID is read from its bytes; anything else stays Extensible and is refused.
    /// </summary>
    private static WaveFormatEncoding SubFormat(WaveFormat format)
    {
        byte[] extra = format switch
        {
            WaveFormatExtraData data => data.ExtraData,
            _ => [],
        };
        if (extra.Length < 22)
            return WaveFormatEncoding.Extensible;
        var subFormat = new Guid(extra.AsSpan(6, 16));
        var tag = (WaveFormatEncoding)BitConverter.ToUInt16(extra, 6);
        var standard = new Guid((ushort)tag, 0x0000, 0x0010, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71);
        return subFormat == standard ? tag : WaveFormatEncoding.Extensible;
    }

    private static string Name(WaveFormatEncoding encoding) => encoding switch
    {
        WaveFormatEncoding.Pcm => "PCM",
        WaveFormatEncoding.IeeeFloat => "IEEE float",
        WaveFormatEncoding.MuLaw => "mu-law",
        WaveFormatEncoding.ALaw => "A-law",
        WaveFormatEncoding.Adpcm => "ADPCM",
        WaveFormatEncoding.ImaAdpcm => "IMA ADPCM",
        WaveFormatEncoding.MpegLayer3 => "MP3",
        _ => $"encoding {(int)encoding} ({encoding})",
    };

    private static float[] MixDown(ISampleProvider source, int frames, int channels)
    {
        var mono = new float[frames];
        var buffer = new float[4096 * channels];
        int frame = 0;
        while (frame < frames)
        {
            int got = source.Read(buffer.AsSpan(0, Math.Min(buffer.Length, (frames - frame) * channels)));
            if (got == 0)
                break;
            for (int i = 0; i + channels <= got; i += channels, frame++)
            {
                float sum = 0;
                for (int c = 0; c < channels; c++)
                    sum += buffer[i + c];
                mono[frame] = sum / channels;
            }
        }
        return frame == frames ? mono : mono[..frame];
    }
}
