// Builds safetensors files byte by byte from a literal JSON header, independent of SafetensorsFile.Write,
// so reader tests can describe exactly the (possibly malformed) file they mean.
using System.Buffers.Binary;
using System.Text;

namespace Recurrent.Tests.IO;

/// <summary>Hand-assembled safetensors byte images for tests.</summary>
internal static class SafetensorsBytes
{
    /// <summary>u64 little-endian length of the UTF-8 <paramref name="json"/>, the JSON, then <paramref name="data"/>.</summary>
    public static byte[] Build(string json, params byte[] data) => Build(Encoding.UTF8.GetBytes(json), data);

    /// <summary>As <see cref="Build(string, byte[])"/> with raw header bytes (which may be invalid UTF-8).</summary>
    public static byte[] Build(byte[] header, byte[] data) =>
        [.. LengthPrefix((ulong)header.Length), .. header, .. data];

    /// <summary>The 8-byte little-endian header length field alone.</summary>
    public static byte[] LengthPrefix(ulong length)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, length);
        return bytes;
    }

    /// <summary>Little-endian bytes of the given doubles.</summary>
    public static byte[] F64(params double[] values)
    {
        var bytes = new byte[8 * values.Length];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(8 * i), values[i]);
        return bytes;
    }

    /// <summary>Little-endian bytes of the given floats.</summary>
    public static byte[] F32(params float[] values)
    {
        var bytes = new byte[4 * values.Length];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 * i), values[i]);
        return bytes;
    }

    /// <summary>Little-endian bytes of 16-bit patterns (BF16 or F16 bits).</summary>
    public static byte[] U16(params ushort[] values)
    {
        var bytes = new byte[2 * values.Length];
        for (int i = 0; i < values.Length; i++)
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * i), values[i]);
        return bytes;
    }
}
