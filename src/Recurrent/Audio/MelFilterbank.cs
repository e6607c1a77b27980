// Triangular filters equally spaced on the HTK mel scale, mel(f) = 2595·log10(1 + f/700), weighing the power
// spectrum's bins at their own frequencies k·sr/nfft (not rounded to bins, each triangle peaking at 1, no area
// normalisation): the filterbank of docs/speech.md and tools/reference/mfcc_reference.py.
namespace Recurrent.Audio;

internal static class MelFilterbank
{
    /// <summary>mel(f) = 2595 · log10(1 + f / 700).</summary>
    public static double Mel(double hz) => 2595 * Math.Log10(1 + hz / 700);

    /// <summary>The inverse of <see cref="Mel"/>: f = 700 · (10^(m / 2595) − 1).</summary>
    public static double Hz(double mel) => 700 * (Math.Pow(10, mel / 2595) - 1);

    /// <summary>(M, nfft/2 + 1) weights, row-major: filter m rises from edge m to 1 at edge m+1 and falls to 0 at edge m+2.</summary>
    public static double[] Weights(AudioFeatureSettings settings)
    {
        int m = settings.MelFilters, bins = settings.FftSize / 2 + 1;
        double low = Mel(settings.LowHz), high = Mel(settings.HighHz);
        var edges = new double[m + 2];
        for (int i = 0; i < edges.Length; i++)
            edges[i] = Hz(low + (high - low) * i / (m + 1));
        var weights = new double[m * bins];
        for (int j = 0; j < m; j++)
            for (int k = 0; k < bins; k++)
            {
                double f = (double)k * settings.SampleRate / settings.FftSize;
                double rising = (f - edges[j]) / (edges[j + 1] - edges[j]);
                double falling = (edges[j + 2] - f) / (edges[j + 2] - edges[j + 1]);
                weights[j * bins + k] = Math.Max(0, Math.Min(rising, falling));
            }
        return weights;
    }
}
