// Resolves --data: a UTF-8 text file, '-' for standard input (read whole, up to the size of one text), or the name
// of a text that Recurrent knows: "demo" (generated, embedded) or a named corpus such as "tinyshakespeare" (fetched
// once into the cache folder, checked by SHA-256). A file of the same name in the working directory always wins over
// a built-in name.
// This class prints nothing itself: a download reports through the optional progress callback.
using Recurrent.Data;

namespace Recurrent.Cli;

/// <summary>Turns a --data value into text.</summary>
public static class DataSource
{
    /// <summary>
    /// The text of <paramref name="value"/>: the embedded demo corpus for "demo", the cached (downloaded on
    /// first use) corpus for a name such as "tinyshakespeare" (for either, unless a file of that name exists),
    /// otherwise the file, read strictly as UTF-8.
    /// </summary>
    /// <param name="progress">Receives a line before a download starts and when it ends; null for silence.</param>
    /// <param name="cancellation">Stops a download (Ctrl+C); the partial file is deleted.</param>
    /// <exception cref="RecurrentException">The file is missing, empty or not UTF-8; a download failed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellation"/> fired during a download.</exception>
    public static (string Text, string Description) Load(string value, Action<string>? progress = null, CancellationToken cancellation = default)
    {
        if (value == Paths.StandardInput)
            return (ReadStandardInput(), StandardInputName);
        var (path, description) = Locate(value, progress, cancellation);
        return (path is null ? DemoCorpus.Generate() : TextFile.Read(path), description);
    }

    /// <summary>
    /// As <see cref="Load"/>, but already encoded over the text's own vocabulary, without holding the text as
    /// a string (<see cref="TextFile.ReadEncoded(string)"/>): the form for large training files.
    /// </summary>
    /// <exception cref="RecurrentException">As <see cref="Load"/>.</exception>
    public static (EncodedText Text, string Description) LoadEncoded(string value, Action<string>? progress = null, CancellationToken cancellation = default)
    {
        if (value == Paths.StandardInput)
            return (EncodedText.FromText(ReadStandardInput()), StandardInputName);
        var (path, description) = Locate(value, progress, cancellation);
        return (path is null ? EncodedText.FromText(DemoCorpus.Generate()) : TextFile.ReadEncoded(path), description);
    }

    /// <summary>The text of <paramref name="value"/> (as <see cref="Load"/> finds it) as tokens of a model's vocabulary.</summary>
    /// <exception cref="RecurrentException">As <see cref="Load"/>, or a character is not in <paramref name="vocabulary"/>.</exception>
    public static int[] LoadTokens(string value, Vocabulary vocabulary, Action<string>? progress = null, CancellationToken cancellation = default)
    {
        if (value == Paths.StandardInput)
            return vocabulary.Encode(ReadStandardInput());
        var (path, _) = Locate(value, progress, cancellation);
        return path is null ? vocabulary.Encode(DemoCorpus.Generate()) : TextFile.ReadEncoded(path, vocabulary).Tokens;
    }

    private const string StandardInputName = "standard input";

    /// <summary>Standard input, read to its end (at most one text's worth of bytes), decoded strictly as UTF-8.</summary>
    /// <exception cref="RecurrentException">It is empty, too long, not UTF-8, or cannot be read.</exception>
    private static string ReadStandardInput()
    {
        try
        {
            using var input = Console.OpenStandardInput();
            using var bytes = new MemoryStream();
            var buffer = new byte[1 << 16];
            for (int got; (got = input.Read(buffer)) > 0;)
            {
                if (bytes.Length + got > Array.MaxLength)
                    throw new RecurrentException($"Standard input holds more than the {Array.MaxLength:N0} bytes one text can hold.");
                bytes.Write(buffer, 0, got);
            }
            return TextFile.Decode(bytes.GetBuffer().AsSpan(0, (int)bytes.Length), "Standard input");
        }
        catch (IOException e)
        {
            throw new RecurrentException($"Cannot read standard input: {e.Message}", e);
        }
    }

    /// <summary>
    /// Where the text of <paramref name="value"/> is: a file path (after fetching a named corpus when needed),
    /// or null for the embedded demo text; and how to describe it to the user.
    /// </summary>
    /// <exception cref="RecurrentException">A named corpus could not be found or fetched.</exception>
    public static (string? Path, string Description) Locate(string value, Action<string>? progress = null, CancellationToken cancellation = default) =>
        Locate(value, workingDirectory: null, () => CorpusCache.Default(), progress, cancellation);

    /// <param name="workingDirectory">Where a relative file name is looked up; null for the process's current directory.</param>
    /// <param name="cache">Gives the cache, only when a named corpus is asked for (so a missing home folder never breaks --data FILE).</param>
    internal static (string? Path, string Description) Locate(
        string value, string? workingDirectory, Func<CorpusCache> cache, Action<string>? progress, CancellationToken cancellation = default)
    {
        string path = workingDirectory is null ? value : Path.Combine(workingDirectory, value);
        if (File.Exists(path))
            return (path, $"'{value}'");
        if (value == DemoCorpus.Name)
            return (null, "the embedded demo text");
        if (NamedCorpus.Find(value) is NamedCorpus corpus)
        {
            string fetched = Fetch(corpus, cache(), progress, cancellation);
            return (fetched, $"{corpus.Name} ('{fetched}')");
        }
        return (path, $"'{value}'"); // TextFile says what is wrong with it
    }

    private static string Fetch(NamedCorpus corpus, CorpusCache cache, Action<string>? progress, CancellationToken cancellation)
    {
        string? local;
        try
        {
            local = cache.FindLocal(corpus);
        }
        catch (RecurrentException e)
        {
            throw new RecurrentException($"{e.Message.TrimEnd('.')}; or use --data FILE to train on a text of your own.", e);
        }
        if (local is not null)
            return local;
        string destination = cache.PathOf(corpus);
        if (File.Exists(destination))
            progress?.Invoke($"'{destination}' is not the {corpus.Name} text (its SHA-256 differs): downloading it again");
        progress?.Invoke($"downloading {corpus.Name} from {corpus.Source} to {destination}");
        try
        {
            string fetched = cache.Fetch(corpus, cancellation: cancellation);
            progress?.Invoke($"downloaded {new FileInfo(fetched).Length} bytes, SHA-256 checked");
            return fetched;
        }
        catch (RecurrentException e)
        {
            // The library says how to get its copy; the command line also has another way out.
            throw new RecurrentException($"{e.Message.TrimEnd('.')}; or use --data FILE to train on a text of your own.", e);
        }
    }
}
