// Where named corpora (`--data tinyshakespeare`) live on this machine, and the order in which a copy
// is found: the file named by the corpus's environment variable, then the cache folder, then a
// download into the cache. Every copy is checked against the corpus's SHA-256, so whatever is used
// is exactly the published text; a local copy with the right hash never touches the network.
// This file decides *where*; CorpusDownload does the HTTP, the temporary file and the rename.
using System.Security.Cryptography;

namespace Recurrent.Data;

/// <summary>A cache folder for named corpora, with a verified, atomic download on first use.</summary>
public sealed class CorpusCache
{
    /// <summary>The environment variable that, when set, is the cache folder.</summary>
    public const string DirectoryVariable = "RECURRENT_CACHE";

    /// <summary>How long a download may wait for the connection, the headers, or any next piece of the body.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpMessageHandler? _handler;

    /// <param name="directory">The cache folder; created when a download needs it.</param>
    /// <param name="timeout">The longest wait for any one network step (default <see cref="DefaultTimeout"/>).</param>
    /// <param name="handler">The HTTP handler to send requests with (tests, proxies); null for the default. Not disposed.</param>
    public CorpusCache(string directory, TimeSpan? timeout = null, HttpMessageHandler? handler = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory = Path.GetFullPath(directory);
        Timeout = timeout ?? DefaultTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Timeout, TimeSpan.Zero);
        _handler = handler;
    }

    /// <summary>The cache in <see cref="DefaultDirectory()"/>.</summary>
    /// <exception cref="RecurrentException">No cache folder can be worked out.</exception>
    public static CorpusCache Default(TimeSpan? timeout = null) => new(DefaultDirectory(), timeout);

    /// <summary>The absolute path of the cache folder.</summary>
    public string Directory { get; }

    /// <summary>The longest wait for any one network step.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Reads environment variables; tests replace it so they never touch the process's environment.</summary>
    internal Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

    /// <summary>
    /// RECURRENT_CACHE if set; otherwise LocalApplicationData\recurrent on Windows, and elsewhere
    /// $XDG_CACHE_HOME/recurrent (when absolute, as the XDG spec asks) or ~/.cache/recurrent.
    /// </summary>
    /// <exception cref="RecurrentException">None of these is available (no home folder).</exception>
    public static string DefaultDirectory() => DefaultDirectory(
        System.Environment.GetEnvironmentVariable,
        OperatingSystem.IsWindows(),
        System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile),
        System.Environment.GetFolderPath(System.Environment.SpecialFolder.LocalApplicationData));

    internal static string DefaultDirectory(Func<string, string?> environment, bool windows, string home, string localApplicationData)
    {
        if (environment(DirectoryVariable) is { Length: > 0 } chosen)
            return Path.GetFullPath(chosen);
        if (windows && localApplicationData.Length > 0)
            return Path.Combine(localApplicationData, "recurrent");
        if (!windows && environment("XDG_CACHE_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg))
            return Path.Combine(xdg, "recurrent");
        if (home.Length > 0)
            return Path.Combine(home, ".cache", "recurrent");
        throw new RecurrentException($"Cannot tell where to cache downloaded texts (no home folder); set {DirectoryVariable} to a folder.");
    }

    /// <summary>Where the cache keeps <paramref name="corpus"/>, whether or not it is there yet.</summary>
    public string PathOf(NamedCorpus corpus) => Path.Combine(Directory, corpus.FileName);

    /// <summary>
    /// A verified local copy without any network access: the file named by the corpus's environment
    /// variable when that is set, else the cached file when its SHA-256 matches; null when there is none.
    /// </summary>
    /// <exception cref="RecurrentException">The environment variable names a missing file or one with another hash; a file cannot be read.</exception>
    public string? FindLocal(NamedCorpus corpus)
    {
        if (corpus.PathVariable is not null && Environment(corpus.PathVariable) is { Length: > 0 } named)
            return CheckNamedCopy(corpus, named);
        string cached = PathOf(corpus);
        return File.Exists(cached) && HasHash(cached, corpus.Sha256) ? cached : null;
    }

    /// <summary>
    /// The path of a verified copy of <paramref name="corpus"/>: <see cref="FindLocal"/>'s, or else a fresh
    /// download into the cache. A cached file with the wrong hash is downloaded again. The download goes to a
    /// temporary file in the cache folder, is checked against the SHA-256, and is renamed into place only then;
    /// on any failure, cancellation included, the temporary file is deleted.
    /// </summary>
    /// <param name="corpus">The corpus to find or download: its URL, file name and SHA-256.</param>
    /// <param name="progress">Called after each piece of the body arrives; null for none.</param>
    /// <param name="cancellation">Stops the download; the temporary file is deleted.</param>
    /// <returns>The full path of a file whose SHA-256 is the corpus's.</returns>
    /// <exception cref="RecurrentException">The download failed, timed out, or gave other bytes; the message names the URL, the reason and where to put the file by hand.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> fired; nothing is left behind.</exception>
    public async Task<string> FetchAsync(NamedCorpus corpus, Action<DownloadProgress>? progress = null, CancellationToken cancellation = default)
    {
        if (FindLocal(corpus) is string local)
            return local;
        string destination = PathOf(corpus);
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RecurrentException($"Cannot create the cache folder '{Directory}': {e.Message} Set {DirectoryVariable} to a writable folder.", e);
        }
        await CorpusDownload.RunAsync(_handler, corpus, destination, Timeout, progress, cancellation).ConfigureAwait(false);
        return destination;
    }

    /// <summary><see cref="FetchAsync"/>, waited for; for callers without async (the command line).</summary>
    public string Fetch(NamedCorpus corpus, Action<DownloadProgress>? progress = null, CancellationToken cancellation = default) =>
        FetchAsync(corpus, progress, cancellation).GetAwaiter().GetResult();

    /// <summary>The SHA-256 of a file's bytes, as 64 lowercase hexadecimal digits.</summary>
    /// <exception cref="RecurrentException">The file cannot be read.</exception>
    public static string Sha256Of(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            return Convert.ToHexStringLower(SHA256.HashData(stream));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RecurrentException($"Cannot read '{path}': {e.Message}", e);
        }
    }

    private static bool HasHash(string path, string sha256) => Sha256Of(path).Equals(sha256, StringComparison.OrdinalIgnoreCase);

    private static string CheckNamedCopy(NamedCorpus corpus, string path)
    {
        if (!File.Exists(path))
            throw new RecurrentException($"{corpus.PathVariable} names '{path}', which is not a file; fix or unset it.");
        string actual = Sha256Of(path);
        if (!actual.Equals(corpus.Sha256, StringComparison.OrdinalIgnoreCase))
            throw new RecurrentException(
                $"'{path}' (named by {corpus.PathVariable}) is not the {corpus.Name} text: its SHA-256 is {actual}, not {corpus.Sha256}; " +
                $"unset {corpus.PathVariable} to download it.");
        return path;
    }
}
