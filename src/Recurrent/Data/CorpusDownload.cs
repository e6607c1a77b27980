// One download of a named corpus into the cache: stream the body to a temporary file beside the
// destination while hashing it, check the length and the SHA-256, flush, and only then rename it
// into place (atomic on one file system), so a reader sees either no file or the whole, right one.
// Whatever goes wrong (network, timeout, wrong bytes, cancellation) the temporary file is deleted.
using System.Security.Cryptography;

namespace Recurrent.Data;

/// <summary>The HTTP → temporary file → SHA-256 check → rename step of <see cref="CorpusCache"/>.</summary>
internal static class CorpusDownload
{
    /// <summary>The prefix and suffix of temporary files in the cache folder: ".NAME.txt.GUID.partial".</summary>
    public const string TemporarySuffix = ".partial";

    /// <exception cref="RecurrentException">Network failure, a non-success status, a timeout, a short body or other bytes.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> fired.</exception>
    public static async Task RunAsync(
        HttpMessageHandler? handler, NamedCorpus corpus, string destination, TimeSpan timeout,
        Action<DownloadProgress>? progress, CancellationToken cancellation)
    {
        string temporary = Path.Combine(Path.GetDirectoryName(destination)!, $".{corpus.FileName}.{Guid.NewGuid():N}{TemporarySuffix}");
        using var client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        client.Timeout = System.Threading.Timeout.InfiniteTimeSpan; // each wait is timed below instead, the body's included
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        bool renamed = false;
        try
        {
            deadline.CancelAfter(timeout);
            using var response = await client.GetAsync(corpus.Source, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                throw Failure(corpus, destination, $"the server answered HTTP {(int)response.StatusCode} ({response.ReasonPhrase})");
            long? total = response.Content.Headers.ContentLength;
            long received = 0;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var body = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
                await using (file.ConfigureAwait(false))
                {
                    byte[] buffer = new byte[1 << 16];
                    while (true)
                    {
                        deadline.CancelAfter(timeout); // restarts the clock: a slow but moving download is fine, a stalled one is not
                        int read = await body.ReadAsync(buffer, deadline.Token).ConfigureAwait(false);
                        if (read == 0)
                            break;
                        hash.AppendData(buffer, 0, read);
                        await file.WriteAsync(buffer.AsMemory(0, read), deadline.Token).ConfigureAwait(false);
                        received += read;
                        progress?.Invoke(new DownloadProgress(received, total));
                    }
                    file.Flush(flushToDisk: true);
                }
            }
            if (total is long announced && received != announced)
                throw Failure(corpus, destination, $"the connection closed after {received} of {announced} bytes");
            string actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (!actual.Equals(corpus.Sha256, StringComparison.OrdinalIgnoreCase))
                throw new RecurrentException(
                    $"The file downloaded from {corpus.Source} is not the {corpus.Name} text: its SHA-256 is {actual}, not {corpus.Sha256}, " +
                    $"so it was not kept. Put the right file at '{destination}' yourself{VariableHint(corpus)}.");
            File.Move(temporary, destination, overwrite: true);
            renamed = true;
        }
        catch (OperationCanceledException e) when (!cancellation.IsCancellationRequested)
        {
            throw Failure(corpus, destination, $"no answer within {timeout.TotalSeconds:0.###} s", e);
        }
        catch (HttpRequestException e)
        {
            throw Failure(corpus, destination, e.Message, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failure(corpus, destination, e.Message, e); // HttpIOException (a body cut short) is an IOException too
        }
        finally
        {
            if (!renamed)
                TryDelete(temporary);
        }
    }

    private static RecurrentException Failure(NamedCorpus corpus, string destination, string reason, Exception? inner = null)
    {
        // A file already there failed its check (that is why it was being downloaded again): say so, not "put one there".
        string where = File.Exists(destination)
            ? $"the file at '{destination}' is not the {corpus.Name} text (its SHA-256 differs): replace it with the right one yourself"
            : $"put the file at '{destination}' yourself";
        string message = $"Could not download {corpus.Name} from {corpus.Source}: {reason.TrimEnd('.', ' ')}; {where}{VariableHint(corpus)}.";
        return inner is null ? new RecurrentException(message) : new RecurrentException(message, inner);
    }

    private static string VariableHint(NamedCorpus corpus) =>
        corpus.PathVariable is null ? "" : $" (or set {corpus.PathVariable} to a copy)";

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The original failure matters more; a leftover ".partial" file is never read as the corpus.
        }
    }
}
