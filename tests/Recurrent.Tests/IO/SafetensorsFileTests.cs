// SafetensorsFile: round trips, the exact byte layout it writes, reading other float dtypes, and
// crash-safe writing. Malformed input is covered in SafetensorsFileMalformedTests.
using System.Text;
using System.Text.Json;
using Recurrent.IO;
using Xunit;

namespace Recurrent.Tests.IO;

public sealed class SafetensorsFileTests : IDisposable
{
    private static readonly Dictionary<string, string> NoMetadata = new();
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void RoundTrip_PreservesOrderShapesAndData_IncludingScalarAndEmptyTensors()
    {
        // Names deliberately out of alphabetical order: the file must keep list order.
        SafetensorsTensor[] tensors =
        [
            new("weight_ih_l0", [2, 3], [1, 2, 3, 4, 5, 6]),
            new("bias", [4], [0.5f, -0.25f, 1e-30f, 3e38f]),
            new("scalar", [], [42.5f]),
            new("empty", [0, 5], []),
            new("cube", [2, 1, 2], [-1, -2, -3, -4]),
        ];
        string path = _dir.File("model.safetensors");

        SafetensorsFile.Write(path, tensors, NoMetadata);
        SafetensorsContent content = SafetensorsFile.Read(path);

        Assert.Equal(tensors.Select(t => t.Name), content.Tensors.Select(t => t.Name));
        foreach (SafetensorsTensor expected in tensors)
        {
            SafetensorsTensor actual = content.GetTensor(expected.Name);
            Assert.Equal(expected.Shape, actual.Shape);
            Assert.Equal(Bits(expected.Data), Bits(actual.Data));
        }
        Assert.Empty(content.Metadata);
        Assert.Equal(path, content.Path);
    }

    [Fact]
    public void RoundTrip_PreservesMetadataWithNonAsciiAndJsonSpecialCharacters()
    {
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["unicode"] = "héllo wörld, 世界, emoji 😀",
            ["special"] = "quote \" backslash \\ slash / newline \n tab \t nul \0 bell \u0007 </script> {\"json\": [1]}",
            ["key with \"quotes\" and ünïcode"] = "",
            ["__metadata__"] = "inside metadata, even the reserved word is just a key",
        };
        string path = _dir.File("meta.safetensors");

        SafetensorsFile.Write(path, [new SafetensorsTensor("x", [1], [1f])], metadata);
        SafetensorsContent content = SafetensorsFile.Read(path);

