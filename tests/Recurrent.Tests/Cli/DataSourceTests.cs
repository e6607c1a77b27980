// How --data resolves a value: a file in the working directory always wins; otherwise "demo" is the
// embedded text and "tinyshakespeare" the cached corpus, found offline when a verified copy is there.
using Recurrent.Cli;
using Recurrent.Data;
using Recurrent.Tests.Data;
using Recurrent.Tests.IO;
using Xunit.Abstractions;

namespace Recurrent.Tests.Cli;

[Collection(ProcessEnvironmentCollection.Name)] // one test sets RECURRENT_CACHE for the whole process
public sealed class DataSourceTests(ITestOutputHelper output)
{
    private static Func<CorpusCache> NoCache => () => throw new InvalidOperationException("the cache was consulted");

    [Fact]
    public void Demo_is_the_embedded_text()
    {
        using var folder = new TempDirectory();
        Assert.Equal((null, "the embedded demo text"), DataSource.Locate("demo", folder.Path, NoCache, null));
        var (text, description) = DataSource.Load("demo");
        Assert.Equal(DemoCorpus.Generate(), text);
        Assert.Equal("the embedded demo text", description);
    }

    [Theory]
    [InlineData("demo")]
    [InlineData("tinyshakespeare")]
    public void A_file_of_the_same_name_wins_over_a_built_in_text(string name)
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File(name), "my own text\n");

        var (path, description) = DataSource.Locate(name, folder.Path, NoCache, null);

        Assert.Equal(folder.File(name), path);
        Assert.Equal($"'{name}'", description);
        Assert.Equal("my own text\n", TextFile.Read(path!));
    }

    [Fact]
    public void Any_other_value_is_a_file_and_a_missing_one_is_named()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("play.txt"), "words\n");
        Assert.Equal(("words\n", $"'{folder.File("play.txt")}'"), DataSource.Load(folder.File("play.txt")));

        var error = Assert.Throws<RecurrentException>(() => DataSource.Load(folder.File("Tinyshakespeare")));
        Assert.Equal($"The data file '{folder.File("Tinyshakespeare")}' does not exist.", error.Message);
    }

    [Fact]
    public void Tinyshakespeare_comes_from_a_seeded_cache_without_the_network()
    {
        if (Seed() is not string shared)
            return;
        using var folder = new TempDirectory();
        File.Copy(shared, folder.File("tinyshakespeare.txt"));
        var handler = new RefusingHandler();
        var lines = new List<string>();

        var (path, description) = DataSource.Locate("tinyshakespeare", Directory.GetCurrentDirectory(),
            () => new CorpusCache(folder.Path, handler: handler) { Environment = _ => null }, lines.Add);

        Assert.Equal(folder.File("tinyshakespeare.txt"), path);
        Assert.StartsWith("tinyshakespeare (", description);
        Assert.Equal(0, handler.Requests);
        Assert.Empty(lines);
    }

    [Fact]
    public void Tinyshakespeare_without_a_copy_or_a_network_says_what_to_do()
    {
        using var folder = new TempDirectory();
        var handler = new RefusingHandler();
        var lines = new List<string>();

        var error = Assert.Throws<RecurrentException>(() => DataSource.Locate("tinyshakespeare", folder.Path,
            () => new CorpusCache(folder.File("cache"), handler: handler) { Environment = _ => null }, lines.Add));

        Assert.Contains($"put the file at '{folder.File("cache/tinyshakespeare.txt")}' yourself", error.Message);
        Assert.EndsWith("; or use --data FILE to train on a text of your own.", error.Message);
        Assert.Equal(1, handler.Requests);
        Assert.Equal([$"downloading tinyshakespeare from {NamedCorpus.TinyShakespeare.Source} to {folder.File("cache/tinyshakespeare.txt")}"], lines);
        Assert.Empty(Directory.GetFiles(folder.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Load_finds_tinyshakespeare_in_the_RECURRENT_CACHE_folder()
    {
        if (Seed() is not string shared)
            return;
        using var folder = new TempDirectory();
        File.Copy(shared, folder.File("tinyshakespeare.txt"));
        string? cache = Environment.GetEnvironmentVariable("RECURRENT_CACHE");
        string? copy = Environment.GetEnvironmentVariable("RECURRENT_TINYSHAKESPEARE");
        try
        {
            Environment.SetEnvironmentVariable("RECURRENT_CACHE", folder.Path);
            Environment.SetEnvironmentVariable("RECURRENT_TINYSHAKESPEARE", null);

            var (text, description) = DataSource.Load("tinyshakespeare");
            var (encoded, _) = DataSource.LoadEncoded("tinyshakespeare");

            Assert.StartsWith("First Citizen:\nBefore we proceed any further, hear me speak.", text);
            Assert.Equal(1_115_394, text.Length);
            Assert.Contains(folder.File("tinyshakespeare.txt"), description);
            Assert.Equal(EncodedText.FromText(text).Tokens, encoded.Tokens);
        }
        finally
        {
            Environment.SetEnvironmentVariable("RECURRENT_CACHE", cache);
            Environment.SetEnvironmentVariable("RECURRENT_TINYSHAKESPEARE", copy);
        }
    }

    [Fact]
    public void LoadEncoded_of_demo_encodes_the_embedded_text()
    {
        var (encoded, description) = DataSource.LoadEncoded("demo");
        var expected = EncodedText.FromText(DemoCorpus.Generate());
        Assert.Equal(expected.Vocabulary.Symbols, encoded.Vocabulary.Symbols);
        Assert.Equal(expected.Tokens, encoded.Tokens);
        Assert.Equal("the embedded demo text", description);
    }

    private string? Seed()
    {
        string? shared = SharedData.TinyShakespeare();
        if (shared is null)
            output.WriteLine("skipped: ../shared/data/tinyshakespeare.txt is not beside this checkout");
        return shared;
    }
}
