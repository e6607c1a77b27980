// Builds the header block of a safetensors file: the 8-byte length, the JSON, and the space padding.
// It writes no tensor data and does not validate the tensors; SafetensorsFile.Write does that first.
using System.Buffers;
using System.Buffers.Binary;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Recurrent.IO;

/// <summary>Serialises the safetensors header for F32, I8 and I16 tensors laid out back to back in list order.</summary>
internal static class SafetensorsHeaderWriter
{
    /// <summary>The data section starts at a multiple of this many bytes, so readers may map floats in place.</summary>
    internal const int Alignment = 8;

    // Relaxed escaping keeps non-ASCII metadata readable in the file; quotes, backslashes and control
    // characters are still escaped, and the header is never embedded in HTML where the relaxation would matter.
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Returns the bytes that precede the data: little-endian u64 N, then N bytes of JSON padded with spaces so
    /// that 8 + N is a multiple of <see cref="Alignment"/>. Metadata comes first and is omitted when empty.
    /// </summary>
    /// <exception cref="ArgumentException">A name or metadata string is not valid UTF-16 (a lone surrogate).</exception>
    internal static byte[] Build(IReadOnlyList<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var json = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(json, Options))
        {
            writer.WriteStartObject();
            if (metadata.Count > 0)
            {
                writer.WriteStartObject(SafetensorsTensor.MetadataKey);
                foreach (KeyValuePair<string, string> item in metadata)
                    writer.WriteString(item.Key, item.Value);
                writer.WriteEndObject();
            }
            long offset = 0;
            foreach (SafetensorsTensor tensor in tensors)
            {
                long end = offset + (long)SafetensorsDecoder.SizeOf(tensor.WrittenAs) * tensor.Data.Length;
                writer.WriteStartObject(tensor.Name);
                writer.WriteString("dtype", tensor.WrittenAs.ToString());
                writer.WriteStartArray("shape");
                foreach (int d in tensor.Shape)
                    writer.WriteNumberValue(d);
                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                writer.WriteNumberValue(end);
                writer.WriteEndArray();
                writer.WriteEndObject();
                offset = end;
            }
            writer.WriteEndObject();
        }

        int padded = (json.WrittenCount + Alignment - 1) / Alignment * Alignment;
        var block = new byte[8 + padded];
        BinaryPrimitives.WriteUInt64LittleEndian(block, (ulong)padded);
        json.WrittenSpan.CopyTo(block.AsSpan(8));
        block.AsSpan(8 + json.WrittenCount).Fill((byte)' ');
        return block;
    }
}
