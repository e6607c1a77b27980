// The mean squared error of N rows of O predictions against real-valued targets, as torch.nn.MSELoss() with its
// default mean reduction: the mean is over every element, rows and outputs alike. The loss is summed in double,
// as SoftmaxCrossEntropy's, so that a large batch does not drift in float.
using System.Numerics;

namespace Recurrent.Layers;

/// <summary>L = (1/(N·O)) Σ (p − y)²; dL/dp = 2(p − y)/(N·O).</summary>
public static class MeanSquaredError
{
    /// <summary>The mean over all elements of (predictions − targets)².</summary>
    /// <exception cref="ArgumentException">The spans differ in length or are empty.</exception>
    public static double Forward<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (predictions.Length != targets.Length || predictions.IsEmpty)
            throw new ArgumentException("Predictions and targets must have the same, non-zero length.", nameof(targets));
        double total = 0;
        for (int k = 0; k < predictions.Length; k++)
        {
            double error = double.CreateChecked(predictions[k] - targets[k]);
            total += error * error;
        }
        return total / predictions.Length;
    }

    /// <summary>dPredictions += 2(predictions − targets)/n, the gradient of the mean over the n elements.</summary>
    public static void Backward<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets, Span<T> dPredictions)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T scale = T.CreateChecked(2.0 / predictions.Length);
        for (int k = 0; k < predictions.Length; k++)
            dPredictions[k] += scale * (predictions[k] - targets[k]);
    }
}
