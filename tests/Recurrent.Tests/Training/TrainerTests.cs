// Truncated BPTT bookkeeping: state carried between windows and reset at an epoch's start,
// no allocation in a step (a character model's, and a forecaster's with the quantile or absolute loss), NaN guard,
// cancellation.
using Recurrent.Data;
using Recurrent.Models;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

public sealed class TrainerTests
{
    private static (RecurrentModel<float> Model, Trainer<float> Trainer) Build(int windows = 3, double clip = 5)
    {
        var model = new RecurrentModel<float>(ModelSpec.ForCharacters(CellKind.Lstm, 5, hidden: 8, layers: 2));
        model.Initialize(3);
        var rng = new Recurrent.Numerics.Rng(9);
        int[] tokens = Enumerable.Range(0, 4 * (windows * 6 + 1)).Select(_ => rng.NextInt(5)).ToArray();
        var streams = new TextStreams(tokens, batch: 4, steps: 6);
        Assert.Equal(windows, streams.WindowsPerEpoch);
        return (model, new Trainer<float>(model, streams, new Adam<float>(model.Parameters.Count, 0.01), clip));
    }

    [Fact]
    public void State_carries_within_an_epoch_and_resets_at_its_start()
    {
        var (_, trainer) = Build(windows: 3);
        trainer.Step();
        float[] afterFirst = trainer.State.Hiddens.ToArray();
        Assert.Contains(afterFirst, v => v != 0);
        var second = trainer.Step();
        Assert.Equal(1, second.Window);
        Assert.Equal(0, second.Epoch);
        trainer.Step();
        var wrapped = trainer.Step();
        Assert.Equal(0, wrapped.Window);
        Assert.Equal(1, wrapped.Epoch);
    }

    [Fact]
    public void A_training_step_allocates_nothing()
    {
        var (_, trainer) = Build();
        Assert.Equal(0, StepAllocations.Of(trainer));
    }

    [Theory]
    [InlineData(RegressionLoss.Quantile)]
    [InlineData(RegressionLoss.MeanAbsoluteError)]
    public void A_training_step_with_another_regression_loss_allocates_nothing(RegressionLoss loss)
    {
        // Two features, a head on the last step predicting the next row's two values, each at three quantiles:
        // target columns 0,0,0,1,1,1 replicate the targets to match (or three estimates of each for the MAE).
        double[] quantiles = loss == RegressionLoss.Quantile ? [0.1, 0.5, 0.9] : [];
        var spec = new ModelSpec(CellKind.Gru, InputKind.Dense, 2, 8, 2, 6)
        {
            Head = HeadKind.Regression, Readout = Readout.LastStep, Loss = loss, Quantiles = quantiles,
        };
        var model = new RecurrentModel<float>(spec);
        model.Initialize(3);
        double[] series = Enumerable.Range(0, 2 * 200).Select(k => Math.Sin(0.1 * k)).ToArray();
        var windows = new SeriesWindows(series, 2, [0, 0, 0, 1, 1, 1], steps: 10, batch: 4, everyStep: false, seed: 2);
        var trainer = new Trainer<float>(model, windows, new Adam<float>(model.Parameters.Count, 0.01), clip: 1);
        double first = trainer.Step().Loss;
        Assert.Equal(0, StepAllocations.Of(trainer));
        Assert.True(double.IsFinite(first) && first > 0);
    }

    [Fact]
    public void A_NaN_loss_stops_training_with_a_clear_message_and_leaves_the_weights()
    {
        var (model, trainer) = Build();
        model.Parameters.Value(ParameterNames.HeadBias)[0] = float.NaN;
        float[] before = model.Parameters.Values.ToArray();
        var error = Assert.Throws<RecurrentException>(() => trainer.Step());
        Assert.Contains("NaN at step 1", error.Message);
        Assert.Equal(before, model.Parameters.Values);
    }

    [Fact]
    public void Cancellation_stops_after_the_current_step_and_keeps_what_was_learned()
    {
        using var cancellation = new CancellationTokenSource();
        var vocabulary = Vocabulary.FromText("hello world");
        var model = ModelBundle.ForCharacters(CellKind.Lstm, vocabulary, hidden: 4, layers: 1);
        var session = CharacterTraining.Start(model, vocabulary.Encode("hello world"), new TextBatching { SeqLen = 3, Batch = 1, ValFraction = 0 },
            new TrainingOptions { Steps = 100 }).Session;
        var outcome = session.Run(step =>
        {
            if (step.Step == 3)
                cancellation.Cancel();
        }, cancellation: cancellation.Token);
        Assert.Equal(TrainingEnd.Interrupted, outcome.End);
        Assert.Equal(3, outcome.Steps);
    }
}
