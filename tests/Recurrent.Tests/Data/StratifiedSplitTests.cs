// A stratified split keeps each class's share in both parts, uses every example once, repeats itself for a seed,
// holds out at least one example of a class that has two, and refuses a class that would have nothing left to train on.
using Recurrent.Data;

namespace Recurrent.Tests.Data;

public sealed class StratifiedSplitTests
{
    [Fact]
    public void Each_class_keeps_its_share_and_every_example_lands_once()
    {
        string[] labels = [.. Enumerable.Range(0, 1000).Select(i => i % 10 < 7 ? "common" : i % 10 < 9 ? "middle" : "rare")];
        var (training, validation) = StratifiedSplit.Split(labels, 0.2, seed: 4);
        Assert.Equal(Enumerable.Range(0, 1000), training.Concat(validation).Order());
        Assert.Equal(140, validation.Count(i => labels[i] == "common"));
        Assert.Equal(40, validation.Count(i => labels[i] == "middle"));
        Assert.Equal(20, validation.Count(i => labels[i] == "rare"));
        Assert.Equal(validation, StratifiedSplit.Split(labels, 0.2, seed: 4).Validation);
        Assert.NotEqual(validation, StratifiedSplit.Split(labels, 0.2, seed: 5).Validation);
    }

    [Fact]
    public void A_small_class_holds_one_out_and_a_class_of_one_is_refused()
    {
        var (_, validation) = StratifiedSplit.Split(["a", "a", "a", "a", "a", "a", "a", "a", "a", "a", "b", "b"], 0.1, seed: 1);
        Assert.Equal(1, validation.Count(i => i >= 10)); // round(0.2) is 0: at least one of b's two
        Assert.Contains("'c' has 1 example", Assert.Throws<RecurrentException>(() => StratifiedSplit.Split(["a", "a", "c"], 0.5, seed: 1)).Message);
        Assert.Empty(StratifiedSplit.Split(["a", "b"], 0, seed: 1).Validation);
    }
}
