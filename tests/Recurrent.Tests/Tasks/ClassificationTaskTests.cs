// The token tasks' generators: temporal order (E ... B with X/Y in H&S's ranges, the class their order), recall (the
// class is the first symbol, distractors after it), and the embedded Reber task (a left-padded prefix of a valid
// embedded Reber string whose next symbol, the class, repeats the second). And the catalogue of names.
using Recurrent.Models;
using Recurrent.Numerics;
using Recurrent.Tasks;

namespace Recurrent.Tests.Tasks;

public sealed class ClassificationTaskTests
{
    [Fact]
    public void Temporal_order_puts_X_or_Y_in_the_papers_ranges_and_classifies_their_order()
    {
        var task = new TemporalOrderTask(100);
        Assert.Equal((10, 20), task.FirstRange);
        Assert.Equal((50, 60), task.SecondRange);
        var batch = task.NewBatch(new Rng(4), 400);
        var classes = new int[4];
        for (int b = 0; b < batch.Batch; b++)
        {
            string symbols = string.Concat(Enumerable.Range(0, 100).Select(t => TemporalOrderTask.Symbols[batch.Token(t, b)]));
            Assert.Equal('E', symbols[0]);
            Assert.Equal('B', symbols[^1]);
            int[] relevant = Enumerable.Range(0, 100).Where(t => symbols[t] is 'X' or 'Y').ToArray();
            Assert.Equal(2, relevant.Length);
            Assert.InRange(relevant[0], 10, 20);
            Assert.InRange(relevant[1], 50, 60);
            Assert.All(symbols[1..^1].Where(c => c is not ('X' or 'Y')), c => Assert.Contains(c, "abcd"));
            string order = $"{symbols[relevant[0]]}{symbols[relevant[1]]}";
            Assert.Equal(TemporalOrderTask.Classes[batch.TargetClasses[b]], order);
            classes[batch.TargetClasses[b]]++;
        }
        Assert.All(classes, count => Assert.InRange(count, 60, 140)); // about 100 each
        Assert.Equal(0.25, task.Chance);
    }

    [Fact]
    public void Recall_classifies_the_first_symbol_and_fills_the_rest_with_distractors()
    {
        var task = new RecallTask(12);
        var batch = task.NewBatch(new Rng(5), 300);
        for (int b = 0; b < batch.Batch; b++)
        {
            Assert.Equal(batch.Token(0, b), batch.TargetClasses[b]);
            Assert.InRange(batch.TargetClasses[b], 0, RecallTask.Values - 1);
            for (int t = 1; t < 12; t++)
                Assert.InRange(batch.Token(t, b), RecallTask.Values, RecallTask.Values + RecallTask.Distractors - 1);
        }
        Assert.Equal(8, batch.TargetClasses.Distinct().Count());
        Assert.Equal(1.0 / 8, task.Chance);
    }

    [Fact]
    public void Reber_grammar_draws_valid_strings_and_rejects_invalid_ones()
    {
        var rng = new Rng(6);
        var symbols = new List<int>();
        for (int k = 0; k < 200; k++)
        {
            symbols.Clear();
            ReberGrammar.DrawEmbedded(rng, symbols);
            Assert.True(ReberGrammar.IsEmbedded(symbols.ToArray()), ReberGrammar.Format(symbols.ToArray()));
            Assert.True(ReberGrammar.IsReber(symbols.ToArray()[2..^2]));
        }
        int[] Parse(string text) => text.Select(c => ReberGrammar.Alphabet.IndexOf(c)).ToArray();
        Assert.True(ReberGrammar.IsReber(Parse("BTXSE")));
        Assert.True(ReberGrammar.IsReber(Parse("BPVVE")));
        Assert.True(ReberGrammar.IsReber(Parse("BTSSXXTVPSE")));
        Assert.False(ReberGrammar.IsReber(Parse("BTXE")));
        Assert.False(ReberGrammar.IsReber(Parse("BTVSE")));
        Assert.True(ReberGrammar.IsEmbedded(Parse("BTBTXSETE")));
        Assert.False(ReberGrammar.IsEmbedded(Parse("BTBTXSEPE")));
    }

    [Fact]
    public void Embedded_reber_inputs_are_a_padded_prefix_whose_next_symbol_repeats_the_second()
    {
        var task = new EmbeddedReberTask(30);
        var batch = task.NewBatch(new Rng(7), 300);
        for (int b = 0; b < batch.Batch; b++)
        {
            int[] tokens = Enumerable.Range(0, 30).Select(t => batch.Token(t, b)).ToArray();
            int start = Array.FindIndex(tokens, s => s != EmbeddedReberTask.Padding);
            Assert.All(tokens[..start], s => Assert.Equal(EmbeddedReberTask.Padding, s));
            int[] prefix = tokens[start..];
            int second = prefix[1];
            int[] whole = [.. prefix, second, ReberGrammar.E];
            Assert.True(ReberGrammar.IsEmbedded(whole), ReberGrammar.Format(whole));
            Assert.Equal(EmbeddedReberTask.ClassOf(second), batch.TargetClasses[b]);
        }
        Assert.Equal(2, batch.TargetClasses.Distinct().Count());
    }

    [Theory]
    [InlineData("adding", typeof(AddingTask), HeadKind.Regression)]
    [InlineData("temporal-order", typeof(TemporalOrderTask), HeadKind.Classification)]
    [InlineData("ORDER", typeof(TemporalOrderTask), HeadKind.Classification)]
    [InlineData("recall", typeof(RecallTask), HeadKind.Classification)]
    [InlineData("copy", typeof(RecallTask), HeadKind.Classification)]
    [InlineData("reber", typeof(EmbeddedReberTask), HeadKind.Classification)]
    public void The_catalogue_creates_each_task_by_name(string name, Type type, HeadKind head)
    {
        var task = TaskCatalog.Create(name, TaskCatalog.DefaultLength(name));
        Assert.IsType(type, task);
        Assert.Equal(head, task.Head);
        Assert.Equal(TaskCatalog.Normalize(name), task.Name);
        var spec = task.ModelSpec(CellKind.Gru, 5, 2);
        Assert.Equal((task.Input, task.InputSize, task.OutputSize), (spec.Input, spec.InputSize, spec.OutputSize));
        Assert.Throws<ArgumentOutOfRangeException>(() => TaskCatalog.Create(name, TaskCatalog.MinimumLength(name) - 1));
    }

    [Fact]
    public void An_unknown_name_is_refused()
    {
        Assert.Null(TaskCatalog.Normalize("parity"));
        Assert.Throws<ArgumentException>(() => TaskCatalog.Create("parity", 10));
    }
}
