// Sizes that cannot exist are refused before anything is allocated, in one sentence with the sizes and the parameters
// to lower; sizes that can exist work, even where a product of them passes 2^31 (T·B²·H once overflowed an index).
using Recurrent.Models;
using Recurrent.Numerics;

namespace Recurrent.Tests.Models;

public sealed class SizeLimitsTests
{
    [Fact]
    public void A_model_over_the_array_limit_is_refused_with_its_size()
    {
        var spec = ModelSpec.ForCharacters(CellKind.Lstm, 65, hidden: 100_000, layers: 1);
        var error = Assert.Throws<RecurrentException>(() => new RecurrentModel<float>(spec));
        Assert.Contains("a model of 40,033,300,065 parameters needs an array of 40,033,300,065 elements", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["hidden", "layers"], error.Parameters);
        Assert.Equal(long.MaxValue, ModelSpec.ForCharacters(CellKind.Lstm, int.MaxValue, int.MaxValue, int.MaxValue).ParameterCount);
    }

    [Fact]
    public void A_workspace_over_the_array_limit_is_refused_before_it_is_allocated()
    {
        var model = new RecurrentModel<float>(ModelSpec.ForCharacters(CellKind.Gru, 5, hidden: 64, layers: 1));
        long before = GC.GetTotalAllocatedBytes();
        var error = Assert.Throws<RecurrentException>(() => model.CreateWorkspace(1_000_000, 50_000));
        Assert.True(GC.GetTotalAllocatedBytes() - before < 1 << 20);
        Assert.Contains("A workspace of 1,000,000 steps of 50,000 sequences needs an array of 9,600,000,000,000 elements", error.Message);
        Assert.Equal(["batch", "seqLen"], error.Parameters);
    }

    [Fact]
    public void More_than_the_free_memory_is_refused_with_the_bytes()
    {
        long free = MemoryBudget.AvailableBytes;
        Assert.True(free > 0);
        var error = Assert.Throws<RecurrentException>(() => MemoryBudget.Ensure(1000, free + (1L << 30), "a test", "hidden"));
        Assert.Contains($"A test needs {free + (1L << 30):N0} bytes, more than the", error.Message);
        Assert.EndsWith("free on this machine; lower hidden.", error.Message);
        MemoryBudget.Ensure(1000, 4000, "a small thing");
    }

    [Fact]
    public void A_window_whose_steps_times_batch_squared_times_hidden_passes_two_to_the_31_runs()
    {
        const int steps = 40, batch = 1296, hidden = 32; // T·B²·H = 2,149,908,480 > 2^31
        var model = new RecurrentModel<float>(ModelSpec.ForCharacters(CellKind.Lstm, 3, hidden, layers: 2, dropout: 0.1));
        model.Initialize(1);
        var ws = model.CreateWorkspace(steps, batch);
        model.SampleDropoutMasks(ws, steps, new Rng(2));
        model.Forward(ws, steps, model.CreateState(batch), training: true);
        Assert.True(double.IsFinite(model.Loss(ws)));
        model.Backward(ws);
        Assert.All(model.Parameters.Gradients, g => Assert.True(float.IsFinite(g)));
    }
}
