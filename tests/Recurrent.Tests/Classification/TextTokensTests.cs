// How a classifier reads a text, checked against tokens written out by hand: the unknown entry U+FFFD first, then the
// training characters in order of first appearance; a character met later reads as 0 and is counted; an emoji is one
// token; lowercasing; the head or the tail of an over-long text; an empty text; a vocabulary without its unknown entry.
using Recurrent.Classification;
using Recurrent.Data;

namespace Recurrent.Tests.Classification;

public sealed class TextTokensTests
{
    private static readonly ClassifierSettings Plain = new();

    [Fact]
    public void The_vocabulary_is_the_unknown_entry_then_the_training_characters_in_order_of_first_appearance()
    {
        var tokens = TextTokens.Fit(["banana", "cab", "nab"], Plain);
        Assert.Equal(["\uFFFD", "b", "a", "n", "c"], tokens.Vocabulary.Symbols);
        Assert.Equal([4, 2, 1], tokens.Encode("cab", out int unknown));
        Assert.Equal(0, unknown);
    }

    [Fact]
    public void A_character_the_training_part_lacks_reads_as_the_unknown_entry_and_is_counted()
    {
        var tokens = TextTokens.Fit(["abc"], Plain);
        Assert.Equal([1, 0, 3, 0, 0], tokens.Encode("axczz", out int unknown));
        Assert.Equal(3, unknown);
        Assert.Equal([0], tokens.Encode("\uFFFD", out unknown)); // the unknown entry itself is no training character
        Assert.Equal(1, unknown);
    }

    [Fact]
    public void A_surrogate_pair_is_one_token_and_a_lone_surrogate_reads_as_unknown()
    {
        var tokens = TextTokens.Fit(["a\U0001F600b", "\U0001F44Da"], Plain);
        Assert.Equal(["\uFFFD", "a", "\U0001F600", "b", "\U0001F44D"], tokens.Vocabulary.Symbols);
        Assert.Equal([2, 2, 4], tokens.Encode("\U0001F600\U0001F600\U0001F44D", out int unknown));
        Assert.Equal(0, unknown);
        Assert.Equal([1, 0], tokens.Encode("a\U0001F680", out unknown)); // a rocket, never seen: one unknown, not two
        Assert.Equal(1, unknown);

        var broken = TextTokens.Fit(["a\uD800b"], Plain); // a lone high surrogate is no character of the vocabulary
        Assert.Equal(["\uFFFD", "a", "b"], broken.Vocabulary.Symbols);
        Assert.Equal([1, 0, 2], broken.Encode("a\uDC00b", out unknown));
        Assert.Equal(1, unknown);
    }

    [Fact]
    public void Lowercasing_reads_capitals_as_their_small_letters_in_fitting_and_in_encoding()
    {
        var lower = TextTokens.Fit(["AbC", "ÉTÉ"], Plain with { Lowercase = true });
        Assert.Equal(["\uFFFD", "a", "b", "c", "é", "t"], lower.Vocabulary.Symbols);
        Assert.Equal([3, 2, 1, 4], lower.Encode("CBAÉ", out int unknown));
        Assert.Equal(0, unknown);

        var cased = TextTokens.Fit(["AbC"], Plain);
        Assert.Equal(["\uFFFD", "A", "b", "C"], cased.Vocabulary.Symbols);
        Assert.Equal([0, 2, 0], cased.Encode("abc", out unknown));
        Assert.Equal(2, unknown);
    }

    [Fact]
    public void An_over_long_text_keeps_its_head_or_its_tail()
    {
        var head = TextTokens.Fit(["abcdef"], Plain with { MaxLength = 3 });
        Assert.Equal([1, 2, 3], head.Encode("abcdef", out _));
        Assert.Equal([1, 2], head.Encode("ab", out _));
        var tail = TextTokens.Fit(["abcdef"], Plain with { MaxLength = 3, Truncation = Truncation.KeepTail });
        Assert.Equal([4, 5, 6], tail.Encode("abcdef", out _));
        Assert.Equal([1, 2, 3], tail.Encode("abc", out _));
        Assert.Equal([4, 6, 1], tail.Encode("fedfa", out _));
        var unlimited = TextTokens.Fit(["abcdef"], Plain);
        Assert.Equal(600, unlimited.Encode(string.Concat(Enumerable.Repeat("abcdef", 100)), out _).Length);
    }

    [Fact]
    public void Only_the_characters_kept_count_as_unknown()
    {
        // The model reads the kept part only: an unknown character cut off is never read as the unknown entry.
        var tail = TextTokens.Fit(["abc"], Plain with { MaxLength = 2, Truncation = Truncation.KeepTail });
        Assert.Equal([2, 3], tail.Encode("xyzbc", out int unknown));
        Assert.Equal(0, unknown);
        Assert.Equal([0, 3], tail.Encode("abzc", out unknown));
        Assert.Equal(1, unknown);
        var head = TextTokens.Fit(["abc"], Plain with { MaxLength = 2 });
        Assert.Equal([1, 2], head.Encode("abxyz", out unknown));
        Assert.Equal(0, unknown);
    }

    [Fact]
    public void An_empty_text_is_one_unknown_token()
    {
        var tokens = TextTokens.Fit(["abc", ""], Plain with { MaxLength = 2, Truncation = Truncation.KeepTail });
        Assert.Equal(4, tokens.Vocabulary.Count);
        Assert.Equal([0], tokens.Encode("", out int unknown));
        Assert.Equal(0, unknown); // no character is missing from the vocabulary: there is none
    }

    [Fact]
    public void A_vocabulary_without_the_unknown_entry_first_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new TextTokens(new Vocabulary(["a", "\uFFFD"]), Plain));
        Assert.Throws<ArgumentException>(() => new TextTokens(new Vocabulary(["a", "b"]), Plain));
        Assert.Throws<ArgumentException>(() => new TextTokens(new Vocabulary([]), Plain));
        var tokens = new TextTokens(new Vocabulary(["\uFFFD", "x", "y"]), Plain);
        Assert.Equal([2, 1, 0], tokens.Encode("yxz", out int unknown));
        Assert.Equal(1, unknown);
    }
}
