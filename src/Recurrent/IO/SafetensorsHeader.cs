// Parses and validates the JSON header of a safetensors file against the size of its data section.
// It reads no tensor data and trusts nothing in the header: every size is checked before anyone allocates by it.
using System.Text.Json;
using System.Text.Unicode;

namespace Recurrent.IO;

/// <summary>The tensor entries (in header order) and metadata of a safetensors header.</summary>
internal sealed class SafetensorsHeader
{
    private SafetensorsHeader(List<SafetensorsEntry> entries, Dictionary<string, string> metadata)
    {
        Entries = entries;
        Metadata = metadata;
    }

    /// <summary>Tensor entries in the order the header lists them.</summary>
    public IReadOnlyList<SafetensorsEntry> Entries { get; }

    /// <summary>The <c>__metadata__</c> object, empty when the header has none.</summary>
    public Dictionary<string, string> Metadata { get; }

    /// <summary>
    /// Parses <paramref name="json"/> and checks every entry: known dtype, non-negative shape, offsets that
    /// match shape × dtype size, lie within <paramref name="dataLength"/> bytes and do not overlap.
    /// </summary>
    /// <exception cref="CheckpointException">Anything in the header is malformed; the message names <paramref name="path"/>.</exception>
    public static SafetensorsHeader Parse(byte[] json, long dataLength, string path)
    {
        // JsonDocument defers some UTF-8 checks inside strings until they are read; check the whole header up front.
        if (!Utf8.IsValid(json))
            throw Fail(path, "has a header that is not valid UTF-8");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new CheckpointException($"The safetensors file '{path}' has a header that is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw Fail(path, $"has a header that is a JSON {Describe(root.ValueKind)}, not an object");

            var entries = new List<SafetensorsEntry>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            Dictionary<string, string>? metadata = null;
            foreach (JsonProperty property in root.EnumerateObject())
            {
                if (property.Name == SafetensorsTensor.MetadataKey)
                {
                    if (metadata is not null)
                        throw Fail(path, $"has two \"{SafetensorsTensor.MetadataKey}\" entries in its header");
                    metadata = ParseMetadata(property.Value, path);
                    continue;
                }
                if (!names.Add(property.Name))
                    throw Fail(path, $"lists tensor '{property.Name}' twice in its header");
                entries.Add(ParseEntry(property.Name, property.Value, dataLength, path));
            }
            CheckNoOverlap(entries, path);
            return new SafetensorsHeader(entries, metadata ?? new Dictionary<string, string>(StringComparer.Ordinal));
        }
    }

