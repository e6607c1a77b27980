// AWD-LSTM's activation regularisation on the top layer's output, added to the loss a training step minimises (the
// loss it reports stays the head's): AR = α · mean(h²) over the output the head reads (after dropout), which keeps the
// activations small; TAR = β · mean((h(t) − h(t−1))²) over the output before dropout, which keeps them from jumping
// from one step to the next. Means over each sequence's valid steps (all T without lengths; TAR over the pairs of
// consecutive valid steps), every unit. dAR/dh = 2α·h / N; dTAR/dh(t) = 2β / N′ · ((h(t) − h(t−1)) − (h(t+1) − h(t))),
// each difference where both steps exist. The values are for reports and checks; a training step only adds the
// gradients, in one pass each.
using System.Numerics;

namespace Recurrent.Models;

/// <summary>The AR and TAR penalties of a window's output (T·B × W, row t·B + b), and their gradients.</summary>
public static class OutputPenalties
{
    /// <summary>α · mean(h²) over the valid rows.</summary>
    public static double Activation<T>(ReadOnlySpan<T> output, double alpha, int steps, int batch, int width, int[]? lengths)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long count = Rows(steps, batch, lengths, first: 0) * width;
        if (count == 0 || alpha == 0)
            return 0;
        double sum = 0;
        for (int t = 0; t < steps; t++)
            for (int b = 0; b < batch; b++)
                if (Valid(t, b, steps, lengths))
                    foreach (T value in output.Slice((t * batch + b) * width, width))
                        sum += double.CreateChecked(value * value);
        return alpha * sum / count;
    }

    /// <summary>Adds d(α · mean(h²))/dh into <paramref name="gradient"/>.</summary>
    public static void AddActivationGradient<T>(ReadOnlySpan<T> output, Span<T> gradient, double alpha, int steps, int batch, int width,
        int[]? lengths) where T : unmanaged, IFloatingPointIeee754<T>
    {
        long count = Rows(steps, batch, lengths, first: 0) * width;
        if (count == 0 || alpha == 0)
            return;
        T scale = T.CreateChecked(2 * alpha / count);
        for (int t = 0; t < steps; t++)
            for (int b = 0; b < batch; b++)
                if (Valid(t, b, steps, lengths))
                {
                    int row = (t * batch + b) * width;
                    for (int i = 0; i < width; i++)
                        gradient[row + i] += scale * output[row + i];
                }
    }

    /// <summary>β · mean((h(t) − h(t−1))²) over the pairs of consecutive valid steps.</summary>
    public static double Temporal<T>(ReadOnlySpan<T> output, double beta, int steps, int batch, int width, int[]? lengths)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        long count = Rows(steps, batch, lengths, first: 1) * width;
        if (count == 0 || beta == 0)
            return 0;
        double sum = 0;
        for (int t = 1; t < steps; t++)
            for (int b = 0; b < batch; b++)
                if (Valid(t, b, steps, lengths))
                {
                    int row = (t * batch + b) * width, previous = row - batch * width;
                    for (int i = 0; i < width; i++)
                    {
                        double difference = double.CreateChecked(output[row + i] - output[previous + i]);
                        sum += difference * difference;
                    }
                }
        return beta * sum / count;
    }

    /// <summary>Adds d(β · mean((h(t) − h(t−1))²))/dh into <paramref name="gradient"/>.</summary>
    public static void AddTemporalGradient<T>(ReadOnlySpan<T> output, Span<T> gradient, double beta, int steps, int batch, int width,
        int[]? lengths) where T : unmanaged, IFloatingPointIeee754<T>
    {
        long count = Rows(steps, batch, lengths, first: 1) * width;
        if (count == 0 || beta == 0)
            return;
        T scale = T.CreateChecked(2 * beta / count);
        for (int t = 1; t < steps; t++)
            for (int b = 0; b < batch; b++)
                if (Valid(t, b, steps, lengths))
                {
                    int row = (t * batch + b) * width, previous = row - batch * width;
                    for (int i = 0; i < width; i++)
                    {
                        T step = scale * (output[row + i] - output[previous + i]);
                        gradient[row + i] += step;
                        gradient[previous + i] -= step;
                    }
                }
    }

    /// <summary>The valid rows at steps <paramref name="first"/> … T − 1: Σ_b max(0, min(lengths[b], T) − first).</summary>
    private static long Rows(int steps, int batch, int[]? lengths, int first)
    {
        long rows = 0;
        for (int b = 0; b < batch; b++)
            rows += Math.Max(0, (lengths is null ? steps : Math.Min(lengths[b], steps)) - first);
        return rows;
    }

    private static bool Valid(int t, int b, int steps, int[]? lengths) => lengths is null || t < Math.Min(lengths[b], steps);
}
