// Splitting work between threads must not change a single bit: every product and cell step computes each
// output element as one thread would. These tests train and multiply with 1, 2 and 3 threads and compare.
// They set the process-wide thread count, so they live in one class (xunit runs its tests one at a time)
// and put it back; tests of other classes that run meanwhile are unaffected, which is the point.
using Recurrent.Data;
using Recurrent.Models;
using Recurrent.Numerics;
using Recurrent.Training;

namespace Recurrent.Tests.Numerics;

public sealed class ParallelismTests
{
    private static T WithThreads<T>(int threads, Func<T> run)
    {
        int before = Parallelism.Threads;
        Parallelism.Threads = threads;
        try
        {
            return run();
        }
        finally
        {
            Parallelism.Threads = before;
        }
    }

    /// <summary>The parameters and final state after three Adam steps (the trainer's) of a float model big enough to be split.</summary>
    private static float[] Train(CellKind cell, int hidden, int batch = 16)
    {
        const int steps = 5, vocab = 20;
        var model = new RecurrentModel<float>(ModelSpec.ForCharacters(cell, vocab, hidden, layers: 2));
        model.Initialize(seed: 4);
        var trainer = new Trainer<float>(model, RandomText(vocab, batch, steps), new Adam<float>(model.Parameters.Count, 0.01), clip: 0);
        for (int step = 0; step < 3; step++)
            trainer.Step();
        return [.. model.Parameters.Values, .. model.Parameters.Gradients, .. trainer.State.Hiddens];
    }

    /// <summary>Random tokens cut into B streams of four windows of T.</summary>
    private static TextStreams RandomText(int vocab, int batch, int steps)
    {
        var rng = new Rng(5);
        var tokens = new int[batch * (4 * steps + 1)];
        for (int k = 0; k < tokens.Length; k++)
            tokens[k] = rng.NextInt(vocab);
        return new TextStreams(tokens, batch, steps);
    }

    [Theory]
    [InlineData(CellKind.Lstm, 96, 16)]
    [InlineData(CellKind.Lstm, 101, 20)] // two threads: one block of 20 rows, so the per-step split
    [InlineData(CellKind.Lstm, 260, 20)] // W_hh above 1 MiB, read in place per step
    [InlineData(CellKind.Lstm, 48, 72)]  // a batch over 64 rows: the whole takes the packed product, a block the in-place one
    [InlineData(CellKind.Gru, 97, 16)]
    [InlineData(CellKind.Gru, 64, 29)]
    [InlineData(CellKind.Rnn, 130, 16)]
    [InlineData(CellKind.Rnn, 3, 27)]
    public void Training_gives_the_same_bits_on_one_two_and_three_threads(CellKind cell, int hidden, int batch)
    {
        float[] one = WithThreads(1, () => Train(cell, hidden, batch));
        float[] two = WithThreads(2, () => Train(cell, hidden, batch));
        float[] three = WithThreads(3, () => Train(cell, hidden, batch));
        Assert.Equal(one, two);
        Assert.Equal(one, three);
    }

    /// <summary>
    /// The parameters and gradients after four Adam steps of a model with another head: a regression at every step
    /// on windows of a series of 3 features, or a classifier on the last step of 5-feature sequences (with
    /// <paramref name="lengths"/>, of 7, 6, 5 and 4 steps in turn, padded to 7).
    /// </summary>
    private static float[] TrainHead(CellKind cell, int hidden, int batch, HeadKind head, bool bidirectional, bool lengths = false)
    {
        const int steps = 7;
        var rng = new Rng(12);
        bool regression = head == HeadKind.Regression;
        int features = regression ? 3 : 5;
        var spec = new ModelSpec(cell, InputKind.Dense, features, hidden, Layers: 2, OutputSize: regression ? 2 : 4)
        {
            Head = head,
            Readout = regression ? Readout.EveryStep : Readout.LastStep,
            Dropout = 0.1,
            Bidirectional = bidirectional,
        };
        var model = new RecurrentModel<float>(spec);
        model.Initialize(seed: 4);
        IBatchSource source = regression
            ? new SeriesWindows(Enumerable.Range(0, (steps + 2 * batch) * features).Select(_ => rng.NextNormal()).ToArray(), features, [0, 2],
                steps, batch, everyStep: true)
            : LabelledSequences.FromValues(Enumerable.Range(0, 2 * batch).Select(k => Enumerable.Range(0, (lengths ? steps - k % 4 : steps) * features).Select(_ => rng.NextNormal()).ToArray()).ToArray(),
                features, Enumerable.Range(0, 2 * batch).Select(k => k % 4).ToArray(), batch);
        var trainer = new Trainer<float>(model, source, new Adam<float>(model.Parameters.Count, 0.01), clip: 1, new Rng(6));
        for (int step = 0; step < 4; step++)
            trainer.Step();
        return [.. model.Parameters.Values, .. model.Parameters.Gradients];
    }

