// Band-limited resampling by a Hann-windowed sinc, written here because NAudio.Core 3.3.0's WdlResamplingSampleProvider
// (measured on a 440 Hz tone) shifts its output in time by an amount that depends on the rates: 34 samples early from
// 8 to 16 kHz, 17 early from 16 to 8 kHz, 74 late from 44.1 to 16 kHz. Features of the same words would then move
// with the rate of the file they came in; this one keeps output sample i at input time i·from/to exactly.
//   y[i] = Σ_n x[n] · c·sinc(c·(t − n)) · hann((t − n) / W),  t = i·from/to,  c = 0.95·min(1, to/from),  W = 16 / c
// with sinc(u) = sin(πu)/(πu), hann(u) = ½(1 + cos πu) for |u| < 1, and x zero outside the signal.
namespace Recurrent.Audio;

internal static class Resampler
{
    private const double ZeroCrossings = 16;

    /// <summary>round(n · to / from) samples of <paramref name="samples"/> at <paramref name="to"/> Hz.</summary>
    public static float[] Resample(float[] samples, int from, int to, int count)
    {
        double cutoff = 0.95 * Math.Min(1.0, (double)to / from);
        double half = ZeroCrossings / cutoff; // W, in input samples
        var output = new float[count];
        for (int i = 0; i < count; i++)
        {
            double t = (double)i * from / to;
            int first = Math.Max(0, (int)Math.Ceiling(t - half)), last = Math.Min(samples.Length - 1, (int)Math.Floor(t + half));
            double sum = 0;
            for (int n = first; n <= last; n++)
            {
                double d = t - n;
                double u = Math.PI * cutoff * d;
                double sinc = Math.Abs(u) < 1e-12 ? 1 : Math.Sin(u) / u;
                double hann = 0.5 * (1 + Math.Cos(Math.PI * d / half));
                sum += samples[n] * cutoff * sinc * hann;
            }
            output[i] = (float)sum;
        }
        return output;
    }
}
