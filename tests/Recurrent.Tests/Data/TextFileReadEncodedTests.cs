// TextFile.ReadEncoded against its oracle, EncodedText.FromText(TextFile.Read(path)): the same
// vocabulary, tokens and error messages on awkward bytes, at every chunk size that can cut a
// sequence (1 to 9 bytes) and at the default; and far less memory on a large file.
using System.Text;
using Recurrent.Data;
using Recurrent.Tests.IO;
using Xunit.Abstractions;

namespace Recurrent.Tests.Data;

public sealed class TextFileReadEncodedTests(ITestOutputHelper output)
{
    private static readonly int[] ChunkSizes = [1, 2, 3, 4, 5, 6, 7, 8, 9, TextFile.DefaultChunkBytes];

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] Bytes(params int[] values) => values.Select(v => (byte)v).ToArray();

    public static TheoryData<string, byte[]> Inputs => new()
    {
        { "ascii", Utf8("hello world\n") },
        { "one character", Utf8("a") },
        { "byte-order mark", [.. Encoding.UTF8.Preamble, .. Utf8("h\u00e9llo")] },
        { "mark inside the text is a character", Utf8("ab\uFEFFc") },
        { "two, three and four-byte sequences", Utf8("\u00e9t\u00e9 \u20ac5 \u65e5\u672c \U0001F600\U0001F600!\U0001F680") },
        { "an emoji first and last", Utf8("\U0001F600 mid \U0001F680") },
        { "only the mark", [.. Encoding.UTF8.Preamble] },
        { "empty", [] },
        { "half a mark", Bytes(0xEF, 0xBB) },
        { "a lone continuation byte", Bytes(0x61, 0x80, 0x62) },
        { "a cut emoji at the end", [.. Utf8("abc"), .. Bytes(0xF0, 0x9F, 0x98)] },
        { "a cut euro sign at the end", [.. Utf8("\u00e9\u00e9"), .. Bytes(0xE2, 0x82)] },
        { "a cut sequence in the middle", [.. Utf8("ab"), .. Bytes(0xE2, 0x82), .. Utf8("cd")] },
        { "an overlong slash", Bytes(0x61, 0xC0, 0xAF) },
        { "an encoded surrogate", [.. Utf8("x"), .. Bytes(0xED, 0xA0, 0x80)] },
        { "above U+10FFFF", Bytes(0x61, 0xF4, 0x90, 0x80, 0x80) },
        { "0xFF after a mark", [.. Encoding.UTF8.Preamble, .. Utf8("ok"), 0xFF] },
    };

    [Theory]
    [MemberData(nameof(Inputs))]
    public void Matches_reading_the_string_at_every_chunk_size(string name, byte[] bytes)
    {
        using var folder = new TempDirectory();
        string path = folder.File(name + ".txt");
        File.WriteAllBytes(path, bytes);
        foreach (int chunk in ChunkSizes)
            AssertSameAsString(path, chunk);
    }

    [Fact]
    public void Matches_reading_the_string_on_random_bytes()
    {
        using var folder = new TempDirectory();
        string path = folder.File("random.txt");
        var rng = new Random(5);
        string[] pieces = ["a", "\n", "\u00e9", "\u20ac", "\U0001F600", "\uFEFF"];
        for (int trial = 0; trial < 300; trial++)
        {
            var bytes = new List<byte>();
            if (rng.Next(4) == 0)
                bytes.AddRange(Encoding.UTF8.Preamble);
            for (int k = rng.Next(0, 30); k > 0; k--)
                bytes.AddRange(Utf8(pieces[rng.Next(pieces.Length)]));
            if (trial % 2 == 1) // half the trials get one wrong byte somewhere
                bytes.Insert(rng.Next(bytes.Count + 1), (byte)rng.Next(0x80, 0x100));
            File.WriteAllBytes(path, bytes.ToArray());
            AssertSameAsString(path, rng.Next(1, 12));
        }
    }

    [Fact]
    public void Missing_files_and_directories_get_the_same_messages()
    {
        using var folder = new TempDirectory();
        AssertSameAsString(folder.File("missing.txt"), 4);
        AssertSameAsString(folder.Path, 4);
    }

    [Fact]
    public void A_given_vocabulary_encodes_as_Vocabulary_Encode()
    {
        using var folder = new TempDirectory();
        string path = folder.File("text.txt");
        File.WriteAllText(path, "b\U0001F600a\nab");
        var vocabulary = new Vocabulary(["a", "b", "\n", "\U0001F600", "z"]);

        foreach (int chunk in ChunkSizes)
        {
            var encoded = TextFile.ReadEncoded(path, vocabulary, chunk);
            Assert.Same(vocabulary, encoded.Vocabulary);
            Assert.Equal(vocabulary.Encode(TextFile.Read(path)), encoded.Tokens);
        }

        var small = new Vocabulary(["a", "b", "\n"]);
        string expected = Assert.Throws<RecurrentException>(() => small.Encode(TextFile.Read(path))).Message;
        Assert.Equal(expected, Assert.Throws<RecurrentException>(() => TextFile.ReadEncoded(path, small)).Message);
    }

    [Fact]
    public void The_real_tinyshakespeare_encodes_as_the_string_path()
    {
        string? shared = SharedData.TinyShakespeare();
        if (shared is null)
        {
            output.WriteLine("skipped: ../shared/data/tinyshakespeare.txt is not beside this checkout");
            return;
        }
        var encoded = TextFile.ReadEncoded(shared);
        var oracle = EncodedText.FromText(TextFile.Read(shared));
        Assert.Equal(65, encoded.Vocabulary.Count);
        Assert.Equal(oracle.Vocabulary.Symbols, encoded.Vocabulary.Symbols);
        Assert.Equal(oracle.Tokens, encoded.Tokens);
    }

    [Fact]
    public void A_large_file_costs_about_its_tokens_in_memory()
    {
        using var folder = new TempDirectory();
        string path = folder.File("large.txt");
        const int n = 4 << 20; // 4 Mi ASCII characters: 16 MiB of tokens
        byte[] text = new byte[n];
        for (int k = 0; k < n; k++)
            text[k] = (byte)"the quick brown fox\n"[k % 20];
        File.WriteAllBytes(path, text);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var encoded = TextFile.ReadEncoded(path);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(n, encoded.Length);
        output.WriteLine($"{allocated:N0} bytes allocated for {n:N0} characters");
        // the int[n] (4n) plus fixed buffers (~1.5 MiB); reading the string path allocates about 11n
        Assert.InRange(allocated, 4L * n, 4L * n + (3 << 20));
    }

    private static void AssertSameAsString(string path, int chunk)
    {
        EncodedText expected;
        try
        {
            expected = EncodedText.FromText(TextFile.Read(path));
        }
        catch (RecurrentException e)
        {
            var error = Assert.Throws<RecurrentException>(() => TextFile.ReadEncoded(path, null, chunk));
            Assert.Equal(e.Message, error.Message);
            return;
        }
        var encoded = TextFile.ReadEncoded(path, null, chunk);
        Assert.Equal(expected.Vocabulary.Symbols, encoded.Vocabulary.Symbols);
        Assert.Equal(expected.Tokens, encoded.Tokens);
    }
}