    [Theory]
    [InlineData(CellKind.Lstm, 96, 16, HeadKind.Regression)]
    [InlineData(CellKind.Gru, 40, 20, HeadKind.Classification)]
    [InlineData(CellKind.Rnn, 130, 27, HeadKind.Regression)]
    [InlineData(CellKind.Lstm, 96, 16, HeadKind.Regression, true)]
    [InlineData(CellKind.Gru, 40, 20, HeadKind.Classification, true)]
    public void Every_head_trains_to_the_same_bits_on_one_two_and_three_threads(CellKind cell, int hidden, int batch, HeadKind head,
        bool bidirectional = false)
    {
        float[] one = WithThreads(1, () => TrainHead(cell, hidden, batch, head, bidirectional));
        Assert.Equal(one, WithThreads(2, () => TrainHead(cell, hidden, batch, head, bidirectional)));
        Assert.Equal(one, WithThreads(3, () => TrainHead(cell, hidden, batch, head, bidirectional)));
    }

    [Theory]
    [InlineData(CellKind.Gru, false)]
    [InlineData(CellKind.Lstm, true)]
    [InlineData(CellKind.Rnn, false)]
    public void Sequences_of_several_lengths_train_to_the_same_bits_on_one_two_and_three_threads(CellKind cell, bool bidirectional)
    {
        // a batch of 44 splits into row blocks of 24 + 20 and 16 + 16 + 12 (RecurrentLayer), each masking its own rows
        float[] one = WithThreads(1, () => TrainHead(cell, 40, 44, HeadKind.Classification, bidirectional, lengths: true));
        Assert.Equal(one, WithThreads(2, () => TrainHead(cell, 40, 44, HeadKind.Classification, bidirectional, lengths: true)));
        Assert.Equal(one, WithThreads(3, () => TrainHead(cell, 40, 44, HeadKind.Classification, bidirectional, lengths: true)));
    }

    /// <summary>The logits and final state of two inference windows (the GRU fills its recurrent part step by step).</summary>
    private static float[] Infer(CellKind cell, int hidden, int batch, bool snapshot, int steps = 6)
    {
        const int vocab = 20;
        var model = new RecurrentModel<float>(ModelSpec.ForCharacters(cell, vocab, hidden, layers: 2));
        model.Initialize(seed: 9);
        var ws = model.CreateWorkspace(steps, batch, forBackward: false);
        if (snapshot)
            model.TakeWeightSnapshot(ws);
        var state = model.CreateState(batch);
        var rng = new Rng(3);
        var logits = new List<float>();
        for (int window = 0; window < 2; window++)
        {
            for (int k = 0; k < steps * batch; k++)
                ws.Tokens[k] = rng.NextInt(vocab);
            model.Forward(ws, steps, state);
            ws.CopyFinalState(state);
            logits.AddRange(ws.Outputs.AsSpan(0, steps * batch * vocab).ToArray());
        }
        return [.. logits, .. state.Hiddens, .. state.Cells];
    }

    [Theory]
    [InlineData(CellKind.Gru, 64, 16, false, 6)]
    [InlineData(CellKind.Gru, 40, 21, true, 6)]
    [InlineData(CellKind.Lstm, 72, 24, true, 6)]
    [InlineData(CellKind.Rnn, 33, 17, false, 6)]
    [InlineData(CellKind.Lstm, 40, 12, false, 1)] // one step reads W_hh unpacked: split 8 + 4, the 4 rows would take dot products
    [InlineData(CellKind.Rnn, 24, 13, false, 1)]  // 2 threads: blocks of 8 and 5 rows
    public void Inference_gives_the_same_bits_on_one_two_and_three_threads(CellKind cell, int hidden, int batch, bool snapshot, int steps)
    {
        float[] one = WithThreads(1, () => Infer(cell, hidden, batch, snapshot, steps));
        Assert.Equal(one, WithThreads(2, () => Infer(cell, hidden, batch, snapshot, steps)));
        Assert.Equal(one, WithThreads(3, () => Infer(cell, hidden, batch, snapshot, steps)));
    }

    [Fact]
    public void Gradient_flow_records_the_same_step_gradients_on_one_and_two_threads()
    {
        // 24 sequences: two blocks of the time loop, 16 and 8 rows, each recording its rows of every step's dL/dh.
        var model = new RecurrentModel<float>(ModelSpec.ForCharacters(CellKind.Lstm, 12, 40, layers: 2));
        model.Initialize(seed: 2);
        Recurrent.Diagnostics.GradientFlowResult Run() => Recurrent.Diagnostics.GradientFlow.Measure(model, 9, 24, seed: 6);
        var one = WithThreads(1, Run);
        var two = WithThreads(2, Run);
        Assert.Equal(one.HiddenNorms, two.HiddenNorms);
        Assert.Equal(one.LayerHiddenNorms[0], two.LayerHiddenNorms[0]);
        Assert.Equal(one.InputNorms, two.InputNorms);
    }

