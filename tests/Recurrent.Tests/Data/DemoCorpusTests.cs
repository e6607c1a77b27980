// DemoCorpus: determinism, the length contract, the character set and the play's layout.
using Recurrent.Data;

namespace Recurrent.Tests.Data;

public sealed class DemoCorpusTests
{
    private static readonly string Default = DemoCorpus.Generate();

    [Fact]
    public void SameSeed_GivesIdenticalText() =>
        Assert.Equal(DemoCorpus.Generate(50_000, seed: 7), DemoCorpus.Generate(50_000, seed: 7));

    [Fact]
    public void DifferentSeed_GivesDifferentText() =>
        Assert.NotEqual(DemoCorpus.Generate(50_000, seed: 1), DemoCorpus.Generate(50_000, seed: 2));

    [Fact]
    public void DefaultSeed_GivesThePinnedOpening()
    {
        // Pins the text itself: a change here changes what the README's demo trains on.
        Assert.StartsWith(
            "SCENE: A road, in the rain.\n\nTESSA:\nMarlo broke his king through a proud old field.\n\nMARLO:\nAre they little?\n",
            Default);
    }

    [Fact]
    public void ShorterRequest_IsAPrefixOfALongerOne() =>
        Assert.StartsWith(DemoCorpus.Generate(5_000, seed: 3), DemoCorpus.Generate(60_000, seed: 3));

    [Theory]
    [InlineData(200_000)]
    [InlineData(50_000)]
    [InlineData(10_000)]
    public void Length_IsAtMostRequested_AndAtLeast95Percent(int characters)
    {
        string text = DemoCorpus.Generate(characters);

        Assert.InRange(text.Length, (int)(0.95 * characters), characters);
    }

    [Fact]
    public void Default_IsAbout200kCharacters_EndingWithANewline()
    {
        Assert.InRange(Default.Length, 190_000, 200_000);
        Assert.EndsWith("\n", Default);
    }

    [Fact]
    public void Vocabulary_IsSmallButRich()
    {
        int distinct = Default.Distinct().Count();

        Assert.InRange(distinct, 40, 64);
        foreach (char c in "abcdefghijklmnopqrstuvwxyz .,;!?':\n")
            Assert.Contains(c, Default);
    }

    [Fact]
    public void OnlyPrintableAsciiAndNewlines()
    {
        Assert.DoesNotContain('\r', Default);
        Assert.DoesNotContain('\t', Default);
        foreach (char c in Default)
        {
            Assert.True(c == '\n' || (c >= ' ' && c <= '~'), $"U+{(int)c:X4} in the demo text");
            Assert.False(c != '\n' && char.IsControl(c));
        }
    }

    [Fact]
    public void Layout_IsScenesAndSpeechesSeparatedByBlankLines()
    {
        string[] blocks = Default.TrimEnd('\n').Split("\n\n");

        Assert.StartsWith("SCENE: ", blocks[0]);
        int speeches = 0;
        foreach (string block in blocks)
        {
            string[] lines = block.Split('\n');
            Assert.All(lines, line => Assert.NotEqual("", line));
            if (lines[0].StartsWith("SCENE: "))
            {
                Assert.Single(lines);
                Assert.EndsWith(".", lines[0]);
                continue;
            }
            Assert.Contains(lines[0], new[] { "MARLO:", "TESSA:", "ODRIN:", "FENNA:", "BELKA:" });
            speeches++;
        }
        Assert.True(speeches > 500, $"{speeches} speeches");
    }

    [Fact]
    public void SentencesStartWithACapital()
    {
        foreach (string line in Default.Split('\n'))
            if (line.Length > 0)
                Assert.True(char.IsUpper(line[0]), line);
    }

    [Theory]
    [InlineData(1_000)]
    [InlineData(DemoCorpus.MinCharacters)]
    public void TinyRequest_StillGivesWholeLines(int characters)
    {
        string text = DemoCorpus.Generate(characters);

        Assert.NotEmpty(text);
        Assert.True(text.Length <= characters);
        Assert.EndsWith("\n", text);
        Assert.StartsWith(text, Default);
    }

    [Theory]
    [InlineData(DemoCorpus.MinCharacters - 1)]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(DemoCorpus.MaxCharacters + 1)]
    public void RequestOutOfRange_Throws(int characters) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DemoCorpus.Generate(characters));

    [Fact]
    public void Name_IsDemo() => Assert.Equal("demo", DemoCorpus.Name);
}