        Assert.Equal(metadata.OrderBy(p => p.Key, StringComparer.Ordinal), content.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [Fact]
    public void RoundTrip_PreservesSpecialFloatsBitForBit()
    {
        float[] values =
        [
            float.NaN,
            BitConverter.Int32BitsToSingle(0x7FC0_1234), // quiet NaN with a payload
            BitConverter.Int32BitsToSingle(unchecked((int)0xFFC0_0001)), // negative NaN
            -0f, 0f, float.PositiveInfinity, float.NegativeInfinity,
            float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue,
        ];
        string path = _dir.File("special.safetensors");

        SafetensorsFile.Write(path, [new SafetensorsTensor("v", [values.Length], values)], NoMetadata);
        float[] read = SafetensorsFile.Read(path).GetTensor("v").Data;

        Assert.Equal(Bits(values), Bits(read));
        Assert.True(float.IsNegative(read[3]) && read[3] == 0f);
    }

    [Fact]
    public void RoundTrip_NoTensorsNoMetadata_GivesEmptyContent()
    {
        string path = _dir.File("nothing.safetensors");

        SafetensorsFile.Write(path, [], NoMetadata);
        SafetensorsContent content = SafetensorsFile.Read(path);

        Assert.Empty(content.Tensors);
        Assert.Empty(content.Metadata);
        Assert.Equal(16, new FileInfo(path).Length); // 8-byte length + "{}" padded to 8
    }

    [Fact]
    public void RoundTrip_MillionsOfFloats()
    {
        var data = new float[3_000_001];
        for (int i = 0; i < data.Length; i++)
            data[i] = (float)Math.Sin(i) * i;
        string path = _dir.File("large.safetensors");

        SafetensorsFile.Write(path, [new SafetensorsTensor("big", [data.Length], data), new SafetensorsTensor("after", [2], [7f, 8f])], NoMetadata);
        SafetensorsContent content = SafetensorsFile.Read(path);

        Assert.Equal(Bits(data), Bits(content.GetTensor("big").Data));
        Assert.Equal([7f, 8f], content.GetTensor("after").Data);
    }

    [Fact]
    public void Write_TinyFile_HasTheExactByteLayout()
    {
        string path = _dir.File("tiny.safetensors");

        SafetensorsFile.Write(path, [new SafetensorsTensor("a", [1], [1.0f])], NoMetadata);
        byte[] bytes = File.ReadAllBytes(path);

        // 54 bytes of JSON, padded with 2 spaces to 56 so the data starts at byte 64, a multiple of 8.
        Assert.Equal(68, bytes.Length);
        Assert.Equal(new byte[] { 56, 0, 0, 0, 0, 0, 0, 0 }, bytes[..8]);
        Assert.Equal("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}  ", Encoding.UTF8.GetString(bytes, 8, 56));
        Assert.Equal(new byte[] { 0x00, 0x00, 0x80, 0x3F }, bytes[64..]);
    }

    [Fact]
    public void Write_TwoTensors_AreBackToBackAfterAnAlignedHeader()
    {
        string path = _dir.File("two.safetensors");

        SafetensorsFile.Write(path, [new SafetensorsTensor("w", [2], [1.0f, -2.0f]), new SafetensorsTensor("s", [], [0.5f])], NoMetadata);
        byte[] bytes = File.ReadAllBytes(path);

        // 107 bytes of JSON pad to 112; data starts at 120.
        Assert.Equal(112UL, BitConverter.ToUInt64(bytes, 0));
        Assert.Equal(
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"s\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[8,12]}}     ",
            Encoding.UTF8.GetString(bytes, 8, 112));
        Assert.Equal(new byte[] { 0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0, 0, 0, 0, 0x3F }, bytes[120..]);
    }

    [Fact]
    public void Write_WithMetadata_HeaderIsAlignedJsonWithMetadataFirst()
    {
        string path = _dir.File("aligned.safetensors");

        SafetensorsFile.Write(path, [new SafetensorsTensor("t", [3], [1, 2, 3])], new Dictionary<string, string> { ["note"] = "ü" });
        byte[] bytes = File.ReadAllBytes(path);

        ulong n = BitConverter.ToUInt64(bytes, 0);
        Assert.Equal(0UL, (8 + n) % 8);
        Assert.Equal(8 + (long)n + 12, bytes.Length);
        using JsonDocument header = JsonDocument.Parse(bytes.AsMemory(8, (int)n));
        Assert.Equal("__metadata__", header.RootElement.EnumerateObject().First().Name);
        Assert.Equal("ü", header.RootElement.GetProperty("__metadata__").GetProperty("note").GetString());
        Assert.True(bytes.AsSpan(8, (int)n).IndexOf("\"ü\""u8) >= 0, "non-ASCII metadata should be stored as UTF-8, not \\u-escaped");
    }

    [Fact]
    public void Read_HandBuiltFileWithF64Bf16F16AndF32_ConvertsToFloat()
    {
        // Offsets deliberately not in header order and not 8-aligned; a gap of 2 unused bytes at the end.
        byte[] data =
        [
            .. SafetensorsBytes.U16(0x3F80, 0xC000, 0x4049, 0x7FC1, 0x8000), // BF16: 1, -2, 3.140625, NaN, -0 at [0, 10)
            .. SafetensorsBytes.F64(1.5, -2.25, 0.1, 1e300),                  // F64 at [10, 42)
            .. SafetensorsBytes.U16(0x3C00, 0xC000, 0x7BFF),                  // F16: 1, -2, 65504 at [42, 48)
            .. SafetensorsBytes.F32(0.75f),                                   // F32 scalar at [48, 52)
            0xEE, 0xEE,
        ];
        const string json = """
            {"d": {"dtype": "F64", "shape": [2, 2], "data_offsets": [10, 42]},
             "b": {"dtype": "BF16", "shape": [5], "data_offsets": [0, 10]},
             "h": {"dtype": "F16", "shape": [3], "data_offsets": [42, 48], "extra": "ignored"},
             "f": {"dtype": "F32", "shape": [], "data_offsets": [48, 52]},
             "__metadata__": {"format": "pt"}}   
            """;
        string path = _dir.File("mixed.safetensors");
        File.WriteAllBytes(path, SafetensorsBytes.Build(json, data));

        SafetensorsContent content = SafetensorsFile.Read(path);

        Assert.Equal(["d", "b", "h", "f"], content.Tensors.Select(t => t.Name));
        Assert.Equal([2, 2], content.GetTensor("d").Shape);
        Assert.Equal([1.5f, -2.25f, 0.1f, float.PositiveInfinity], content.GetTensor("d").Data);
        float[] bf16 = content.GetTensor("b").Data;
        Assert.Equal([1f, -2f, 3.140625f], bf16[..3]);
        Assert.Equal(0x7FC1_0000, BitConverter.SingleToInt32Bits(bf16[3]));
        Assert.Equal(unchecked((int)0x8000_0000), BitConverter.SingleToInt32Bits(bf16[4]));
        Assert.Equal([1f, -2f, 65504f], content.GetTensor("h").Data);
        Assert.Equal([0.75f], content.GetTensor("f").Data);
        Assert.Empty(content.GetTensor("f").Shape);
        Assert.Equal("pt", content.Metadata["format"]);
    }

    [Fact]
    public void Tensors_read_as_F64_BF16_or_F16_are_written_back_as_F32_with_their_values()
    {
        byte[] data = [.. SafetensorsBytes.U16(0x3C00, 0xC000, 0x3800), .. SafetensorsBytes.F64(0.1, -2), .. SafetensorsBytes.U16(0x3F80, 0x3FC0)];
        const string json = """
            {"h": {"dtype": "F16", "shape": [3], "data_offsets": [0, 6]},
             "d": {"dtype": "F64", "shape": [2], "data_offsets": [6, 22]},
             "b": {"dtype": "BF16", "shape": [2], "data_offsets": [22, 26]}}
            """;
        string path = _dir.File("floats.safetensors"), copy = _dir.File("copy.safetensors");
        File.WriteAllBytes(path, SafetensorsBytes.Build(json, data));
        var read = SafetensorsFile.Read(path);
        SafetensorsFile.Write(copy, read.Tensors, new Dictionary<string, string>());
        var back = SafetensorsFile.Read(copy);
        Assert.All(back.Tensors, tensor => Assert.Equal(SafetensorsDType.F32, tensor.DType));
        Assert.Equal([1f, -2f, 0.5f], back.GetTensor("h").Data);
        Assert.Equal([0.1f, -2f], back.GetTensor("d").Data);
        Assert.Equal([1f, 1.5f], back.GetTensor("b").Data);
    }

    [Fact]
    public void Integer_tensors_come_after_the_floats_so_that_every_float_stays_four_byte_aligned()
    {
        string path = _dir.File("mixed.safetensors");
        SafetensorsFile.Write(path, [
            new SafetensorsTensor("q", [3], [1, -2, 127], SafetensorsDType.I8),
            new SafetensorsTensor("w", [2], [3, -32767], SafetensorsDType.I16),
            new SafetensorsTensor("f", [2], [0.25f, 2f]),
            new SafetensorsTensor("g", [1], [7f]),
        ], new Dictionary<string, string>());
        var content = SafetensorsFile.Read(path);
        Assert.Equal(["f", "g", "w", "q"], content.Tensors.Select(t => t.Name)); // floats in the caller's order, then wider integers first
        Assert.Equal([1f, -2f, 127f], content.GetTensor("q").Data);
        Assert.Equal(SafetensorsDType.I8, content.GetTensor("q").DType);
        Assert.Equal([3f, -32767f], content.GetTensor("w").Data);
        Assert.Equal([0.25f, 2f], content.GetTensor("f").Data);
    }

    [Fact]
    public void Read_EmptyTensorMayPointInsideAnother_WithoutCountingAsOverlap()
    {
        const string json = """{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, "e": {"dtype": "F32", "shape": [0], "data_offsets": [4, 4]}}""";
        string path = _dir.File("empty-inside.safetensors");
        File.WriteAllBytes(path, SafetensorsBytes.Build(json, SafetensorsBytes.F32(1, 2)));

        SafetensorsContent content = SafetensorsFile.Read(path);

        Assert.Empty(content.GetTensor("e").Data);
        Assert.Equal([1f, 2f], content.GetTensor("a").Data);
    }

    [Fact]
    public void GetTensor_UnknownName_ThrowsCheckpointExceptionNamingIt()
    {
        string path = _dir.File("one.safetensors");
        SafetensorsFile.Write(path, [new SafetensorsTensor("x", [1], [1f])], NoMetadata);
        SafetensorsContent content = SafetensorsFile.Read(path);

        var e = Assert.Throws<CheckpointException>(() => content.GetTensor("weight_hh_l0"));
        Assert.Contains("weight_hh_l0", e.Message);
        Assert.Contains(path, e.Message);
        Assert.False(content.TryGetTensor("weight_hh_l0", out _));
    }

    [Fact]
    public void Write_OverExistingFile_ReplacesItAndLeavesNoTempFile()
    {
        string path = _dir.File("m.safetensors");
        SafetensorsFile.Write(path, [new SafetensorsTensor("old", [3], [1, 2, 3])], NoMetadata);

        SafetensorsFile.Write(path, [new SafetensorsTensor("new", [1], [9])], NoMetadata);

        Assert.Equal(["new"], SafetensorsFile.Read(path).Tensors.Select(t => t.Name));
        Assert.Equal(["m.safetensors"], _dir.ListFiles());
    }

    [Fact]
    public void Write_TensorWhoseShapeNoLongerMatchesItsData_ThrowsAndLeavesOldFileByteIdentical()
    {
        string path = _dir.File("m.safetensors");
        SafetensorsFile.Write(path, [new SafetensorsTensor("old", [3], [1, 2, 3])], new Dictionary<string, string> { ["v"] = "1" });
        byte[] before = File.ReadAllBytes(path);
        var broken = new SafetensorsTensor("w", [2], [1, 2]);
        broken.Shape[0] = 3; // the arrays are shared, so a caller can break the invariant after construction

        var e = Assert.Throws<ArgumentException>(() => SafetensorsFile.Write(path, [new SafetensorsTensor("ok", [1], [1]), broken], NoMetadata));

        Assert.Contains("'w'", e.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["m.safetensors"], _dir.ListFiles());
    }

    [Fact]
    public void Write_DuplicateNames_ThrowsAndLeavesOldFileByteIdentical()
    {
        string path = _dir.File("m.safetensors");
        SafetensorsFile.Write(path, [new SafetensorsTensor("old", [1], [1])], NoMetadata);
        byte[] before = File.ReadAllBytes(path);

        var e = Assert.Throws<ArgumentException>(() =>
            SafetensorsFile.Write(path, [new SafetensorsTensor("a", [1], [1]), new SafetensorsTensor("a", [1], [2])], NoMetadata));

        Assert.Contains("'a'", e.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal(["m.safetensors"], _dir.ListFiles());
    }

    [Fact]
    public void Write_IntoMissingDirectory_ThrowsRecurrentExceptionAndCreatesNothing()
    {
        string path = Path.Combine(_dir.Path, "no-such-dir", "m.safetensors");

        var e = Assert.Throws<RecurrentException>(() => SafetensorsFile.Write(path, [new SafetensorsTensor("a", [1], [1])], NoMetadata));

        Assert.Contains(path, e.Message);
        Assert.Contains("directory does not exist", e.Message);
        Assert.IsAssignableFrom<IOException>(e.InnerException);
        Assert.Empty(_dir.ListFiles());
    }

    [Fact]
    public void Write_WhenTheFinalMoveFails_DeletesTheTempFileAndKeepsTheTarget()
    {
        // A directory at the target path makes the rename fail after the temp file was fully written.
        string path = _dir.File("target");
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, "keep.txt"), "keep");

        var e = Assert.Throws<RecurrentException>(() => SafetensorsFile.Write(path, [new SafetensorsTensor("a", [2], [1, 2])], NoMetadata));

        Assert.Contains(path, e.Message);
        Assert.Equal([Path.Combine("target", "keep.txt")], _dir.ListFiles());
        Assert.Equal("keep", File.ReadAllText(Path.Combine(path, "keep.txt")));
    }

    private static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();
}