    private static Dictionary<string, string> ParseMetadata(JsonElement value, string path)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Fail(path, $"has \"{SafetensorsTensor.MetadataKey}\" that is a JSON {Describe(value.ValueKind)}, not an object of strings");
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (JsonProperty item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw Fail(path, $"has metadata value '{item.Name}' that is a JSON {Describe(item.Value.ValueKind)}; metadata values must be strings");
            if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
                throw Fail(path, $"has metadata key '{item.Name}' twice");
        }
        return metadata;
    }

    private static SafetensorsEntry ParseEntry(string name, JsonElement value, long dataLength, string path)
    {
        if (name.Length == 0)
            throw Fail(path, "has a tensor with an empty name");
        if (value.ValueKind != JsonValueKind.Object)
            throw Fail(path, $"has an entry for tensor '{name}' that is a JSON {Describe(value.ValueKind)}, not an object");

        JsonElement dtypeElement = Require(value, "dtype", JsonValueKind.String, name, path);
        string dtypeName = dtypeElement.GetString()!;
        if (!SafetensorsDecoder.TryParse(dtypeName, out SafetensorsDType dtype))
            throw Fail(path, $"stores tensor '{name}' with unsupported dtype '{dtypeName}' (supported: {SafetensorsDecoder.SupportedNames})");

        int[] shape = ParseShape(Require(value, "shape", JsonValueKind.Array, name, path), name, path);
        (long begin, long end) = ParseOffsets(Require(value, "data_offsets", JsonValueKind.Array, name, path), name, dataLength, path);

        long count;
        long bytes;
        try
        {
            count = SafetensorsTensor.ElementCount(shape);
            bytes = checked(count * SafetensorsDecoder.SizeOf(dtype));
        }
        catch (OverflowException e)
        {
            throw new CheckpointException($"The safetensors file '{path}' gives tensor '{name}' a shape {SafetensorsTensor.FormatShape(shape)} too large to address.", e);
        }
        if (end - begin != bytes)
            throw Fail(path, $"gives tensor '{name}' data_offsets [{begin}, {end}] spanning {end - begin} bytes, but shape {SafetensorsTensor.FormatShape(shape)} of {dtypeName} needs {bytes} bytes");
        if (end > dataLength)
            throw Fail(path, $"is truncated: tensor '{name}' ends at byte {end} of the data section, which holds only {dataLength} bytes");
        if (count > Array.MaxLength)
            throw Fail(path, $"has tensor '{name}' with {count} elements, more than one array can hold ({Array.MaxLength})");
        return new SafetensorsEntry(name, dtype, shape, count, begin, end);
    }

    private static JsonElement Require(JsonElement entry, string key, JsonValueKind kind, string name, string path)
    {
        if (!entry.TryGetProperty(key, out JsonElement value))
            throw Fail(path, $"has no \"{key}\" for tensor '{name}'");
        if (value.ValueKind != kind)
            throw Fail(path, $"has \"{key}\" of tensor '{name}' as a JSON {Describe(value.ValueKind)}; expected {Describe(kind)}");
        return value;
    }

    private static int[] ParseShape(JsonElement array, string name, string path)
    {
        var shape = new int[array.GetArrayLength()];
        int i = 0;
        foreach (JsonElement item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long d))
                throw Fail(path, $"has a shape for tensor '{name}' whose element {i} is not an integer");
            if (d < 0)
                throw Fail(path, $"has a negative dimension {d} in the shape of tensor '{name}'");
            if (d > int.MaxValue)
                throw Fail(path, $"has dimension {d} in the shape of tensor '{name}', larger than {int.MaxValue}");
            shape[i++] = (int)d;
        }
        return shape;
    }

    private static (long Begin, long End) ParseOffsets(JsonElement array, string name, long dataLength, string path)
    {
        if (array.GetArrayLength() != 2)
            throw Fail(path, $"has data_offsets for tensor '{name}' with {array.GetArrayLength()} element(s); expected [begin, end]");
        long begin = ParseOffset(array[0], "begin", name, dataLength, path);
        long end = ParseOffset(array[1], "end", name, dataLength, path);
        if (begin > end)
            throw Fail(path, $"has data_offsets [{begin}, {end}] for tensor '{name}' that end before they begin");
        return (begin, end);
    }

    private static long ParseOffset(JsonElement item, string which, string name, long dataLength, string path)
    {
        if (item.ValueKind == JsonValueKind.Number && item.TryGetInt64(out long offset))
        {
            if (offset < 0)
                throw Fail(path, $"has a negative {which} offset {offset} for tensor '{name}'");
            return offset;
        }
        // An integer too big for long is still an offset, just one far past any real file.
        if (item.ValueKind == JsonValueKind.Number && item.TryGetUInt64(out ulong huge))
            throw Fail(path, $"is truncated or corrupt: tensor '{name}' has {which} offset {huge}, beyond the {dataLength}-byte data section");
        throw Fail(path, $"has a non-integer {which} offset for tensor '{name}'");
    }

    private static void CheckNoOverlap(List<SafetensorsEntry> entries, string path)
    {
        // Empty tensors occupy no bytes, so they cannot overlap anything wherever their offsets point.
        SafetensorsEntry[] occupied = entries.Where(e => e.ByteLength > 0).OrderBy(e => e.Begin).ToArray();
        for (int i = 1; i < occupied.Length; i++)
        {
            SafetensorsEntry previous = occupied[i - 1];
            SafetensorsEntry current = occupied[i];
            if (current.Begin < previous.End)
                throw Fail(path, $"has overlapping tensors: '{previous.Name}' [{previous.Begin}, {previous.End}) and '{current.Name}' [{current.Begin}, {current.End})");
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };

    private static CheckpointException Fail(string path, string detail) =>
        new($"The safetensors file '{path}' {detail}.");
}
