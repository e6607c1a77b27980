// The batch sources of independent examples: windows of a series (targets after every step or after the window),
// labelled sequences (tokens or values), and the per-epoch shuffle they share: each window and label lands where
// the model reads it, every example is visited once an epoch, a batch is a function of its step, and a training
// step on them allocates nothing.
using Recurrent.Data;
using Recurrent.Models;
using Recurrent.Training;
using Recurrent.Tests.Training;

namespace Recurrent.Tests.Data;

public sealed class ExampleSourcesTests
{
    /// <summary>Rows r = 0..9 of (r, 100 + r).</summary>
    private static readonly double[] Series = Enumerable.Range(0, 10).SelectMany(r => new double[] { r, 100 + r }).ToArray();

    private static BatchBuffers<double> Buffers(double[] inputs, double[] targetValues) => new([], inputs, [], targetValues);

    [Fact]
    public void A_window_reads_its_rows_and_predicts_the_next_rows_target_columns()
    {
        var every = new SeriesWindows(Series, 2, [1], steps: 3, batch: 2, everyStep: true, shuffle: false);
        Assert.Equal((7, 3), (every.Count, every.WindowsPerEpoch));
        double[] inputs = new double[3 * 2 * 2], targets = new double[3 * 2];
        every.Fill(4, 2, Buffers(inputs, targets)); // windows 4 and 5, row t·B + b
        Assert.Equal([4, 104, 5, 105, 5, 105, 6, 106, 6, 106, 7, 107], inputs);
        Assert.Equal([105, 106, 106, 107, 107, 108], targets);

        var last = new SeriesWindows(Series, 2, [0, 1], steps: 3, batch: 2, everyStep: false, shuffle: false);
        double[] lastTargets = new double[2 * 2];
        last.Fill(4, 2, Buffers(inputs, lastTargets));
        Assert.Equal([7, 107, 8, 108], lastTargets);
    }

    [Fact]
    public void An_epoch_visits_every_window_once_in_a_shuffle_that_depends_on_the_epoch_and_the_seed()
    {
        var source = new SeriesWindows(Series, 2, [1], steps: 2, batch: 2, everyStep: false, seed: 7);
        Assert.Equal(4, source.WindowsPerEpoch); // 8 windows
        int[] Starts(long epoch, SeriesWindows windows)
        {
            var starts = new List<int>();
            double[] inputs = new double[2 * 2 * 2], targets = new double[2];
            for (int k = 0; k < windows.WindowsPerEpoch; k++)
            {
                Assert.Equal(k, windows.Fill(epoch * windows.WindowsPerEpoch + k, Buffers(inputs, targets)));
                starts.Add((int)inputs[0]);
                starts.Add((int)inputs[2]);
            }
            return [.. starts];
        }
        int[] first = Starts(0, source), second = Starts(1, source);
        Assert.Equal(Enumerable.Range(0, 8), first.Order());
        Assert.Equal(Enumerable.Range(0, 8), second.Order());
        Assert.NotEqual(first, second);
        Assert.Equal(first, Starts(0, source)); // back to epoch 0: the same order
        Assert.Equal(first, Starts(0, new SeriesWindows(Series, 2, [1], steps: 2, batch: 2, everyStep: false, seed: 7)));
        Assert.NotEqual(first, Starts(0, new SeriesWindows(Series, 2, [1], steps: 2, batch: 2, everyStep: false, seed: 8)));
        var state = source.GetState()!; // what the batches depend on: a resume on other examples or another seed is refused
        new SeriesWindows(Series, 2, [1], steps: 2, batch: 2, everyStep: false, seed: 7).SetState(state);
        var error = Assert.Throws<ArgumentException>(() => new SeriesWindows(Series, 2, [1], steps: 2, batch: 2, everyStep: false, seed: 8).SetState(state));
        Assert.Contains("8 examples in batches of 2, shuffled from seed 7", error.Message);
    }

