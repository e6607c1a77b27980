// A word played a times faster: output sample i is the input at time i·a, band-limited by the same Hann-windowed sinc
// as Resampler (cutoff 0.95 of the lower Nyquist frequency) but with 8 zero crossings instead of 16 and the kernel
// read from a table (256 points per zero crossing, linearly interpolated) instead of a sine and a cosine per tap:
// augmentation changes the speed of every word of every batch, and this costs about 20 multiply-adds a sample.
//   y[i] = Σ_n x[n] · c·k(c·(t − n)),  t = i·a,  c = 0.95·min(1, 1/a),  k(u) = sinc(u)·½(1 + cos(πu/8)) for |u| < 8
namespace Recurrent.Audio;

internal static class SpeedChange
{
    private const int ZeroCrossings = 8, PointsPerCrossing = 256;

    /// <summary>k(u) at u = j / 256, j = 0 … 8·256 + 1 (the last two zero, so the interpolation needs no bounds test).</summary>
    private static readonly double[] Kernel = MakeKernel();

    /// <summary>The samples of a word of <paramref name="samples"/> samples played <paramref name="speed"/> times faster: max(1, round(n / a)).</summary>
    public static int Length(int samples, double speed) => Math.Max(1, (int)Math.Round(samples / speed));

    /// <summary>Writes <paramref name="input"/> played <paramref name="speed"/> times faster into <paramref name="output"/> (of <see cref="Length"/> samples).</summary>
    public static void Apply(ReadOnlySpan<float> input, double speed, Span<float> output)
    {
        double cutoff = 0.95 * Math.Min(1.0, 1.0 / speed);
        double half = ZeroCrossings / cutoff; // W, in input samples
        double step = cutoff * PointsPerCrossing; // table points per input sample
        for (int i = 0; i < output.Length; i++)
        {
            double t = i * speed;
            int first = Math.Max(0, (int)Math.Ceiling(t - half)), last = Math.Min(input.Length - 1, (int)Math.Floor(t + half));
            double sum = 0;
            for (int n = first; n <= last; n++)
            {
                double position = Math.Abs(t - n) * step;
                int j = (int)position;
                double fraction = position - j;
                sum += input[n] * (Kernel[j] + fraction * (Kernel[j + 1] - Kernel[j]));
            }
            output[i] = (float)(cutoff * sum);
        }
    }

    /// <summary>k(u) = sinc(u) · ½(1 + cos(πu / Z)) evaluated directly: the oracle the table is tested against.</summary>
    internal static double KernelAt(double u)
    {
        u = Math.Abs(u);
        if (u >= ZeroCrossings)
            return 0;
        double sinc = u < 1e-12 ? 1 : Math.Sin(Math.PI * u) / (Math.PI * u);
        return sinc * 0.5 * (1 + Math.Cos(Math.PI * u / ZeroCrossings));
    }

    private static double[] MakeKernel()
    {
        var table = new double[ZeroCrossings * PointsPerCrossing + 2];
        for (int j = 0; j < table.Length; j++)
            table[j] = KernelAt((double)j / PointsPerCrossing);
        return table;
    }
}
