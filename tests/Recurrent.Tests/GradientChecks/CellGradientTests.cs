// RnnCell, LstmCell and GruCell alone: Backward's dL/d(pre-activations) and, for the LSTM, dL/dC(t-1), against central
// differences of L = Σ a⊙h + Σ b⊙C. The incoming dH = a and dC = b stand for gradient arriving from the head and
// from later steps; the c term is what makes the incoming dC nonzero.
using Recurrent.Layers;
using Recurrent.Numerics;
using Xunit.Abstractions;

namespace Recurrent.Tests.GradientChecks;

public sealed class CellGradientTests(ITestOutputHelper output)
{
    private const int Batch = 2, Hidden = 3;

    [Fact]
    public void Rnn_cell_backward_matches_finite_differences()
    {
        var rng = new Rng(101);
        var cell = new RnnCell<double>();
        int n = Batch * Hidden;
        double[] preActivations = TestValues.Uniform(rng, n, TestValues.PreActivation);
        double[] a = TestValues.Uniform(rng, n, 1.0);

        double[] gates = (double[])preActivations.Clone(), h = new double[n];
        cell.Forward(gates, [], [], [], [], h, Batch, Hidden);
        var dGates = new double[n];
        cell.Backward(gates, [], [], [], [], a, [], dGates, [], new double[n], Batch, Hidden);

        double Loss()
        {
            double[] g = (double[])preActivations.Clone(), hh = new double[n];
            cell.Forward(g, [], [], [], [], hh, Batch, Hidden);
            return Dot(a, hh);
        }

        var result = FiniteDifference.Check("dGates", Loss, preActivations, 0, dGates, output);
        FiniteDifference.Summarize([result], output, nameof(Rnn_cell_backward_matches_finite_differences));
    }

    [Fact]
    public void Lstm_cell_backward_matches_finite_differences()
    {
        var rng = new Rng(202);
        var cell = new LstmCell<double>();
        int n = Batch * Hidden, width = 4 * Hidden;
        double[] preActivations = TestValues.Uniform(rng, Batch * width, TestValues.PreActivation);
        double[] cPrev = TestValues.Uniform(rng, n, TestValues.State);
        double[] a = TestValues.Uniform(rng, n, 1.0), b = TestValues.Uniform(rng, n, 1.0);

        double[] gates = (double[])preActivations.Clone(), c = new double[n], h = new double[n];
        cell.Forward(gates, [], [], cPrev, c, h, Batch, Hidden);
        double[] dC = (double[])b.Clone(); // in: dL/dC(t) from later steps; out: dL/dC(t-1)
        var dGates = new double[Batch * width];
        cell.Backward(gates, [], [], cPrev, c, a, dC, dGates, [], new double[n], Batch, Hidden);

        double Loss()
        {
            double[] g = (double[])preActivations.Clone(), cc = new double[n], hh = new double[n];
            cell.Forward(g, [], [], cPrev, cc, hh, Batch, Hidden);
            return Dot(a, hh) + Dot(b, cc);
        }

        GradientCheckResult[] results =
        [
            FiniteDifference.Check("dGates (i,f,g,o)", Loss, preActivations, 0, dGates, output),
            FiniteDifference.Check("dC(t-1)", Loss, cPrev, 0, dC, output),
        ];
        FiniteDifference.Summarize(results, output, nameof(Lstm_cell_backward_matches_finite_differences));
    }

    [Fact]
    public void Gru_cell_backward_matches_finite_differences()
    {
        // The GRU's input and recurrent pre-activations arrive apart (r scales only the recurrent candidate part),
        // and h(t-1) also reaches h(t) directly through z: all three gradients are checked.
        var rng = new Rng(303);
        var cell = new GruCell<double>();
        int n = Batch * Hidden, width = 3 * Hidden;
        double[] inputPart = TestValues.Uniform(rng, Batch * width, TestValues.PreActivation);
        double[] recurrentPart = TestValues.Uniform(rng, Batch * width, TestValues.PreActivation);
        double[] hPrev = TestValues.Uniform(rng, n, TestValues.State);
        double[] a = TestValues.Uniform(rng, n, 1.0);

        double[] gates = (double[])inputPart.Clone(), h = new double[n];
        cell.Forward(gates, recurrentPart, hPrev, [], [], h, Batch, Hidden);
        double[] dGates = new double[Batch * width], dRecurrent = new double[Batch * width], dHPrev = new double[n];
        cell.Backward(gates, recurrentPart, hPrev, [], [], a, [], dGates, dRecurrent, dHPrev, Batch, Hidden);

        double Loss()
        {
            double[] g = (double[])inputPart.Clone(), hh = new double[n];
            cell.Forward(g, recurrentPart, hPrev, [], [], hh, Batch, Hidden);
            return Dot(a, hh);
        }

        GradientCheckResult[] results =
        [
            FiniteDifference.Check("dGates (r,z,n), input part", Loss, inputPart, 0, dGates, output),
            FiniteDifference.Check("dRecurrentGates (r,z,n)", Loss, recurrentPart, 0, dRecurrent, output),
            FiniteDifference.Check("dh(t-1), direct path", Loss, hPrev, 0, dHPrev, output),
        ];
        FiniteDifference.Summarize(results, output, nameof(Gru_cell_backward_matches_finite_differences));
    }

    private static double Dot(double[] x, double[] y)
    {
        double sum = 0;
        for (int k = 0; k < x.Length; k++)
            sum += x[k] * y[k];
        return sum;
    }
}
