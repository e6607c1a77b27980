// The fused float cell steps (FusedLstmStep, FusedGruStep) against their scalar twin: the generic cell code run in
// double on the same inputs. Every hidden size from 1 to 40 (so every tail length of the 8-wide vectors) and a few
// batch sizes; activations, states and every gradient must agree to float rounding.
using Recurrent.Layers;
using Recurrent.Numerics;

namespace Recurrent.Tests.Layers;

public sealed class FusedCellTests
{
    public static TheoryData<int, int> Shapes()
    {
        var data = new TheoryData<int, int>();
        for (int hidden = 1; hidden <= 40; hidden++)
            data.Add(hidden % 3 + 1, hidden);
        data.Add(7, 129);
        return data;
    }

    private static double[] Random(Rng rng, int n, double scale) =>
        Enumerable.Range(0, n).Select(_ => (rng.NextDouble() * 2 - 1) * scale).ToArray();

    private static float[] ToFloat(double[] values) => values.Select(v => (float)v).ToArray();

    private static void AssertClose(double[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int k = 0; k < expected.Length; k++)
        {
            double bound = 2e-6 * Math.Max(1, Math.Abs(expected[k]));
            Assert.True(Math.Abs(actual[k] - expected[k]) <= bound, $"{what}[{k}]: fused {actual[k]}, scalar {expected[k]}");
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_fused_lstm_step_agrees_with_the_scalar_cell(int batch, int hidden)
    {
        var rng = new Rng((ulong)(batch * 1000 + hidden));
        // pre-activations wide enough to saturate some gates; inputs rounded to float first, so both see the same values
        double[] gates = ToFloat(Random(rng, batch * 4 * hidden, 6)).Select(v => (double)v).ToArray();
        double[] cPrev = ToFloat(Random(rng, batch * hidden, 2)).Select(v => (double)v).ToArray();
        double[] dH = ToFloat(Random(rng, batch * hidden, 1)).Select(v => (double)v).ToArray();
        double[] dCNext = ToFloat(Random(rng, batch * hidden, 1)).Select(v => (double)v).ToArray();

        var (dGates, c, h, dC, activations) = Run(new LstmCell<double>(), gates, cPrev, dH, dCNext, batch, hidden);
        var (fdGates, fc, fh, fdC, factivations) = Run(new LstmCell<float>(), ToFloat(gates), ToFloat(cPrev), ToFloat(dH),
            ToFloat(dCNext), batch, hidden);
        AssertClose(activations, factivations, "activations");
        AssertClose(c, fc, "C");
        AssertClose(h, fh, "h");
        AssertClose(dGates, fdGates, "dGates");
        AssertClose(dC, fdC, "dC(t-1)");
    }

    [Fact]
    public void A_unit_gets_the_same_bits_from_the_sixteen_and_the_eight_lane_kernels()
    {
        // Hidden 24: units 0-15 take the 512-bit kernel where there is one, 16-23 the 256-bit one. Each unit run alone as a
        // row of hidden 8 (the 256-bit kernel) must give the same bits.
        const int hidden = 24;
        var rng = new Rng(5);
        float[] gates = ToFloat(Random(rng, 4 * hidden, 6)), cPrev = ToFloat(Random(rng, hidden, 2));
        // Special values in both kernels' lanes: NaN, ±∞, beyond exp's range, and series and quotient tanh side by side.
        float[] special = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 90f, -90f, 0.1f, -0.39f, 0.41f, -0f, 1e-30f];
        for (int x = 0; x < special.Length; x++)
        {
            gates[3 * x % gates.Length] = special[x];
            gates[(5 * x + 17) % gates.Length] = special[special.Length - 1 - x];
        }
        cPrev[2] = float.PositiveInfinity;
        cPrev[19] = float.NaN;
        var (wide, wideC, wideH) = Forward(gates, cPrev, hidden);
        for (int part = 0; part < 3; part++)
        {
            float[] narrowGates = Enumerable.Range(0, 4).SelectMany(q => gates.Skip(q * hidden + part * 8).Take(8)).ToArray();
            var (narrow, narrowC, narrowH) = Forward(narrowGates, cPrev.Skip(part * 8).Take(8).ToArray(), 8);
            for (int q = 0; q < 4; q++)
                Assert.Equal(wide.Skip(q * hidden + part * 8).Take(8), narrow.Skip(q * 8).Take(8));
            Assert.Equal(wideC.Skip(part * 8).Take(8), narrowC);
            Assert.Equal(wideH.Skip(part * 8).Take(8), narrowH);
        }
    }

    private static (float[] Activations, float[] C, float[] H) Forward(float[] preActivations, float[] cPrev, int hidden)
    {
        var gates = (float[])preActivations.Clone();
        float[] c = new float[hidden], h = new float[hidden];
        new LstmCell<float>().Forward(gates, [], new float[hidden], cPrev, c, h, 1, hidden);
        return (gates, c, h);
    }

    private static (T[] DGates, T[] C, T[] H, T[] DC, T[] Activations) Run<T>(RecurrentCell<T> cell, T[] preActivations, T[] cPrev,
        T[] dH, T[] dCNext, int batch, int hidden) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var gates = (T[])preActivations.Clone();
        var c = new T[batch * hidden];
        var h = new T[batch * hidden];
        cell.Forward(gates, [], [], cPrev, c, h, batch, hidden);
        var activations = (T[])gates.Clone();
        var dC = (T[])dCNext.Clone();
        var dGates = new T[gates.Length];
        cell.Backward(gates, [], [], cPrev, c, dH, dC, dGates, [], new T[batch * hidden], batch, hidden);
        return (dGates, c, h, dC, activations);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void The_fused_gru_step_agrees_with_the_scalar_cell(int batch, int hidden)
    {
        var rng = new Rng((ulong)(batch * 1000 + hidden + 7));
        double[] Rounded(int n, double scale) => ToFloat(Random(rng, n, scale)).Select(v => (double)v).ToArray();
        double[] input = Rounded(batch * 3 * hidden, 4), recurrent = Rounded(batch * 3 * hidden, 4);
        double[] hPrev = Rounded(batch * hidden, 1), dH = Rounded(batch * hidden, 1), dHPrev = Rounded(batch * hidden, 1);

        var expected = RunGru(new GruCell<double>(), input, recurrent, hPrev, dH, dHPrev, batch, hidden);
        var actual = RunGru(new GruCell<float>(), ToFloat(input), ToFloat(recurrent), ToFloat(hPrev), ToFloat(dH), ToFloat(dHPrev),
            batch, hidden);
        string[] names = ["activations", "h", "dGates", "dRecurrent", "dHPrev"];
        for (int k = 0; k < names.Length; k++)
            AssertClose(expected[k], actual[k], names[k]);
    }

    private static T[][] RunGru<T>(RecurrentCell<T> cell, T[] input, T[] recurrent, T[] hPrev, T[] dH, T[] dHPrevIn,
        int batch, int hidden) where T : unmanaged, System.Numerics.IFloatingPointIeee754<T>
    {
        var gates = (T[])input.Clone();
        var h = new T[batch * hidden];
        cell.Forward(gates, recurrent, hPrev, [], [], h, batch, hidden);
        var activations = (T[])gates.Clone();
        var dGates = new T[gates.Length];
        var dRecurrent = new T[gates.Length];
        var dHPrev = (T[])dHPrevIn.Clone();
        cell.Backward(gates, recurrent, hPrev, [], [], dH, [], dGates, dRecurrent, dHPrev, batch, hidden);
        return [activations, h, dGates, dRecurrent, dHPrev];
    }
}
