// Softmax over V classes and the mean cross-entropy against integer targets, in nats,
// as torch.nn.functional.cross_entropy(logits, targets) with the default mean reduction; or its weighted mean, with a
// weight per class (torch's weight=, for imbalanced classes).
// The loss is summed in double: with T·B in the thousands, float sums would drift.
using System.Numerics;
using System.Numerics.Tensors;
using Recurrent.Numerics;

namespace Recurrent.Layers;

/// <summary>p = softmax(logits) per row; L = mean over rows of −log p[target].</summary>
public static unsafe class SoftmaxCrossEntropy
{
    /// <summary>Writes the probabilities (N×V) and returns the mean cross-entropy over the N rows.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A target is outside [0, V).</exception>
    public static double Forward<T>(ReadOnlySpan<T> logits, ReadOnlySpan<int> targets, Span<T> probabilities, int classes)
        where T : unmanaged, IFloatingPointIeee754<T> => Forward(logits, targets, probabilities, classes, default);

    /// <summary>
    /// p (N×V) = softmax of each row of logits (N×V), as torch.softmax(logits, -1). Float rows are split between
    /// <see cref="Parallelism.Threads"/>; each row is computed as <see cref="Softmax{T}"/> computes it alone.
    /// </summary>
    /// <exception cref="ArgumentException">The lengths are not a whole number of rows, or differ.</exception>
    public static void SoftmaxRows<T>(ReadOnlySpan<T> logits, Span<T> probabilities, int classes)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (classes <= 0 || logits.Length % classes != 0 || probabilities.Length != logits.Length)
            throw new ArgumentException($"Expected logits and probabilities of the same length, a multiple of {classes}.", nameof(probabilities));
        int rows = logits.Length / classes;
        if (typeof(T) != typeof(float))
        {
            for (int r = 0; r < rows; r++)
                Softmax(logits.Slice(r * classes, classes), probabilities.Slice(r * classes, classes));
            return;
        }
        fixed (T* pLogits = logits, pProbabilities = probabilities)
        {
            var job = new RowBlocks { P0 = (float*)pLogits, P1 = (float*)pProbabilities, Width = classes, Kernel = &SoftmaxBlock };
            RowBlocks.Run(ref job, rows, classes);
        }
    }

    private static void SoftmaxBlock(ref RowBlocks r, int start, int end)
    {
        for (int i = start; i < end; i++)
            Softmax<float>(new ReadOnlySpan<float>(r.P0 + (nint)i * r.Width, r.Width), new Span<float>(r.P1 + (nint)i * r.Width, r.Width));
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
        where T : unmanaged, IFloatingPointIeee754<T> => Backward(probabilities, targets, dLogits, classes, default);

    /// <summary>
    /// Writes the probabilities (N×V) and returns the weighted mean cross-entropy, Σ w[t]·(−log p[t]) / Σ w[t] over the
    /// rows' targets t, as torch.nn.functional.cross_entropy(logits, targets, weight=w): each row counts as much as its
    /// class's weight. No weights (an empty span) is the plain mean.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A target is outside [0, V).</exception>
    public static double Forward<T>(ReadOnlySpan<T> logits, ReadOnlySpan<int> targets, Span<T> probabilities, int classes,
        ReadOnlySpan<double> classWeights) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double total = 0, weights = 0;
        for (int r = 0; r < targets.Length; r++)
        {
            int target = targets[r];
            if ((uint)target >= (uint)classes)
                throw new ArgumentOutOfRangeException(nameof(targets), $"Target {target} is outside [0, {classes}).");
            ReadOnlySpan<T> row = logits.Slice(r * classes, classes);
            T logSumExp = Softmax(row, probabilities.Slice(r * classes, classes));
            double weight = classWeights.IsEmpty ? 1 : classWeights[target];
            total += weight * double.CreateChecked(logSumExp - row[target]);
            weights += weight;
        }
        return total / weights;
    }

    /// <summary>dLogits += w[t]·(p − onehot(t)) / Σ w[t], the gradient of the weighted mean loss (no weights: 1/N).</summary>
    public static void Backward<T>(ReadOnlySpan<T> probabilities, ReadOnlySpan<int> targets, Span<T> dLogits, int classes,
        ReadOnlySpan<double> classWeights) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double weights = 0;
        for (int r = 0; r < targets.Length && !classWeights.IsEmpty; r++)
            weights += classWeights[targets[r]];
        T mean = T.One / T.CreateChecked(targets.Length);
        for (int r = 0; r < targets.Length; r++)
        {
            T scale = classWeights.IsEmpty ? mean : T.CreateChecked(classWeights[targets[r]] / weights);
            Span<T> dRow = dLogits.Slice(r * classes, classes);
            TensorPrimitives.MultiplyAdd(probabilities.Slice(r * classes, classes), scale, dRow, dRow);
            dRow[targets[r]] -= scale;
        }
    }
}
