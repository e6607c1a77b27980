// The notes' "help" example: one-hot h, e, l, p; a context window of 3; after "hel" the model
// should say "p". Trained through the library exactly as `recurrent train` would.
using Recurrent.Data;
using Recurrent.Generation;
using Recurrent.Models;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

public sealed class HelpExampleTests
{
    [Fact]
    public void Vocabulary_of_help_is_in_order_of_first_appearance()
    {
        var vocabulary = Vocabulary.FromText("help");
        Assert.Equal(["h", "e", "l", "p"], vocabulary.Symbols);
        Assert.Equal([0, 1, 2, 3], vocabulary.Encode("help"));
    }

    [Theory]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Rnn)]
    public void Model_trained_on_help_predicts_p_after_hel(CellKind cell)
    {
        var options = new TrainingOptions
        {
            Cell = cell, Hidden = 8, Layers = 1, SeqLen = 3, Batch = 1, Steps = 150,
            Optimizer = OptimizerKind.Adam, LearningRate = 0.05, ValFraction = 0, Seed = 7,
        };
        var session = Start("help", options);
        var outcome = session.Run();

        var sampler = new Sampler<float>(session.Model.Network);
        foreach (int token in session.Model.Vocabulary.Encode("hel"))
            sampler.Feed(token);
        float p = sampler.NextDistribution()[session.Model.Vocabulary.Encode("p")[0]];
        Assert.True(p > 0.9f, $"p(p | hel) = {p}");
        Assert.True(outcome.LastLoss < 0.1, $"final training loss {outcome.LastLoss}");
    }

    [Fact]
    public void Training_is_reproducible_to_the_byte()
    {
        var options = new TrainingOptions { Hidden = 6, SeqLen = 3, Batch = 1, Steps = 20, ValFraction = 0, Seed = 3 };
        var first = Start("help", options);
        first.Run();
        var second = Start("help", options);
        second.Run();
        Assert.Equal(first.Model.Network.Parameters.Values, second.Model.Network.Parameters.Values);
    }

    private static TrainingSession Start(string text, TrainingOptions options)
    {
        var vocabulary = Vocabulary.FromText(text);
        return TrainingSession.Start(vocabulary, vocabulary.Encode(text), options);
    }
}
