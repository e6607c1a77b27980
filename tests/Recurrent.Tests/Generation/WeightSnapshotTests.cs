// Generation reads a packed snapshot of the weights (RecurrentModel.TakeWeightSnapshot). Fed one token at a time,
// a Sampler must give the logits a batched Forward gives at every step, bit for bit, and keep the weights it was
// made with until asked to refresh them.
using System.Numerics;
using Recurrent.Generation;
using Recurrent.Models;
using Recurrent.Numerics;

namespace Recurrent.Tests.Generation;

public sealed class WeightSnapshotTests
{
    [Theory]
    [InlineData(CellKind.Lstm, 13, 0)]
    [InlineData(CellKind.Lstm, 40, 0)]
    [InlineData(CellKind.Gru, 40, 0)]
    [InlineData(CellKind.Rnn, 70, 0)]
    [InlineData(CellKind.Lstm, 17, 6)]
    public void A_sampler_fed_token_by_token_gives_the_batched_logits_bit_for_bit(CellKind cell, int hidden, int embedding)
    {
        SamplerEqualsBatchedForward<float>(cell, hidden, embedding);
        SamplerEqualsBatchedForward<double>(cell, hidden, embedding);
    }

    private static void SamplerEqualsBatchedForward<T>(CellKind cell, int hidden, int embedding)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        // Batch 5 and 12 steps: every batched product takes a FMA-chain path (more than 4 rows of C).
        const int vocabulary = 67, steps = 12, batch = 5, row = 2;
        var model = new RecurrentModel<T>(ModelSpec.ForCharacters(cell, vocabulary, hidden, layers: 2, embedding));
        model.Initialize(seed: 4);
        var batched = model.CreateWorkspace(steps, batch);
        var rng = new Rng(9);
        for (int q = 0; q < steps * batch; q++)
            batched.Tokens[q] = rng.NextInt(vocabulary);
        model.Forward(batched, steps, model.CreateState(batch));

        var sampler = new Sampler<T>(model);
        for (int t = 0; t < steps; t++)
        {
            sampler.Feed(batched.Tokens[t * batch + row]);
            ReadOnlySpan<T> expected = batched.Outputs.AsSpan((t * batch + row) * vocabulary, vocabulary);
            Assert.True(expected.SequenceEqual(sampler.Logits), $"{typeof(T).Name} {cell} H={hidden}: logits differ at step {t}");
        }
    }

    [Fact]
    public void The_evaluation_loss_does_not_depend_on_the_chunk_size_bit_for_bit()
    {
        var model = new RecurrentModel<float>(ModelSpec.ForCharacters(CellKind.Lstm, 20, hidden: 24, layers: 2));
        model.Initialize(seed: 3);
        var rng = new Rng(2);
        int[] tokens = Enumerable.Range(0, 50).Select(_ => rng.NextInt(20)).ToArray();
        double whole = Recurrent.Training.Evaluation.MeanCrossEntropy(model, tokens);
        foreach (int chunk in new[] { 1, 3, 4, 5, 16 })
            Assert.Equal(whole, Recurrent.Training.Evaluation.MeanCrossEntropy(model, tokens, chunk));
    }

    [Fact]
    public void A_reused_evaluation_follows_the_model_as_it_changes()
    {
        var model = new RecurrentModel<float>(ModelSpec.ForCharacters(CellKind.Gru, 12, hidden: 20, layers: 2));
        model.Initialize(seed: 5);
        var rng = new Rng(1);
        int[] tokens = Enumerable.Range(0, 40).Select(_ => rng.NextInt(12)).ToArray();
        var evaluation = new Recurrent.Training.Evaluation<float>(model, chunk: 16);
        double before = evaluation.MeanCrossEntropy(tokens);
        Assert.Equal(before, evaluation.MeanCrossEntropy(tokens)); // the state starts from zero each time

        for (int q = 0; q < model.Parameters.Count; q++)
            model.Parameters.Values[q] *= 0.5f;
        double after = evaluation.MeanCrossEntropy(tokens);
        Assert.NotEqual(before, after);
        Assert.Equal(Recurrent.Training.Evaluation.MeanCrossEntropy(model, tokens, chunk: 16), after);
    }

    [Fact]
    public void A_sampler_keeps_its_weights_until_refreshed()
    {
        var model = new RecurrentModel<float>(ModelSpec.ForCharacters(CellKind.Lstm, 9, hidden: 12, layers: 2));
        model.Initialize(seed: 1);
        var sampler = new Sampler<float>(model);
        sampler.Feed(3);
        float[] before = sampler.Logits.ToArray();

        for (int q = 0; q < model.Parameters.Count; q++)
            model.Parameters.Values[q] *= 1.5f;
        sampler.Reset();
        sampler.Feed(3);
        Assert.Equal(before, sampler.Logits.ToArray());

        sampler.Reset();
        sampler.RefreshWeights();
        sampler.Feed(3);
        var fresh = new Sampler<float>(model);
        fresh.Feed(3);
        Assert.NotEqual(before, sampler.Logits.ToArray());
        Assert.Equal(fresh.Logits.ToArray(), sampler.Logits.ToArray());
    }

    [Fact]
    public void A_workspace_holding_one_models_snapshot_is_refused_by_another()
    {
        var spec = ModelSpec.ForCharacters(CellKind.Lstm, 6, hidden: 5, layers: 1);
        var (first, second) = (new RecurrentModel<float>(spec), new RecurrentModel<float>(spec));
        var ws = first.CreateWorkspace(1, 1, forBackward: false);
        first.TakeWeightSnapshot(ws);
        var error = Assert.Throws<InvalidOperationException>(() => second.Forward(ws, 1, second.CreateState(1)));
        Assert.Contains("another model", error.Message);
        Assert.Throws<InvalidOperationException>(() => second.TakeWeightSnapshot(ws));
    }

    [Fact]
    public void A_training_workspace_refuses_a_snapshot()
    {
        var model = new RecurrentModel<float>(ModelSpec.ForCharacters(CellKind.Gru, 5, hidden: 4, layers: 1));
        var error = Assert.Throws<InvalidOperationException>(() => model.TakeWeightSnapshot(model.CreateWorkspace(2, 1)));
        Assert.Contains("inference", error.Message);
    }
}
