// The mean absolute error of N rows of O predictions against real-valued targets, as torch.nn.L1Loss() with its
// default mean reduction: the mean is over every element. Its gradient at an exact tie is 0, as torch's sign(0).
// The loss is summed in double, as MeanSquaredError's.
using System.Numerics;

namespace Recurrent.Layers;

/// <summary>L = (1/(N·O)) Σ |p − y|; dL/dp = sign(p − y)/(N·O), with sign(0) = 0.</summary>
public static class MeanAbsoluteError
{
    /// <summary>The mean over all elements of |predictions − targets|.</summary>
    /// <exception cref="ArgumentException">The spans differ in length or are empty.</exception>
    public static double Forward<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (predictions.Length != targets.Length || predictions.IsEmpty)
            throw new ArgumentException("Predictions and targets must have the same, non-zero length.", nameof(targets));
        double total = 0;
        for (int k = 0; k < predictions.Length; k++)
            total += Math.Abs(double.CreateChecked(predictions[k] - targets[k]));
        return total / predictions.Length;
    }

    /// <summary>
    /// dPredictions += sign(predictions − targets)/n, the gradient of the mean over the n elements; 0 where they are
    /// equal (torch's subgradient) or the difference is NaN.
    /// </summary>
    public static void Backward<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets, Span<T> dPredictions)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T scale = T.CreateChecked(1.0 / predictions.Length);
        for (int k = 0; k < predictions.Length; k++)
        {
            T error = predictions[k] - targets[k];
            if (error > T.Zero)
                dPredictions[k] += scale;
            else if (error < T.Zero)
                dPredictions[k] -= scale;
        }
    }
}
