// A WAV file's bytes built by hand for tests: a RIFF/WAVE header, a 16-byte or a WAVE_FORMAT_EXTENSIBLE (40-byte) fmt
// chunk and a data chunk, each size overridable so that a test can make one of them wrong.
namespace Recurrent.Tests.Audio;

internal static class WavBytes
{
    /// <summary>The subformat GUIDs of WAVE_FORMAT_EXTENSIBLE (KSDATAFORMAT_SUBTYPE_*): the plain format tag in the first field.</summary>
    public static readonly Guid PcmSubtype = new("00000001-0000-0010-8000-00aa00389b71"),
        FloatSubtype = new("00000003-0000-0010-8000-00aa00389b71"),
        ALawSubtype = new("00000006-0000-0010-8000-00aa00389b71");

    /// <summary>A file whose fmt chunk is the plain 16 bytes with format tag <paramref name="encoding"/> (1 PCM, 3 IEEE float, ...).</summary>
    public static byte[] Make(short encoding, short channels, int rate, short bits, byte[] data,
        int? dataSize = null, int? riffSize = null, int? fmtSize = null, short? blockAlign = null) =>
        Write(encoding, channels, rate, bits, data, [], dataSize, riffSize, fmtSize, blockAlign);

    /// <summary>
    /// A WAVE_FORMAT_EXTENSIBLE file (tag 0xFFFE): the 16 bytes of <see cref="Make"/>, then cbSize 22, valid bits per
    /// sample (all of <paramref name="bits"/>), a channel mask of the first C speakers and <paramref name="subFormat"/>.
    /// </summary>
    public static byte[] Extensible(Guid subFormat, short channels, int rate, short bits, byte[] data)
    {
        var extension = new MemoryStream();
        var w = new BinaryWriter(extension);
        w.Write((short)22);
        w.Write(bits);
        w.Write((1 << channels) - 1);
        w.Write(subFormat.ToByteArray()); // the layout a GUID has in a file: first three fields little-endian
        return Write(unchecked((short)0xFFFE), channels, rate, bits, data, extension.ToArray());
    }

    private static byte[] Write(short encoding, short channels, int rate, short bits, byte[] data, byte[] extension,
        int? dataSize = null, int? riffSize = null, int? fmtSize = null, short? blockAlign = null)
    {
        var stream = new MemoryStream();
        var w = new BinaryWriter(stream);
        short align = blockAlign ?? (short)(channels * bits / 8);
        int fmtLength = 16 + extension.Length;
        w.Write("RIFF"u8);
        w.Write(riffSize ?? 4 + (8 + fmtLength) + (8 + data.Length));
        w.Write("WAVE"u8);
        w.Write("fmt "u8);
        w.Write(fmtSize ?? fmtLength);
        w.Write(encoding);
        w.Write(channels);
        w.Write(rate);
        w.Write(rate * align);
        w.Write(align);
        w.Write(bits);
        w.Write(extension);
        w.Write("data"u8);
        w.Write(dataSize ?? data.Length);
        w.Write(data);
        return stream.ToArray();
    }

    public static byte[] Pcm16(params short[] samples)
    {
        var data = new byte[samples.Length * 2];
        Buffer.BlockCopy(samples, 0, data, 0, data.Length);
        return data;
    }

    /// <summary>Little-endian 24-bit PCM: each sample's low three bytes.</summary>
    public static byte[] Pcm24(params int[] samples) => [.. samples.SelectMany(s => new[] { (byte)s, (byte)(s >> 8), (byte)(s >> 16) })];

    /// <summary>IEEE float 32-bit samples.</summary>
    public static byte[] Float32(params float[] samples) => [.. samples.SelectMany(BitConverter.GetBytes)];
}
