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
        var options = new TrainingOptions { Steps = 150, Optimizer = OptimizerKind.Adam, LearningRate = 0.05, Seed = 7 };
        var session = Start("help", cell, hidden: 8, options);
        var outcome = session.Run();

        var vocabulary = session.Model.Vocabulary!;
        var sampler = new Sampler<float>(session.Model.Network);
        foreach (int token in vocabulary.Encode("hel"))
            sampler.Feed(token);
        float p = sampler.NextDistribution()[vocabulary.Encode("p")[0]];
        Assert.True(p > 0.9f, $"p(p | hel) = {p}");
        Assert.True(outcome.LastLoss < 0.1, $"final training loss {outcome.LastLoss}");
    }

    [Fact]
    public void Training_is_reproducible_to_the_byte()
    {
        var options = new TrainingOptions { Steps = 20, Seed = 3 };
        var first = Start("help", CellKind.Lstm, hidden: 6, options);
        first.Run();
        var second = Start("help", CellKind.Lstm, hidden: 6, options);
        second.Run();
        Assert.Equal(first.Model.Network.Parameters.Values, second.Model.Network.Parameters.Values);
    }

    /// <summary>One layer of <paramref name="hidden"/> over the text's characters, windows of 3 of one stream, no validation.</summary>
    private static TrainingSession Start(string text, CellKind cell, int hidden, TrainingOptions options)
    {
        var vocabulary = Vocabulary.FromText(text);
        var model = ModelBundle.ForCharacters(cell, vocabulary, hidden, layers: 1);
        model.Network.Initialize(options.Seed);
        var batching = new TextBatching { SeqLen = 3, Batch = 1, ValFraction = 0 };
        return CharacterTraining.Start(model, vocabulary.Encode(text), batching, options).Session;
    }
}
