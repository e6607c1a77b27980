// The RIFF chunk structure of a WAV file, checked before NAudio reads it. NAudio's WaveFileReader decodes the samples,
// but (measured with NAudio.Core 3.3.0) it silently shortens a data chunk whose declared size runs past the end of the
// file and reports a truncated header as "Unable to read beyond the end of the stream"; this walk over the chunk
// headers (ids and sizes only, no sample or format decoding) turns each of those into one line naming the file.
using System.Buffers.Binary;
using System.Text;

namespace Recurrent.Audio;

internal static class WavChunks
{
    /// <summary>Checks the RIFF/WAVE header and that every chunk (fmt and data among them) lies inside the file.</summary>
    /// <exception cref="RecurrentException">Not a RIFF/WAVE file, a truncated header, a chunk past the end, or no fmt or data chunk.</exception>
    public static void Check(Stream stream, string path)
    {
        long length = stream.Length;
        Span<byte> header = stackalloc byte[12];
        int read = stream.ReadAtLeast(header, 12, throwOnEndOfStream: false);
        if (read < 4 || !header[..4].SequenceEqual("RIFF"u8))
            throw new RecurrentException($"'{path}' is not a WAV file: it does not start with 'RIFF'.");
        if (read < 12)
            throw new RecurrentException($"'{path}': the WAV header is truncated (the file has {length:N0} bytes).");
        if (!header[8..12].SequenceEqual("WAVE"u8))
            throw new RecurrentException($"'{path}' is a RIFF file but not a WAV file: its form is '{Id(header[8..12])}', not 'WAVE'.");
        bool format = false, data = false;
        long position = 12;
        Span<byte> chunk = stackalloc byte[8];
        while (length - position >= 8)
        {
            stream.Position = position;
            stream.ReadExactly(chunk);
            string id = Id(chunk[..4]);
            long size = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
            long left = length - position - 8;
            if (size > left)
            {
                string what = id == "data" ? "the samples are cut short or the header is wrong" : "the file is truncated or the chunk size is wrong";
                throw new RecurrentException($"'{path}': its '{id}' chunk claims {size:N0} bytes but only {left:N0} follow; {what}.");
            }
            if (id == "fmt ")
            {
                if (size < 16)
                    throw new RecurrentException($"'{path}': its 'fmt ' chunk has {size} bytes, fewer than the 16 a WAV format takes.");
                format = true;
            }
            else if (id == "data")
            {
                if (!format)
                    throw new RecurrentException($"'{path}': its 'data' chunk comes before any 'fmt ' chunk.");
                data = true;
            }
            position += 8 + size + (size & 1); // chunks are padded to an even size
        }
        if (!format)
            throw new RecurrentException($"'{path}': the WAV header is truncated, with no 'fmt ' chunk in its {length:N0} bytes.");
        if (!data)
            throw new RecurrentException($"'{path}' has no 'data' chunk in its {length:N0} bytes; the file is truncated.");
        stream.Position = 0;
    }

    private static string Id(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(4);
        foreach (byte b in bytes)
            text.Append(b is >= 0x20 and < 0x7F ? (char)b : '?');
        return text.ToString();
    }
}
