// Training batches of labelled sequences grouped by length and balanced over classes: every epoch still visits
// distinct examples (grouped) or draws each class equally often (balanced), a grouped batch computes far less
// padding than a shuffled one and runs only to its own longest sequence, the order is a function of the seed and
// the epoch (a resumed run reads the same batches; one drawn another way is refused), and a step allocates nothing,
// the first of an epoch included.
using Recurrent.Data;
using Recurrent.Models;
using Recurrent.Numerics;
using Recurrent.Tests.Training;
using Recurrent.Training;

namespace Recurrent.Tests.Data;

public sealed class SequenceBatchingTests
{
    private const int Count = 1000, Batch = 10;

    private static (int[][] Sequences, int[] Labels) Examples(double rareShare = 0.5)
    {
        var rng = new Rng(4);
        var sequences = new int[Count][];
        var labels = new int[Count];
        for (int n = 0; n < Count; n++)
        {
            sequences[n] = new int[5 + rng.NextInt(196)]; // lengths 5 to 200
            labels[n] = n < Count * rareShare ? 1 : 0;
        }
        return (sequences, labels);
    }

    private static LabelledSequences Source(SequenceBatching batching, double rareShare = 0.5, ulong seed = 3)
    {
        var (sequences, labels) = Examples(rareShare);
        return LabelledSequences.FromTokens(sequences, labels, Batch, seed, batching: batching);
    }

    private static int[] Batch0(LabelledSequences source, long step, int[] lengths)
    {
        var tokens = new int[source.Steps * Batch];
        var targets = new int[Batch];
        source.Fill(step, new BatchBuffers<float>(tokens, [], targets, [], lengths));
        return lengths;
    }

    [Fact]
    public void Grouped_by_length_an_epoch_visits_distinct_examples_with_little_padding()
    {
        var (sequences, _) = Examples();
        double PaddingShare(LabelledSequences source)
        {
            long padded = 0, valid = 0;
            var seen = new HashSet<int>();
            for (long step = 0; step < source.WindowsPerEpoch; step++)
            {
                int[] lengths = Batch0(source, step, new int[Batch]);
                int steps = source.StepsOf(step);
                Assert.Equal(lengths.Max(), steps);
                padded += (long)steps * Batch;
                valid += lengths.Sum();
            }
            return 1 - (double)valid / padded;
        }
        double shuffled = PaddingShare(Source(SequenceBatching.Shuffled)), grouped = PaddingShare(Source(new SequenceBatching(ByLength: true)));
        Assert.True(shuffled > 0.3, $"shuffled batches pad {shuffled:P1}");
        Assert.True(grouped < 0.05, $"grouped batches pad {grouped:P1}");

        var source = Source(new SequenceBatching(ByLength: true));
        var visited = new List<int>();
        for (long step = 0; step < source.WindowsPerEpoch; step++)
            visited.AddRange(Batch0(source, step, new int[Batch]));
        Assert.Equal(sequences.Select(s => s.Length).Order(), visited.Order()); // N = 100 B: every example once (their lengths, sorted)
    }

    [Fact]
    public void The_batches_are_a_function_of_the_seed_and_the_epoch()
    {
        var batching = new SequenceBatching(ByLength: true, BalancedClasses: true);
        LabelledSequences a = Source(batching), b = Source(batching);
        int[] Lengths(LabelledSequences source, long step) => Batch0(source, step, new int[Batch]);
        Lengths(b, 3 * a.WindowsPerEpoch - 1); // b has drawn a later epoch first, as a resumed run does
        for (long step = 0; step < 3 * a.WindowsPerEpoch; step += 37)
            Assert.Equal(Lengths(a, step), Lengths(b, step));
        Assert.NotEqual(Lengths(a, 0), Lengths(a, a.WindowsPerEpoch));

        b.SetState(a.GetState()!);
        var plain = Source(SequenceBatching.Shuffled);
        var error = Assert.Throws<ArgumentException>(() => plain.SetState(a.GetState()!));
        Assert.Contains("plan 3", error.Message);
    }

    [Fact]
    public void Balanced_draws_see_a_rare_class_as_often_as_a_common_one()
    {
        var source = Source(new SequenceBatching(BalancedClasses: true), rareShare: 0.1);
        int rare = 0, total = 0;
        var targets = new int[Batch];
        var tokens = new int[source.Steps * Batch];
        for (long step = 0; step < 20 * source.WindowsPerEpoch; step++)
        {
            source.Fill(step, new BatchBuffers<float>(tokens, [], targets, [], new int[Batch]));
            rare += targets.Count(t => t == 1);
            total += Batch;
        }
        double share = (double)rare / total; // 20 000 draws: the standard error of a share of 0.5 is 0.0035
        Assert.InRange(share, 0.48, 0.52);
    }

    [Fact]
    public void A_training_step_on_grouped_batches_runs_to_the_batch_s_longest_and_allocates_nothing()
    {
        var rng = new Rng(8);
        var sequences = Enumerable.Range(0, 40).Select(_ => Enumerable.Range(0, 2 + rng.NextInt(30)).Select(_ => rng.NextInt(5)).ToArray()).ToArray();
        var labels = Enumerable.Range(0, 40).Select(n => n % 3).ToArray();
        var source = LabelledSequences.FromTokens(sequences, labels, 8, 5, batching: new SequenceBatching(ByLength: true, BalancedClasses: true));
        var spec = new ModelSpec(CellKind.Lstm, InputKind.Embedding, 5, 6, 1, 3)
        {
            EmbeddingSize = 4, Readout = Readout.MeanOverSteps, Bidirectional = true, Dropout = 0.1,
        };
        var model = new RecurrentModel<float>(spec);
        model.Initialize(2);
        var trainer = new Trainer<float>(model, source, new Adam<float>(model.Parameters.Count, 0.01), clip: 1, dropoutRng: new Rng(1));
        for (int k = 0; k < 7; k++)
        {
            int expected = source.StepsOf(trainer.StepsDone);
            trainer.Step();
            Assert.Equal(expected, trainer.Workspace.Steps);
        }
        Assert.True(source.StepsOf(0) < source.Steps || source.StepsOf(1) < source.Steps);
        Assert.Equal(0, StepAllocations.Of(trainer, warmup: 2, measured: 12)); // 5 batches an epoch: two epochs begin
    }
}