    [Theory]
    [InlineData(32, 2, true)]   // 16 + 16
    [InlineData(21, 2, true)]   // 16 + 5
    [InlineData(13, 2, true)]   // 8 + 5
    [InlineData(20, 2, false)]  // 16 + 4: four rows alone would take dot products
    [InlineData(12, 2, false)]  // 8 + 4
    [InlineData(32, 3, false)]  // 16 + 16 + 0: a thread without rows, so the per-step split
    [InlineData(48, 3, true)]   // 16 + 16 + 16
    [InlineData(100, 1, false)]
    public void The_time_loop_splits_by_rows_only_when_every_thread_gets_a_block_of_more_than_four(int batch, int parts, bool splits) =>
        Assert.Equal(splits, Recurrent.Layers.RecurrentLayer<float>.SplitsRowsInto(batch, parts));

    [Theory]
    [InlineData(2, 300, 70)]   // at most four rows: dot products (A·Bᵀ) and row updates
    [InlineData(32, 512, 128)] // a recurrent step: A·Bᵀ in place
    [InlineData(200, 70, 130)] // packed, split by rows
    [InlineData(40, 333, 90)]  // more columns than rows: split by columns
    public void Every_product_gives_the_same_bits_on_two_threads(int m, int n, int k)
    {
        if (!FloatGemm.IsSupported)
            return;
        var rng = new Rng(7);
        float[] Random(int size) => Enumerable.Range(0, size).Select(_ => (float)rng.NextDouble() - 0.5f).ToArray();
        float[] a = Random(m * k), b = Random(k * n), c0 = Random(m * n);
        float[] Products()
        {
            float[] abt = (float[])c0.Clone(), ab = (float[])c0.Clone(), atb = (float[])c0.Clone();
            FloatGemm.AddABt(a, b, abt, m, n, k); // B read as (n×k)
            FloatGemm.AddAB(a, b, ab, m, n, k);
            FloatGemm.AddAtB(a, b, atb, m, n, k); // A read as (k×m)
            return [.. abt, .. ab, .. atb];
        }
        Assert.Equal(WithThreads(1, Products), WithThreads(2, Products));
    }

    [Fact]
    public unsafe void A_failing_part_surfaces_on_the_caller_and_the_team_keeps_working()
    {
        WithThreads(2, () =>
        {
            // A model of another test class may hold the team; the call then runs as one part, which is the last.
            var error = Assert.Throws<InvalidOperationException>(() => WorkerTeam.Run(&FailOnLastPart, null));
            Assert.Equal("last part", error.Message);
            var seen = new PartsSeen();
            WorkerTeam.Run(&Record, &seen);
            Assert.Equal((1 << seen.Parts) - 1, seen.Mask); // every part ran, once
            return 0;
        });
    }

    [Fact]
    public void A_training_step_on_two_threads_allocates_nothing_on_the_caller()
    {
        // JIT, tiering and scratch out of the way: on one thread first, as the caller does all the work when another
        // test's model holds the team, and its scratch must already be full size then. Then on three threads, the most
        // any test asks for: tests of other classes (ThreadsCliTests) may raise the count while this one measures, and
        // the first operation at a new high count starts the missing worker on the calling thread.
        WithThreads(1, () => Train(CellKind.Lstm, 96));
        WithThreads(3, () => Train(CellKind.Lstm, 96));
        WithThreads(2, () =>
        {
            Train(CellKind.Lstm, 96);
            var model = new RecurrentModel<float>(ModelSpec.ForCharacters(CellKind.Lstm, 20, 96, layers: 2));
            model.Initialize(seed: 4);
            var trainer = new Trainer<float>(model, RandomText(20, 16, 5), new Adam<float>(model.Parameters.Count, 0.01), clip: 5);
            for (int k = 0; k < 3; k++)
            {
                // Idle workers sleep after 1 ms: wake them a few times too, so that the monitor's first use is behind us.
                Thread.Sleep(5);
                trainer.Step();
            }
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int k = 0; k < 3; k++)
                trainer.Step();
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
            return 0;
        });
    }

    [Fact]
    public void The_thread_count_is_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Parallelism.Threads = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => Parallelism.Threads = Parallelism.MaxThreads + 1);
    }

    [Theory]
    [InlineData(10, 1, 3)]
    [InlineData(100, 8, 2)]
    [InlineData(5, 8, 2)]
    [InlineData(0, 4, 2)]
    public void Ranges_cover_every_item_once_in_aligned_blocks(int count, int align, int parts)
    {
        int next = 0;
        for (int part = 0; part < parts; part++)
        {
            var (start, end) = Parallelism.Range(count, align, part, parts);
            if (start == end)
                continue;
            Assert.Equal(next, start);
            Assert.True(start % align == 0);
            next = end;
        }
        Assert.Equal(count, next);
    }

    private static unsafe void FailOnLastPart(void* context, int part, int parts)
    {
        if (part == parts - 1)
            throw new InvalidOperationException("last part");
    }

    private struct PartsSeen
    {
        public int Mask, Parts;
    }

    private static unsafe void Record(void* context, int part, int parts)
    {
        var seen = (PartsSeen*)context;
        Interlocked.Add(ref seen->Mask, 1 << part);
        seen->Parts = parts;
    }
}
