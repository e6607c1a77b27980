// The adding problem's generator: two markers where Hochreiter & Schmidhuber put them, the target their scaled sum,
// the same sequences from the same seed; and the constant predictor's expected squared error, 1/24.
using Recurrent.Numerics;
using Recurrent.Tasks;

namespace Recurrent.Tests.Tasks;

public sealed class AddingTaskTests
{
    [Theory]
    [InlineData(100)]
    [InlineData(21)]
    [InlineData(4)]
    public void Each_sequence_has_two_markers_in_their_ranges_and_the_scaled_sum_as_target(int length)
    {
        var task = new AddingTask(length);
        var batch = task.NewBatch(new Rng(1), 200);
        for (int b = 0; b < batch.Batch; b++)
        {
            var marked = Enumerable.Range(0, length).Where(t => batch.Input(t, b, 1) != 0).ToArray();
            Assert.Equal(2, marked.Length);
            Assert.All(Enumerable.Range(0, length), t => Assert.InRange(batch.Input(t, b, 0), -1, 1));
            Assert.All(marked, t => Assert.Equal(1, batch.Input(t, b, 1)));
            Assert.True(marked.Any(t => t < Math.Min(10, length / 2)), "one marker among the first 10 steps");
            Assert.True(marked[1] < length / 2, "both markers before T/2");
            double sum = batch.Input(marked[0], b, 0) + batch.Input(marked[1], b, 0);
            Assert.Equal(0.5 + sum / 4, batch.TargetValues[b], 15);
        }
    }

    [Fact]
    public void The_second_marker_ranges_over_the_whole_first_half()
    {
        var task = new AddingTask(100);
        var batch = task.NewBatch(new Rng(2), 2000);
        var seconds = Enumerable.Range(0, batch.Batch)
            .Select(b => Enumerable.Range(0, 100).Where(t => batch.Input(t, b, 1) != 0).Max()).ToArray();
        Assert.Equal(49, seconds.Max());
        Assert.Contains(seconds, s => s < 10);
    }

    [Fact]
    public void The_same_seed_draws_the_same_sequences_and_another_seed_others()
    {
        var task = new AddingTask(30);
        var a = task.NewBatch(new Rng(7), 4);
        var b = task.NewBatch(new Rng(7), 4);
        var c = task.NewBatch(new Rng(8), 4);
        Assert.Equal(a.Inputs, b.Inputs);
        Assert.Equal(a.TargetValues, b.TargetValues);
        Assert.NotEqual(a.Inputs, c.Inputs);
    }

    [Fact]
    public void The_constant_predictor_has_squared_error_one_24th_and_solves_about_15_percent()
    {
        // Var((X1 + X2)/4) = 2·(1/3)/16 = 1/24; P(|X1 + X2| < 0.16) = 1 − 1.84²/4 = 0.1536 for the triangular sum.
        var task = new AddingTask(20);
        var batch = task.NewBatch(new Rng(3), 40_000);
        double mse = batch.TargetValues.Average(y => (y - 0.5) * (y - 0.5));
        double solved = batch.TargetValues.Count(y => task.Solves([0.5], [y])) / (double)batch.Batch;
        Assert.Equal(1.0 / 24, AddingTask.ConstantPredictorMse, 15);
        Assert.Equal((0.5, 1.0 / 24), task.ConstantPredictor);
        Assert.InRange(mse, 1.0 / 24 * 0.97, 1.0 / 24 * 1.03);
        Assert.InRange(solved, 0.1536 - 0.01, 0.1536 + 0.01);
    }

    [Fact]
    public void A_length_below_4_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AddingTask(3));
        Assert.Equal(4, TaskCatalog.MinimumLength("adding"));
    }
}
