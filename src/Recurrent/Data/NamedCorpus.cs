// A text that Recurrent knows by name (`--data tinyshakespeare`): where it is published and the
// SHA-256 that any copy must have. The address and hash are plain data so that tests can point a
// corpus at a local server (`NamedCorpus.TinyShakespeare with { Source = ... }`).
namespace Recurrent.Data;

/// <summary>A named public text: its download address, its expected SHA-256, and an optional environment variable naming a local copy.</summary>
/// <param name="Name">The name the command line accepts, also the cache file's stem.</param>
/// <param name="Source">Where the text is downloaded from.</param>
/// <param name="Sha256">The SHA-256 of the file's bytes, as 64 hexadecimal digits.</param>
/// <param name="PathVariable">An environment variable that, when set, names a local copy to use instead of the cache.</param>
public sealed record NamedCorpus(string Name, Uri Source, string Sha256, string? PathVariable = null)
{
    /// <summary>
    /// Karpathy's tinyshakespeare (data/tinyshakespeare/input.txt of karpathy/char-rnn, 1,115,394 bytes),
    /// as nanoGPT's prepare script fetches it; RECURRENT_TINYSHAKESPEARE may name a local copy.
    /// </summary>
    public static NamedCorpus TinyShakespeare { get; } = new(
        "tinyshakespeare",
        new Uri("https://raw.githubusercontent.com/karpathy/char-rnn/master/data/tinyshakespeare/input.txt"),
        "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed",
        "RECURRENT_TINYSHAKESPEARE");

    /// <summary>Every corpus known by name.</summary>
    public static IReadOnlyList<NamedCorpus> All { get; } = [TinyShakespeare];

    /// <summary>The corpus called <paramref name="name"/> (exact, case-sensitive), or null.</summary>
    public static NamedCorpus? Find(string name) => All.FirstOrDefault(corpus => corpus.Name == name);

    /// <summary>The name of its file in the cache folder: "<c>Name</c>.txt".</summary>
    public string FileName => Name + ".txt";
}
