// A WAV file's bytes built by hand for tests: a RIFF/WAVE header, a 16-byte (or extensible) fmt chunk and a data
// chunk, each size overridable so that a test can make one of them wrong.
namespace Recurrent.Tests.Audio;

internal static class WavBytes
{
    public static byte[] Make(short encoding, short channels, int rate, short bits, byte[] data,
        int? dataSize = null, int? riffSize = null, int? fmtSize = null, short? blockAlign = null)
    {
        var stream = new MemoryStream();
        var w = new BinaryWriter(stream);
        short align = blockAlign ?? (short)(channels * bits / 8);
        w.Write("RIFF"u8);
        w.Write(riffSize ?? 36 + data.Length);
        w.Write("WAVE"u8);
        w.Write("fmt "u8);
        w.Write(fmtSize ?? 16);
        w.Write(encoding);
        w.Write(channels);
        w.Write(rate);
        w.Write(rate * align);
        w.Write(align);
        w.Write(bits);
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
}
