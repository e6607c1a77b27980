// The worked example of the notes that started the project: given gate values and a zero previous
// cell state, one LSTM step gives C = [0.1, -0.07] and h = [0.0897, -0.0419].
using Recurrent.Layers;

namespace Recurrent.Tests.Layers;

public sealed class LstmCellWorkedExampleTests
{
    [Fact]
    public void Notes_example_gives_the_published_cell_and_hidden_state()
    {
        double[] f = [0.8, 0.3], i = [0.5, 0.7], candidate = [0.2, -0.1], o = [0.9, 0.6];
        double[] gates = [.. i, .. f, .. candidate, .. o]; // PyTorch order: i, f, g, o
        double[] cPrev = [0, 0], c = new double[2], h = new double[2];

        LstmCell<double>.UpdateState(gates, cPrev, c, h);

        Assert.Equal(0.1, c[0], 12);
        Assert.Equal(-0.07, c[1], 12);
        Assert.Equal(0.9 * Math.Tanh(0.1), h[0], 12);
        Assert.Equal(0.6 * Math.Tanh(-0.07), h[1], 12);
        Assert.Equal(0.0897, h[0], 4); // the notes print [0.089, -0.041]: the same values truncated
        Assert.Equal(-0.0419, h[1], 4);
    }

    [Fact]
    public void Forward_applies_sigmoid_and_tanh_to_the_right_gate_blocks()
    {
        // Pre-activations whose activations are the notes' gate values: logit for σ, atanh for tanh.
        static double Logit(double p) => Math.Log(p / (1 - p));
        double[] pre = [Logit(0.5), Logit(0.7), Logit(0.8), Logit(0.3), Math.Atanh(0.2), Math.Atanh(-0.1), Logit(0.9), Logit(0.6)];
        double[] c = new double[2], h = new double[2];

        new LstmCell<double>().Forward(pre, [], [], new double[2], c, h, batch: 1, hidden: 2);

        Assert.Equal(0.1, c[0], 12);
        Assert.Equal(-0.07, c[1], 12);
        Assert.Equal(0.0897, h[0], 4);
        Assert.Equal(-0.0419, h[1], 4);
    }
}
