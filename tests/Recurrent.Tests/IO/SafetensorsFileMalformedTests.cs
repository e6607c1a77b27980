// Every way a safetensors file can be malformed must surface as a CheckpointException (never a raw JSON,
// I/O, index or overflow exception) whose message names the file and the fault.
using System.Text;
using Recurrent.IO;
using Xunit;

namespace Recurrent.Tests.IO;

public sealed class SafetensorsFileMalformedTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private const string Ok = """ "dtype": "F32", "shape": [2], "data_offsets": [0, 8] """;

    private static byte[] Eight => SafetensorsBytes.F32(1, 2);

    /// <summary>(what is wrong, the whole file, a word the message must contain).</summary>
    public static TheoryData<string, byte[], string> Cases => new()
    {
        { "empty file", [], "too short" },
        { "5-byte file", [1, 2, 3, 4, 5], "too short" },
        { "header longer than file", [.. SafetensorsBytes.LengthPrefix(64), .. "{}"u8], "truncated" },
        { "header length 200 MB", [.. SafetensorsBytes.LengthPrefix(200_000_000), .. "{}"u8], "absurdly large" },
        { "header length u64 max", [.. SafetensorsBytes.LengthPrefix(ulong.MaxValue), .. "{}"u8], "absurdly large" },
        { "zero-length header", SafetensorsBytes.Build("", 1, 2, 3), "not valid JSON" },
        { "invalid UTF-8", SafetensorsBytes.Build([.. "{\"a"u8, 0xFF, .. "\": {}}"u8], []), "UTF-8" },
        { "not JSON", SafetensorsBytes.Build("{not json"), "not valid JSON" },
        { "trailing garbage", SafetensorsBytes.Build("{} x"), "not valid JSON" },
        { "nested too deep", SafetensorsBytes.Build(new string('[', 100) + new string(']', 100)), "not valid JSON" },
        { "array header", SafetensorsBytes.Build("[1, 2]"), "not an object" },
        { "string header", SafetensorsBytes.Build("\"hi\""), "not an object" },
        { "entry not an object", SafetensorsBytes.Build("""{"a": 5}"""), "not an object" },
        { "missing dtype", SafetensorsBytes.Build("""{"a": {"shape": [2], "data_offsets": [0, 8]}}""", Eight), "\"dtype\"" },
        { "missing shape", SafetensorsBytes.Build("""{"a": {"dtype": "F32", "data_offsets": [0, 8]}}""", Eight), "\"shape\"" },
        { "missing data_offsets", SafetensorsBytes.Build("""{"a": {"dtype": "F32", "shape": [2]}}""", Eight), "\"data_offsets\"" },
        { "dtype not a string", SafetensorsBytes.Build("""{"a": {"dtype": 32, "shape": [2], "data_offsets": [0, 8]}}""", Eight), "expected string" },
        { "shape not an array", SafetensorsBytes.Build("""{"a": {"dtype": "F32", "shape": "2", "data_offsets": [0, 8]}}""", Eight), "expected array" },
        { "shape element a string", SafetensorsBytes.Build("""{"a": {"dtype": "F32", "shape": ["2"], "data_offsets": [0, 8]}}""", Eight), "not an integer" },
        { "shape element fractional", SafetensorsBytes.Build("""{"a": {"dtype": "F32", "shape": [2.5], "data_offsets": [0, 8]}}""", Eight), "not an integer" },
        { "offsets not an array", SafetensorsBytes.Build("""{"a": {"dtype": "F32", "shape": [2], "data_offsets": {}}}""", Eight), "expected array" },
        { "one offset", SafetensorsBytes.Build("""{"a": {"dtype": "F32", "shape": [2], "data_offsets": [8]}}""", Eight), "expected [begin, end]" },
        { "offset a string", SafetensorsBytes.Build("""{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, "8"]}}""", Eight), "non-integer end offset" },
        { "negative dimension", SafetensorsBytes.Build("""{"a": {"dtype": "F32", "shape": [-2], "data_offsets": [0, 8]}}""", Eight), "negative dimension" },
        { "dimension over int", SafetensorsBytes.Build("""{"a": {"dtype": "F32", "shape": [3000000000], "data_offsets": [0, 8]}}""", Eight), "larger than" },
        { "shape product overflows", SafetensorsBytes.Build("""{"a": {"dtype": "F32", "shape": [2147483647, 2147483647, 2147483647], "data_offsets": [0, 8]}}""", Eight), "too large" },
        { "unsupported dtype", SafetensorsBytes.Build("""{"a": {"dtype": "I64", "shape": [1], "data_offsets": [0, 8]}}""", Eight), "unsupported dtype 'I64'" },
        { "lower-case dtype", SafetensorsBytes.Build("""{"a": {"dtype": "f32", "shape": [2], "data_offsets": [0, 8]}}""", Eight), "unsupported dtype" },
        { "offsets disagree with shape", SafetensorsBytes.Build("""{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 4]}}""", Eight), "needs 8 bytes" },
        { "offsets disagree with dtype", SafetensorsBytes.Build("""{"a": {"dtype": "F64", "shape": [2], "data_offsets": [0, 8]}}""", Eight), "needs 16 bytes" },
        { "offsets reversed", SafetensorsBytes.Build("""{"a": {"dtype": "F32", "shape": [2], "data_offsets": [8, 0]}}""", Eight), "end before" },
        { "negative offset", SafetensorsBytes.Build("""{"a": {"dtype": "F32", "shape": [2], "data_offsets": [-8, 0]}}""", Eight), "negative" },
        { "truncated data", SafetensorsBytes.Build("{\"a\": {" + Ok + "}}", 0, 0, 0x80, 0x3F), "truncated" },
        { "offset past u63", SafetensorsBytes.Build("""{"a": {"dtype": "F32", "shape": [2], "data_offsets": [18446744073709551000, 18446744073709551008]}}""", Eight), "truncated" },
        { "overlapping tensors", SafetensorsBytes.Build("""{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}}""", [.. Eight, 0, 0, 0, 0]), "overlapping" },
        { "same bytes twice", SafetensorsBytes.Build("{\"a\": {" + Ok + "}, \"b\": {" + Ok + "}}", Eight), "overlapping" },
        { "duplicate tensor name", SafetensorsBytes.Build("{\"a\": {" + Ok + "}, \"a\": {" + Ok + "}}", Eight), "twice" },
        { "empty tensor name", SafetensorsBytes.Build("{\"\": {" + Ok + "}}", Eight), "empty name" },
        { "metadata value a number", SafetensorsBytes.Build("""{"__metadata__": {"epoch": 3}}"""), "must be strings" },
        { "metadata value null", SafetensorsBytes.Build("""{"__metadata__": {"epoch": null}}"""), "must be strings" },
        { "metadata not an object", SafetensorsBytes.Build("""{"__metadata__": ["x"]}"""), "__metadata__" },
        { "metadata twice", SafetensorsBytes.Build("""{"__metadata__": {}, "__metadata__": {}}"""), "__metadata__" },
        { "metadata key twice", SafetensorsBytes.Build("""{"__metadata__": {"k": "1", "k": "2"}}"""), "'k' twice" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Read_MalformedFile_ThrowsCheckpointExceptionNamingFileAndFault(string what, byte[] file, string keyword)
    {
        string path = _dir.File("bad.safetensors");
        File.WriteAllBytes(path, file);

        var e = Assert.Throws<CheckpointException>(() => SafetensorsFile.Read(path));

        Assert.True(e.Message.Contains(keyword, StringComparison.OrdinalIgnoreCase), $"{what}: '{keyword}' not in: {e.Message}");
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Read_MissingFile_SaysItDoesNotExist()
    {
        string path = _dir.File("absent.safetensors");

        var e = Assert.Throws<CheckpointException>(() => SafetensorsFile.Read(path));

        Assert.Contains("does not exist", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Read_Directory_SaysItIsADirectory()
    {
        var e = Assert.Throws<CheckpointException>(() => SafetensorsFile.Read(_dir.Path));

        Assert.Contains("directory", e.Message);
    }

    [Fact]
    public void Read_InvalidJson_KeepsTheJsonExceptionAsInner()
    {
        string path = _dir.File("bad.safetensors");
        File.WriteAllBytes(path, SafetensorsBytes.Build("{\"a\": "));

        var e = Assert.Throws<CheckpointException>(() => SafetensorsFile.Read(path));

        Assert.IsAssignableFrom<System.Text.Json.JsonException>(e.InnerException);
    }

    [Fact]
    public void Read_EveryTruncationOfAValidFile_ThrowsCheckpointException()
    {
        // Cutting a valid file anywhere must be reported, never crash with another exception type.
        string good = _dir.File("good.safetensors");
        SafetensorsFile.Write(good, [new SafetensorsTensor("a", [2, 2], [1, 2, 3, 4]), new SafetensorsTensor("b", [3], [5, 6, 7])],
            new Dictionary<string, string> { ["k"] = "v" });
        byte[] bytes = File.ReadAllBytes(good);
        string path = _dir.File("cut.safetensors");

        for (int length = 0; length < bytes.Length; length++)
        {
            File.WriteAllBytes(path, bytes[..length]);
            var e = Assert.Throws<CheckpointException>(() => SafetensorsFile.Read(path));
            Assert.Contains(path, e.Message);
        }
    }

    [Fact]
    public void Read_EverySingleByteCorruptionOfTheHeader_ThrowsOnlyCheckpointExceptionOrReads()
    {
        string good = _dir.File("good.safetensors");
        SafetensorsFile.Write(good, [new SafetensorsTensor("a", [2, 2], [1, 2, 3, 4]), new SafetensorsTensor("b", [3], [5, 6, 7])],
            new Dictionary<string, string> { ["k"] = "v" });
        byte[] bytes = File.ReadAllBytes(good);
        int headerEnd = 8 + (int)BitConverter.ToUInt64(bytes, 0);
        string path = _dir.File("corrupt.safetensors");

        foreach (byte replacement in Encoding.ASCII.GetBytes("0 9-\"[]{},:.eA\\").Append((byte)0xFF).Append((byte)0x7F))
        {
            for (int i = 0; i < headerEnd; i++)
            {
                byte[] corrupt = (byte[])bytes.Clone();
                corrupt[i] = replacement;
                File.WriteAllBytes(path, corrupt);
                Exception? e = Record.Exception(() => SafetensorsFile.Read(path));
                Assert.True(e is null or CheckpointException, $"byte {i} -> 0x{replacement:X2}: {e}");
            }
        }
    }
}
