// The discrete Fourier transform of a power-of-two length, iterative radix-2 in float64, for the power spectrum of an
// audio frame. Written here rather than taken from NWaves so that the library needs one audio package (NAudio.Core,
// for WAV) and the features' only numerical steps are the formulas in docs/speech.md; the twiddles come from Math.Cos
// and Math.Sin of each angle, not from a recurrence, so the error stays near float64 rounding for any size.
namespace Recurrent.Audio;

internal sealed class Fft
{
    private readonly double[] _cos, _sin; // (n/2) cos(2πk/n), sin(2πk/n)
    private readonly int[] _reversed;     // (n) bit-reversed index

    public Fft(int size)
    {
        if (size < 2 || (size & (size - 1)) != 0)
            throw new ArgumentOutOfRangeException(nameof(size), size, "The FFT size must be a power of two, at least 2.");
        Size = size;
        _cos = new double[size / 2];
        _sin = new double[size / 2];
        for (int k = 0; k < size / 2; k++)
        {
            _cos[k] = Math.Cos(2 * Math.PI * k / size);
            _sin[k] = Math.Sin(2 * Math.PI * k / size);
        }
        _reversed = new int[size];
        int bits = System.Numerics.BitOperations.Log2((uint)size);
        for (int i = 0; i < size; i++)
            _reversed[i] = (int)(ReverseBits((uint)i) >> (32 - bits));
    }

    public int Size { get; }

    /// <summary>In place: X[k] = Σ_n x[n] e^(−2πi kn/N), over re and im of length N.</summary>
    public void Forward(Span<double> re, Span<double> im)
    {
        int n = Size;
        for (int i = 0; i < n; i++)
        {
            int j = _reversed[i];
            if (j > i)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }
        for (int half = 1; half < n; half *= 2)
        {
            int stride = n / (2 * half);
            for (int start = 0; start < n; start += 2 * half)
                for (int k = 0; k < half; k++)
                {
                    double wr = _cos[k * stride], wi = -_sin[k * stride];
                    int a = start + k, b = a + half;
                    double tr = re[b] * wr - im[b] * wi, ti = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
        }
    }

    private static uint ReverseBits(uint v)
    {
        v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
        v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
        v = ((v >> 4) & 0x0F0F0F0Fu) | ((v & 0x0F0F0F0Fu) << 4);
        v = ((v >> 8) & 0x00FF00FFu) | ((v & 0x00FF00FFu) << 8);
        return (v >> 16) | (v << 16);
    }
}