    [Fact]
    public void Labelled_sequences_write_tokens_or_values_and_their_class()
    {
        var tokens = LabelledSequences.FromTokens([[1, 2, 3], [4, 5, 6]], [0, 1], batch: 2, shuffle: false);
        int[] inputTokens = new int[6], classes = new int[2];
        tokens.Fill(0, 2, new BatchBuffers<float>(inputTokens, [], classes, []));
        Assert.Equal([1, 4, 2, 5, 3, 6], inputTokens);
        Assert.Equal([0, 1], classes);

        var values = LabelledSequences.FromValues([[1, 2, 3, 4], [5, 6, 7, 8]], features: 2, [1, 0], batch: 1, shuffle: false);
        Assert.Equal((2, 2), (values.Steps, values.WindowsPerEpoch));
        double[] inputs = new double[2 * 2];
        int[] oneClass = new int[1];
        values.Fill(1, 1, new BatchBuffers<double>([], inputs, oneClass, []));
        Assert.Equal([5, 6, 7, 8], inputs);
        Assert.Equal(0, oneClass[0]);
        Assert.Throws<ArgumentException>(() => values.Fill(1, 1, new BatchBuffers<double>([], inputs, classes, []))); // room for 2 classes: not this head
    }

    [Fact]
    public void Labelled_sequences_of_several_lengths_are_padded_to_the_longest_with_their_lengths()
    {
        var tokens = LabelledSequences.FromTokens([[1, 2, 3], [4], [5, 6]], [0, 1, 1], batch: 3, shuffle: false);
        Assert.True(tokens.Ragged);
        Assert.Equal(3, tokens.Steps);
        int[] inputTokens = new int[9], classes = new int[3], lengths = new int[3];
        tokens.Fill(0, 3, new BatchBuffers<float>(inputTokens, [], classes, [], lengths));
        Assert.Equal([1, 4, 5, 2, 0, 6, 3, 0, 0], inputTokens);
        Assert.Equal([3, 1, 2], lengths);
        Assert.Throws<ArgumentException>(() => tokens.Fill(0, 3, new BatchBuffers<float>(inputTokens, [], classes, []))); // no room for lengths

        var values = LabelledSequences.FromValues([[1, 2], [3, 4, 5, 6]], features: 2, [1, 0], batch: 2, shuffle: false);
        double[] inputs = new double[8];
        values.Fill(0, 2, new BatchBuffers<double>([], inputs, new int[2], [], lengths.AsSpan(0, 2)));
        Assert.Equal([1, 2, 3, 4, 0, 0, 5, 6], inputs);
        Assert.Equal([1, 2], lengths[..2]);
    }

    [Fact]
    public void A_validation_of_sequences_of_several_lengths_scores_each_as_alone()
    {
        int[][] sequences = [[1, 2, 3, 0, 4], [4], [2, 2], [0, 1, 3], [3, 3, 3, 3]];
        int[] labels = [0, 1, 1, 0, 1];
        var spec = new ModelSpec(CellKind.Lstm, InputKind.OneHot, 5, 4, 2, 2) { Readout = Readout.LastStep, Bidirectional = true };
        var model = new RecurrentModel<double>(spec);
        model.Initialize(9);
        var score = new ExampleValidation<double>(model, LabelledSequences.FromTokens(sequences, labels, batch: 2, shuffle: false), batch: 2).Validate();
        double loss = 0;
        for (int n = 0; n < sequences.Length; n++)
        {
            var ws = model.CreateWorkspace(sequences[n].Length, 1);
            sequences[n].CopyTo(ws.Tokens, 0);
            ws.Targets[0] = labels[n];
            model.Forward(ws, sequences[n].Length, model.CreateState(1));
            loss += model.Loss(ws) / sequences.Length;
        }
        Assert.Equal(loss, score.Loss, 1e-12);
    }

