// How a classifier read its numeric table, saved with it: every field round-trips through JSON, a damaged layout is a
// FormatException, and each way of reading a table differently (features, their order, columns, windows, label rule)
// is named as the difference.
using Recurrent.Classification;

namespace Recurrent.Tests.Classification;

public sealed class SequenceLayoutTests
{
    private static readonly SequenceLayout Layout = new(
        new SequenceColumns { Id = "mote_id", Step = "reading", Label = "label", Features = ["humidity", "temperature"] },
        new SequenceOptions { Window = 30, Stride = 5, LabelFrom = SequenceLabel.AnyStep, Normal = "0" });

    [Fact]
    public void Every_field_round_trips()
    {
        var back = SequenceLayout.FromJson(Layout.ToJson());
        Assert.Null(Layout.Difference(back));
        Assert.Equal(Layout.Options, back.Options);
        Assert.Equal((Layout.Columns.Id, Layout.Columns.Step, Layout.Columns.Label), (back.Columns.Id, back.Columns.Step, back.Columns.Label));
        var whole = new SequenceLayout(new SequenceColumns { Features = ["x"] }, new SequenceOptions());
        Assert.Null(whole.Difference(SequenceLayout.FromJson(whole.ToJson())));
        Assert.Throws<FormatException>(() => SequenceLayout.FromJson("{\"id\":null}"));
        Assert.Throws<FormatException>(() => SequenceLayout.FromJson(Layout.ToJson().Replace("AnyStep", "Sometimes")));
    }

    [Fact]
    public void Each_other_way_of_reading_is_named()
    {
        Assert.Contains("the features temperature,humidity", Layout.Difference(Layout with { Columns = Layout.Columns with { Features = ["temperature", "humidity"] } }));
        Assert.Contains("the id, step and label columns", Layout.Difference(Layout with { Columns = Layout.Columns with { Step = null } }));
        Assert.Contains("windows of 30 every 1", Layout.Difference(Layout with { Options = Layout.Options with { Stride = 1 } }));
        Assert.Contains("labels from LastStep", Layout.Difference(Layout with { Options = Layout.Options with { LabelFrom = SequenceLabel.LastStep, Normal = null } }));
    }
}
