// The named-corpus cache against a local HTTP server: a verified download is kept and reused without
// the network; every failure (wrong bytes, HTTP error, refused connection, body cut short, stall,
// cancellation) is a clear error or a cancellation, and leaves nothing in the cache folder.
using System.Security.Cryptography;
using System.Text;
using Recurrent.Data;
using Recurrent.Tests.IO;
using Xunit.Abstractions;

namespace Recurrent.Tests.Data;

public sealed class CorpusCacheTests(ITestOutputHelper output)
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("First Citizen:\nBefore we proceed any further, hear me speak.\n", 2000)));

    private static NamedCorpus Small(Uri source, byte[] body) => new("small", source, Convert.ToHexStringLower(SHA256.HashData(body)));

    [Fact]
    public async Task A_download_is_checked_kept_and_then_reused_without_a_request()
    {
        using var cache = new TempDirectory();
        using var server = LocalHttpServer.Serving(Body);
        var corpus = Small(server.Url, Body);
        var progress = new List<DownloadProgress>();

        string path = await new CorpusCache(cache.Path).FetchAsync(corpus, progress.Add);

        Assert.Equal(cache.File("small.txt"), path);
        Assert.Equal(Body, File.ReadAllBytes(path));
        Assert.Equal(["small.txt"], cache.ListFiles()); // no temporary file left beside it
        Assert.Equal(Body.Length, progress[^1].BytesReceived);
        Assert.Equal(Body.Length, progress[^1].TotalBytes);

        Assert.Equal(path, await new CorpusCache(cache.Path).FetchAsync(corpus));
        Assert.Equal(path, new CorpusCache(cache.Path).FindLocal(corpus));
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task A_cached_file_with_the_wrong_hash_is_downloaded_again()
    {
        using var cache = new TempDirectory();
        using var server = LocalHttpServer.Serving(Body);
        var corpus = Small(server.Url, Body);
        File.WriteAllBytes(cache.File("small.txt"), Body.AsSpan(0, 100).ToArray());

        Assert.Null(new CorpusCache(cache.Path).FindLocal(corpus));
        string path = await new CorpusCache(cache.Path).FetchAsync(corpus);

        Assert.Equal(Body, File.ReadAllBytes(path));
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task A_download_with_other_bytes_is_refused_and_not_kept()
    {
        using var cache = new TempDirectory();
        using var server = LocalHttpServer.Serving(Body);
        var corpus = Small(server.Url, Encoding.UTF8.GetBytes("something else"));

        var error = await Assert.ThrowsAsync<RecurrentException>(() => new CorpusCache(cache.Path).FetchAsync(corpus));

        Assert.Contains("is not the small text: its SHA-256 is " + Convert.ToHexStringLower(SHA256.HashData(Body)), error.Message);
        Assert.Contains(cache.File("small.txt"), error.Message);
        Assert.Empty(cache.ListFiles());
    }

    [Theory]
    [InlineData(404, "Not Found")]
    [InlineData(500, "Internal Server Error")]
    public async Task An_HTTP_error_is_named_and_nothing_is_left(int status, string reason)
    {
        using var cache = new TempDirectory();
        using var server = LocalHttpServer.Failing(status, reason);

        var error = await Assert.ThrowsAsync<RecurrentException>(() => new CorpusCache(cache.Path).FetchAsync(Small(server.Url, Body)));

        Assert.Equal(
            $"Could not download small from {server.Url}: the server answered HTTP {status} ({reason}); " +
            $"put the file at '{cache.File("small.txt")}' yourself.",
            error.Message);
        Assert.Empty(cache.ListFiles());
    }

    [Fact]
    public async Task A_refused_connection_is_a_clear_error()
    {
        using var cache = new TempDirectory();
        Uri nowhere = LocalHttpServer.Unused();

        var error = await Assert.ThrowsAsync<RecurrentException>(() => new CorpusCache(cache.Path).FetchAsync(Small(nowhere, Body)));

        output.WriteLine(error.Message);
        Assert.StartsWith($"Could not download small from {nowhere}: ", error.Message);
        Assert.EndsWith($"put the file at '{cache.File("small.txt")}' yourself.", error.Message);
        Assert.Empty(cache.ListFiles());
    }

    [Fact]
    public async Task A_body_cut_short_is_an_error_and_nothing_is_left()
    {
        using var cache = new TempDirectory();
        using var server = LocalHttpServer.CuttingShort(Body, sent: Body.Length / 2);

        var error = await Assert.ThrowsAsync<RecurrentException>(() => new CorpusCache(cache.Path).FetchAsync(Small(server.Url, Body)));

        output.WriteLine(error.Message);
        Assert.StartsWith($"Could not download small from {server.Url}: ", error.Message);
        Assert.Empty(cache.ListFiles());
    }

    [Fact]
    public async Task A_stalled_body_times_out_and_nothing_is_left()
    {
        using var cache = new TempDirectory();
        using var server = LocalHttpServer.Stalling(Body, sent: 1000);

        var error = await Assert.ThrowsAsync<RecurrentException>(
            () => new CorpusCache(cache.Path, TimeSpan.FromMilliseconds(300)).FetchAsync(Small(server.Url, Body)));

        Assert.Contains(": no answer within 0.3 s; put the file at", error.Message);
        Assert.Empty(cache.ListFiles());
    }

    [Fact]
    public async Task Cancelling_mid_download_leaves_nothing()
    {
        using var cache = new TempDirectory();
        using var server = LocalHttpServer.Stalling(Body, sent: 1000);
        using var cancel = new CancellationTokenSource();
        long seen = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new CorpusCache(cache.Path).FetchAsync(
            Small(server.Url, Body),
            progress =>
            {
                seen = progress.BytesReceived;
                cancel.Cancel();
            },
            cancel.Token));

        Assert.Equal(1000, seen); // it was mid-body, with a temporary file open, when cancelled
        Assert.Empty(cache.ListFiles());
    }

    [Fact]
    public async Task The_real_tinyshakespeare_passes_its_published_hash()
    {
        string? shared = SharedData.TinyShakespeare();
        if (shared is null)
        {
            output.WriteLine("skipped: ../shared/data/tinyshakespeare.txt is not beside this checkout");
            return;
        }
        using var cache = new TempDirectory();
        using var server = LocalHttpServer.Serving(File.ReadAllBytes(shared));
        var corpus = NamedCorpus.TinyShakespeare with { Source = server.Url };
        var offline = new CorpusCache(cache.Path) { Environment = _ => null };

        string path = await offline.FetchAsync(corpus);

        Assert.Equal(cache.File("tinyshakespeare.txt"), path);
        Assert.Equal(1_115_394, new FileInfo(path).Length);
        Assert.Equal(NamedCorpus.TinyShakespeare.Sha256, CorpusCache.Sha256Of(path));
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public void A_copy_named_by_the_corpus_variable_is_used_without_the_network()
    {
        using var folder = new TempDirectory();
        File.WriteAllBytes(folder.File("mine.txt"), Body);
        var corpus = Small(LocalHttpServer.Unused(), Body) with { PathVariable = "SMALL_TEXT" };
        var handler = new RefusingHandler();
        var cache = new CorpusCache(folder.File("cache"), handler: handler)
        {
            Environment = name => name == "SMALL_TEXT" ? folder.File("mine.txt") : null,
        };

        Assert.Equal(folder.File("mine.txt"), cache.Fetch(corpus));
        Assert.Equal(0, handler.Requests);
        Assert.False(Directory.Exists(folder.File("cache")));
    }

    [Fact]
    public void A_copy_named_by_the_corpus_variable_must_exist_and_match()
    {
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("other.txt"), "not the text");
        var corpus = Small(LocalHttpServer.Unused(), Body) with { PathVariable = "SMALL_TEXT" };
        string? named = null;
        var cache = new CorpusCache(folder.Path, handler: new RefusingHandler()) { Environment = _ => named };

        named = folder.File("missing.txt");
        Assert.Contains("SMALL_TEXT names '" + named + "', which is not a file", Assert.Throws<RecurrentException>(() => cache.Fetch(corpus)).Message);
        named = folder.File("other.txt");
        string message = Assert.Throws<RecurrentException>(() => cache.Fetch(corpus)).Message;
        Assert.Contains("(named by SMALL_TEXT) is not the small text", message);
        Assert.EndsWith($"unset SMALL_TEXT to download it.", message);
    }

    [Fact]
    public void Without_a_network_the_error_says_where_to_put_the_file()
    {
        using var cache = new TempDirectory();
        var offline = new CorpusCache(cache.Path, handler: new RefusingHandler()) { Environment = _ => null };

        string message = Assert.Throws<RecurrentException>(() => offline.Fetch(NamedCorpus.TinyShakespeare)).Message;

        Assert.Equal(
            "Could not download tinyshakespeare from https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt: " +
            "Name or service not known (raw.githubusercontent.com:443); " +
            $"put the file at '{cache.File("tinyshakespeare.txt")}' yourself (or set RECURRENT_TINYSHAKESPEARE to a copy).",
            message);
        Assert.Empty(cache.ListFiles());
    }

    [Fact]
    public void Without_a_network_a_cached_file_with_the_wrong_hash_is_named_as_wrong_and_kept()
    {
        using var cache = new TempDirectory();
        var offline = new CorpusCache(cache.Path, handler: new RefusingHandler()) { Environment = _ => null };
        var corpus = Small(new Uri("https://example.invalid/small.txt"), Body);
        byte[] wrong = Body.AsSpan(0, 100).ToArray();
        File.WriteAllBytes(cache.File("small.txt"), wrong);

        string message = Assert.Throws<RecurrentException>(() => offline.Fetch(corpus)).Message;

        Assert.EndsWith(
            $"the file at '{cache.File("small.txt")}' is not the small text (its SHA-256 differs): replace it with the right one yourself.",
            message);
        Assert.DoesNotContain("put the file", message);
        Assert.Equal(wrong, File.ReadAllBytes(cache.File("small.txt"))); // a failed download replaces nothing
        Assert.Equal(["small.txt"], cache.ListFiles());
    }

    [Theory]
    [InlineData("/c", null, false, "/c")]
    [InlineData(null, "/xdg", false, "/xdg/recurrent")]
    [InlineData(null, "relative", false, "/home/u/.cache/recurrent")] // XDG asks for absolute paths
    [InlineData(null, null, false, "/home/u/.cache/recurrent")]
    [InlineData(null, "/xdg", true, "/local/recurrent")]
    [InlineData("/c", null, true, "/c")]
    public void The_cache_folder_follows_RECURRENT_CACHE_then_the_platform(string? chosen, string? xdg, bool windows, string expected)
    {
        string? Environment(string name) => name switch
        {
            "RECURRENT_CACHE" => chosen,
            "XDG_CACHE_HOME" => xdg,
            _ => null,
        };
        string directory = CorpusCache.DefaultDirectory(Environment, windows, "/home/u", "/local");
        Assert.Equal(Path.GetFullPath(expected), Path.GetFullPath(directory));
    }

    [Fact]
    public void Without_any_home_the_cache_folder_must_be_set()
    {
        var error = Assert.Throws<RecurrentException>(() => CorpusCache.DefaultDirectory(_ => null, windows: false, home: "", localApplicationData: ""));
        Assert.Contains("set RECURRENT_CACHE", error.Message);
    }
}
