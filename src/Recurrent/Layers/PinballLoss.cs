// The quantile (pinball) loss of N rows of O predictions, as PyTorch Forecasting's QuantileLoss and GluonTS: output
// o of a row predicts the quantile τ = quantiles[o mod Q] of its target, and the loss is the mean over every element
// of max(τ·e, (τ − 1)·e) with e = target − prediction. Under-predicting costs τ per unit, over-predicting 1 − τ, so
// the minimiser is the τ-quantile. At a tie (e = 0) the gradient is torch's for torch.max(a, b) with a = b: half
// to each side, (1/2 − τ)/n. The loss is summed in double, as MeanSquaredError's.
using System.Numerics;

namespace Recurrent.Layers;

/// <summary>
/// L = (1/(N·O)) Σ max(τ·e, (τ − 1)·e), e = y − p, τ of element k = quantiles[(k mod O) mod Q];
/// dL/dp = −τ/(N·O) where e &gt; 0, (1 − τ)/(N·O) where e &lt; 0, (1/2 − τ)/(N·O) where e = 0.
/// </summary>
public static class PinballLoss
{
    /// <summary>The mean over all elements of max(τ·e, (τ − 1)·e), e = targets − predictions.</summary>
    /// <param name="predictions">N rows of O predictions.</param>
    /// <param name="targets">N rows of O targets: each target written once per quantile that predicts it.</param>
    /// <param name="quantiles">Q levels τ; output o of a row is level quantiles[o mod Q].</param>
    /// <param name="outputsPerRow">O, the width of a row.</param>
    /// <exception cref="ArgumentException">The spans differ in length or are empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">No quantiles, or O is not positive or does not divide the length.</exception>
    public static double Forward<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets, ReadOnlySpan<double> quantiles, int outputsPerRow)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(predictions.Length, targets.Length, quantiles.Length, outputsPerRow);
        double total = 0;
        for (int k = 0; k < predictions.Length; k++)
        {
            double tau = quantiles[k % outputsPerRow % quantiles.Length];
            double error = double.CreateChecked(targets[k] - predictions[k]);
            total += Math.Max(tau * error, (tau - 1) * error);
        }
        return total / predictions.Length;
    }

    /// <summary>
    /// dPredictions += −τ/n where targets &gt; predictions, (1 − τ)/n where targets &lt; predictions, (1/2 − τ)/n where
    /// they are equal (or the difference is NaN): the gradient of the mean over the n elements.
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="Forward"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">As <see cref="Forward"/>.</exception>
    public static void Backward<T>(ReadOnlySpan<T> predictions, ReadOnlySpan<T> targets, ReadOnlySpan<double> quantiles, int outputsPerRow,
        Span<T> dPredictions) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(predictions.Length, targets.Length, quantiles.Length, outputsPerRow);
        if (dPredictions.Length != predictions.Length)
            throw new ArgumentException("The gradient must have the predictions' length.", nameof(dPredictions));
        double scale = 1.0 / predictions.Length;
        for (int k = 0; k < predictions.Length; k++)
        {
            double tau = quantiles[k % outputsPerRow % quantiles.Length];
            T error = targets[k] - predictions[k];
            double slope = error > T.Zero ? -tau : error < T.Zero ? 1 - tau : 0.5 - tau;
            dPredictions[k] += T.CreateChecked(slope * scale);
        }
    }

    private static void Check(int predictions, int targets, int quantiles, int outputsPerRow)
    {
        if (predictions != targets || predictions == 0)
            throw new ArgumentException("Predictions and targets must have the same, non-zero length.", nameof(targets));
        if (quantiles == 0)
            throw new ArgumentOutOfRangeException(nameof(quantiles), "The pinball loss needs at least one quantile.");
        if (outputsPerRow <= 0 || predictions % outputsPerRow != 0)
            throw new ArgumentOutOfRangeException(nameof(outputsPerRow), outputsPerRow, $"Rows of {outputsPerRow} outputs do not tile {predictions} predictions.");
    }
}
