// The batching contract: B contiguous streams, windows of T, targets one position later.
using Recurrent.Data;
using Recurrent.Models;

namespace Recurrent.Tests.Data;

public sealed class TextStreamsTests
{
    [Fact]
    public void Windows_follow_the_char_rnn_layout()
    {
        int[] tokens = Enumerable.Range(0, 23).ToArray(); // n = 23, B = 2: S = 11, the last token is dropped
        var streams = new TextStreams(tokens, batch: 2, steps: 3);
        Assert.Equal(11, streams.StreamLength);
        Assert.Equal(3, streams.WindowsPerEpoch); // floor((11 - 1) / 3)

        int[] inputs = new int[6], targets = new int[6];
        Assert.Equal(1, streams.Fill(1, Buffers(inputs, targets)));
        // row t·B + b: stream 0 starts at 0, stream 1 at 11; window 1 covers positions [3, 6)
        Assert.Equal([3, 14, 4, 15, 5, 16], inputs);
        Assert.Equal([4, 15, 5, 16, 6, 17], targets);

        Assert.Equal(0, streams.Fill(3, Buffers(inputs, targets))); // step 3 wraps to window 0
        Assert.Equal([0, 11, 1, 12, 2, 13], inputs);
    }

    [Fact]
    public void With_one_stream_the_first_step_learns_text_0_T_to_1_T_plus_1()
    {
        var streams = new TextStreams(new[] { 10, 11, 12, 13, 14 }, batch: 1, steps: 3);
        int[] inputs = new int[3], targets = new int[3];
        streams.Fill(0, Buffers(inputs, targets));
        Assert.Equal([10, 11, 12], inputs);
        Assert.Equal([11, 12, 13], targets);
    }

    [Fact]
    public void Too_short_a_text_is_refused_with_the_numbers()
    {
        var error = Assert.Throws<RecurrentException>(() => new TextStreams(new int[10], batch: 4, steps: 3));
        Assert.Contains("10 characters", error.Message);
        Assert.Contains("lower batch or seqLen", error.Message);
        Assert.Equal(["batch", "seqLen"], error.Parameters);
    }

    [Fact]
    public void Buffers_without_tokens_and_per_step_classes_are_refused()
    {
        var streams = new TextStreams(Enumerable.Range(0, 20).ToArray(), batch: 2, steps: 3);
        var dense = new RecurrentModel<float>(new ModelSpec(CellKind.Lstm, InputKind.Dense, 2, 4, 1, 3)).CreateWorkspace(3, 2);
        Assert.Throws<ArgumentException>(() => streams.Fill(0, dense.Buffers));
        Assert.True(streams.CarriesState);
        Assert.Null(streams.GetState());
    }

    private static BatchBuffers<float> Buffers(int[] inputs, int[] targets) => new(inputs, [], targets, []);
}