    [Fact]
    public void Bad_examples_are_refused()
    {
        Assert.Throws<ArgumentException>(() => LabelledSequences.FromTokens([[1, 2], []], [0, 1], batch: 1));
        Assert.Throws<ArgumentException>(() => LabelledSequences.FromValues([[1, 2], [3, 4, 5]], 2, [0, 1], batch: 1));
        Assert.Throws<ArgumentException>(() => LabelledSequences.FromTokens([[1, 2]], [0, 1], batch: 1));
        Assert.Throws<ArgumentException>(() => LabelledSequences.FromValues([[1, double.NaN]], 2, [0], batch: 1));
        Assert.Contains("lower batch", Assert.Throws<RecurrentException>(() => LabelledSequences.FromTokens([[1]], [0], batch: 2)).Message);
        Assert.Throws<ArgumentException>(() => new SeriesWindows([1, 2, 3], 2, [0], 1, 1, everyStep: true));
        Assert.Throws<ArgumentException>(() => new SeriesWindows(Series, 2, [2], 1, 1, everyStep: true));
        Assert.Throws<ArgumentException>(() => new SeriesWindows([.. Series, double.PositiveInfinity, 0], 2, [0], 1, 1, everyStep: true));
        var error = Assert.Throws<RecurrentException>(() => new SeriesWindows(Series, 2, [0], steps: 8, batch: 3, everyStep: true));
        Assert.Equal(["batch", "seqLen"], error.Parameters);
        var windows = new SeriesWindows(Series, 2, [1], 3, 2, everyStep: true);
        Assert.Throws<ArgumentException>(() => windows.Fill(0, new BatchBuffers<float>([], new float[3], [], new float[6]))); // inputs too short
        Assert.Throws<ArgumentOutOfRangeException>(() => windows.Fill(6, 2, new BatchBuffers<float>([], new float[12], [], new float[6])));
    }

    [Fact]
    public void A_training_step_on_series_windows_allocates_nothing()
    {
        var model = new RecurrentModel<float>(new ModelSpec(CellKind.Gru, InputKind.Dense, 2, 8, 2, 1) { Head = HeadKind.Regression });
        model.Initialize(1);
        var trainer = new Trainer<float>(model, new SeriesWindows(Series, 2, [1], steps: 3, batch: 2, everyStep: true), new Adam<float>(model.Parameters.Count, 1e-3), 1);
        // The first epochs' shuffles out of the measurement; the measured steps cross two epochs: the shuffle is redone in place.
        Assert.Equal(0, StepAllocations.Of(trainer, warmup: 8, measured: 8));
    }

    [Fact]
    public void A_validation_averages_the_loss_over_every_row_and_counts_right_classes()
    {
        var spec = new ModelSpec(CellKind.Rnn, InputKind.OneHot, 3, 4, 1, 3) { Readout = Readout.LastStep };
        var model = new RecurrentModel<float>(spec);
        model.Initialize(2);
        var rng = new Recurrent.Numerics.Rng(3);
        int[][] sequences = Enumerable.Range(0, 7).Select(_ => Enumerable.Range(0, 5).Select(_ => rng.NextInt(3)).ToArray()).ToArray();
        int[] labels = [0, 1, 2, 0, 1, 2, 0];
        var set = LabelledSequences.FromTokens(sequences, labels, batch: 1, shuffle: false);
        var score = new ExampleValidation<float>(model, set, batch: 3).Validate(); // batches of 3, 3 and 1

        double loss = 0;
        int right = 0;
        var ws = model.CreateWorkspace(5, 1, forBackward: false);
        for (int k = 0; k < 7; k++)
        {
            set.Fill(k, 1, ws.Buffers);
            model.Forward(ws, 5, model.CreateState(1));
            loss += model.Loss(ws);
            right += ws.PredictedClass(0) == labels[k] ? 1 : 0;
        }
        Assert.Equal(loss / 7, score.Loss, 6);
        Assert.Equal(right / 7.0, score.Accuracy);
    }
}
