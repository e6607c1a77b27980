// Characters are Unicode scalar values, indexed in order of first appearance.
using System.Text;
using Recurrent.Data;

namespace Recurrent.Tests.Data;

public sealed class VocabularyTests
{
    [Fact]
    public void A_surrogate_pair_is_one_character()
    {
        var vocabulary = Vocabulary.FromText("a\U0001F600b\U0001F600a");
        Assert.Equal(["a", "\U0001F600", "b"], vocabulary.Symbols);
        Assert.Equal([0, 1, 2, 1, 0], vocabulary.Encode("a\U0001F600b\U0001F600a"));
        Assert.Equal("b\U0001F600", vocabulary.Decode([2, 1]));
    }

    [Fact]
    public void An_unknown_character_is_named_in_the_error()
    {
        var vocabulary = Vocabulary.FromText("abc");
        Assert.Contains("'d' (U+0064)", Assert.Throws<RecurrentException>(() => vocabulary.Encode("abd")).Message);
        Assert.Contains("'\\n' (U+000A)", Assert.Throws<RecurrentException>(() => vocabulary.Encode("a\n")).Message);
    }

    [Fact]
    public void Entries_must_be_single_distinct_characters()
    {
        Assert.Throws<RecurrentException>(() => new Vocabulary(["ab"]));
        Assert.Throws<RecurrentException>(() => new Vocabulary(["a", "a"]));
        Assert.Throws<RecurrentException>(() => new Vocabulary(["\uD800"])); // a lone surrogate is no character
        Assert.True(new Vocabulary(["x"]).Contains(new Rune('x')));
    }
}
