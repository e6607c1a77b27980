// The built-in demo text: an endless little play in plain invented English, written on the fly by
// the small grammar of DemoCorpusWriter over the words of DemoLexicon. It is generated rather than shipped so that the repository holds
// no borrowed prose (nothing copied, no licence to track) and so that a seed fixes every byte on
// every machine and .NET version (Recurrent.Numerics.Rng, not System.Random). The grammar is small
// on purpose: about 250 words, 54 distinct characters, scenes, speaker names and blank lines, so
// that a character LSTM with 128 hidden units can pick up the shape of the text in a short run.
// It is not meant to read well; it is meant to be learnable and clean.
using Recurrent.Numerics;

namespace Recurrent.Data;

/// <summary>Deterministic English-like demo text: a play with a small invented cast, made by a grammar.</summary>
public static class DemoCorpus
{
    /// <summary>The name the command line accepts for this text (<c>--data demo</c>).</summary>
    public const string Name = "demo";

    /// <summary>The smallest request <see cref="Generate"/> accepts.</summary>
    public const int MinCharacters = 100;

    /// <summary>The largest request <see cref="Generate"/> accepts.</summary>
    public const int MaxCharacters = 100_000_000;

    /// <summary>
    /// The text for <paramref name="seed"/>, cut after the last line end that keeps it within
    /// <paramref name="characters"/> characters. Only printable ASCII and '\n' appear; the text ends
    /// with '\n'. A shorter request for the same seed gives a prefix of a longer one.
    /// </summary>
    /// <param name="characters">The most characters to return; the result is shorter by less than one line.</param>
    /// <param name="seed">Picks the text; the same seed gives the same text everywhere.</param>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="characters"/> is below <see cref="MinCharacters"/> or above <see cref="MaxCharacters"/>.
    /// </exception>
    public static string Generate(int characters = 200_000, ulong seed = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(characters, MinCharacters);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(characters, MaxCharacters);
        return new DemoCorpusWriter(new Rng(seed), characters).Write();
    }
}
