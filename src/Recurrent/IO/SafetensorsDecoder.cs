// Little-endian bytes <-> floats for the dtypes in SafetensorsDType. Pure span functions with no I/O,
// so the reader and writer stay about files and these conversions can be tested on their own.
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Recurrent.IO;

/// <summary>Names, sizes and conversions of the safetensors element types this library reads.</summary>
internal static class SafetensorsDecoder
{
    /// <summary>The dtype names accepted in a header, for messages.</summary>
    internal const string SupportedNames = "F32, F64, F16, BF16, I8, I16";

    /// <summary>Maps a header dtype name (case-sensitive, as the format defines it) to a type.</summary>
    internal static bool TryParse(string name, out SafetensorsDType dtype)
    {
        switch (name)
        {
            case "F32": dtype = SafetensorsDType.F32; return true;
            case "F64": dtype = SafetensorsDType.F64; return true;
            case "F16": dtype = SafetensorsDType.F16; return true;
            case "BF16": dtype = SafetensorsDType.BF16; return true;
            case "I8": dtype = SafetensorsDType.I8; return true;
            case "I16": dtype = SafetensorsDType.I16; return true;
            default: dtype = default; return false;
        }
    }

    /// <summary>Bytes per element.</summary>
    internal static int SizeOf(SafetensorsDType dtype) => dtype switch
    {
        SafetensorsDType.F32 => 4,
        SafetensorsDType.F64 => 8,
        SafetensorsDType.F16 => 2,
        SafetensorsDType.BF16 => 2,
        SafetensorsDType.I8 => 1,
        SafetensorsDType.I16 => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "Unknown dtype."),
    };

    /// <summary>
    /// Converts <c>dst.Length</c> little-endian elements of <paramref name="dtype"/> from <paramref name="src"/>
    /// to floats. NaN payloads and signed zeros survive for F32 and BF16 because those are bit copies.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="src"/> does not hold exactly <c>dst.Length</c> elements.</exception>
    internal static void Decode(SafetensorsDType dtype, ReadOnlySpan<byte> src, Span<float> dst)
    {
        int size = SizeOf(dtype);
        if ((long)dst.Length * size != src.Length)
            throw new ArgumentException($"{src.Length} bytes do not hold {dst.Length} {dtype} elements.", nameof(src));
        switch (dtype)
        {
            case SafetensorsDType.F32:
                if (BitConverter.IsLittleEndian)
                {
                    src.CopyTo(MemoryMarshal.AsBytes(dst));
                }
                else
                {
                    for (int i = 0; i < dst.Length; i++)
                        dst[i] = BinaryPrimitives.ReadSingleLittleEndian(src.Slice(4 * i));
                }
                break;
            case SafetensorsDType.F64:
                for (int i = 0; i < dst.Length; i++)
                    dst[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(src.Slice(8 * i));
                break;
            case SafetensorsDType.F16:
                for (int i = 0; i < dst.Length; i++)
                    dst[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(src.Slice(2 * i));
                break;
            case SafetensorsDType.BF16:
                for (int i = 0; i < dst.Length; i++)
                    dst[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(src.Slice(2 * i)) << 16);
                break;
            case SafetensorsDType.I8:
                for (int i = 0; i < dst.Length; i++)
                    dst[i] = (sbyte)src[i];
                break;
            case SafetensorsDType.I16:
                for (int i = 0; i < dst.Length; i++)
                    dst[i] = BinaryPrimitives.ReadInt16LittleEndian(src.Slice(2 * i));
                break;
        }
    }

    /// <summary>Writes <paramref name="src"/>, integers within the type's range, as little-endian I8 or I16 into <paramref name="dst"/>.</summary>
    /// <exception cref="ArgumentException">The sizes disagree, or a value is not an integer of the type.</exception>
    internal static void EncodeInteger(SafetensorsDType dtype, ReadOnlySpan<float> src, Span<byte> dst)
    {
        int size = SizeOf(dtype);
        if ((long)src.Length * size != dst.Length)
            throw new ArgumentException($"{dst.Length} bytes do not hold {src.Length} {dtype} elements.", nameof(dst));
        float low = dtype == SafetensorsDType.I8 ? sbyte.MinValue : short.MinValue, high = dtype == SafetensorsDType.I8 ? sbyte.MaxValue : short.MaxValue;
        for (int i = 0; i < src.Length; i++)
        {
            float value = src[i];
            if (value != MathF.Round(value) || value < low || value > high)
                throw new ArgumentException($"Element {i} is {value}, not an {dtype} integer.", nameof(src));
            if (dtype == SafetensorsDType.I8)
                dst[i] = (byte)(sbyte)value;
            else
                BinaryPrimitives.WriteInt16LittleEndian(dst.Slice(2 * i), (short)value);
        }
    }

    /// <summary>Writes <paramref name="src"/> as little-endian binary32 into <paramref name="dst"/> (4 bytes each).</summary>
    /// <exception cref="ArgumentException"><paramref name="dst"/> is not exactly <c>4 * src.Length</c> bytes.</exception>
    internal static void EncodeF32(ReadOnlySpan<float> src, Span<byte> dst)
    {
        if ((long)src.Length * 4 != dst.Length)
            throw new ArgumentException($"{dst.Length} bytes do not hold {src.Length} F32 elements.", nameof(dst));
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(src).CopyTo(dst);
        }
        else
        {
            // Reinterpret as integers so the swap is a bit copy: a float round trip could quiet a signalling NaN.
            BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<float, int>(src), MemoryMarshal.Cast<byte, int>(dst));
        }
    }
}
