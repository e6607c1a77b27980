// Softmax over V classes and the mean cross-entropy against integer targets, in nats,
// as torch.nn.functional.cross_entropy(logits, targets) with the default mean reduction.
// The loss is summed in double: with T·B in the thousands, float sums would drift.
using System.Numerics;
using System.Numerics.Tensors;

namespace Recurrent.Layers;

/// <summary>p = softmax(logits) per row; L = mean over rows of −log p[target].</summary>
public static class SoftmaxCrossEntropy
{
    /// <summary>Writes the probabilities (N×V) and returns the mean cross-entropy over the N rows.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A target is outside [0, V).</exception>
    public static double Forward<T>(ReadOnlySpan<T> logits, ReadOnlySpan<int> targets, Span<T> probabilities, int classes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        double total = 0;
        for (int r = 0; r < targets.Length; r++)
        {
            int target = targets[r];
            if ((uint)target >= (uint)classes)
                throw new ArgumentOutOfRangeException(nameof(targets), $"Target {target} is outside [0, {classes}).");
            ReadOnlySpan<T> row = logits.Slice(r * classes, classes);
            T logSumExp = Softmax(row, probabilities.Slice(r * classes, classes));
            total += double.CreateChecked(logSumExp - row[target]);
        }
        return total / targets.Length;
    }

    /// <summary>p = softmax(logits) of one row; returns log Σ exp(logits), computed stably around the maximum.</summary>
    public static T Softmax<T>(ReadOnlySpan<T> logits, Span<T> probabilities) where T : unmanaged, IFloatingPointIeee754<T>
    {
        T max = TensorPrimitives.Max(logits);
        TensorPrimitives.Subtract(logits, max, probabilities);
        TensorPrimitives.Exp(probabilities, probabilities);
        T sum = TensorPrimitives.Sum<T>(probabilities);
        TensorPrimitives.Divide(probabilities, sum, probabilities);
        return max + T.Log(sum);
    }

    /// <summary>dLogits += (p − onehot(target)) / N, the gradient of the mean loss.</summary>
    public static void Backward<T>(ReadOnlySpan<T> probabilities, ReadOnlySpan<int> targets, Span<T> dLogits, int classes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        T scale = T.One / T.CreateChecked(targets.Length);
        for (int r = 0; r < targets.Length; r++)
        {
            Span<T> dRow = dLogits.Slice(r * classes, classes);
            TensorPrimitives.MultiplyAdd(probabilities.Slice(r * classes, classes), scale, dRow, dRow);
            dRow[targets[r]] -= scale;
        }
    }
}
