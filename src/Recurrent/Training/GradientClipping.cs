// Clipping by global norm, as torch.nn.utils.clip_grad_norm_(parameters, max_norm):
// the 2-norm over every gradient together; if it exceeds max_norm, all gradients are scaled by
// max_norm / (norm + 1e-6). The norm is accumulated in double so that it does not depend on
// summation rounding of millions of float squares.
using System.Numerics;

namespace Recurrent.Training;

/// <summary>Global-norm gradient clipping.</summary>
public static class GradientClipping
{
    /// <summary>The 2-norm of all gradients together.</summary>
    public static double GlobalNorm<T>(ReadOnlySpan<T> gradients) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        foreach (T g in gradients)
        {
            double value = double.CreateChecked(g);
            sum += value * value;
        }
        return Math.Sqrt(sum);
    }

    /// <summary>
    /// Scales the gradients by min(1, maxNorm / (norm + 1e-6)) and returns the norm before clipping.
    /// A maxNorm of 0 (or less) turns clipping off and only measures.
    /// </summary>
    public static double ClipByGlobalNorm<T>(Span<T> gradients, double maxNorm) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double norm = GlobalNorm<T>(gradients);
        if (maxNorm > 0)
        {
            double coefficient = maxNorm / (norm + 1e-6);
            if (coefficient < 1)
            {
                T scale = T.CreateChecked(coefficient);
                foreach (ref T g in gradients)
                    g *= scale;
            }
        }
        return norm;
    }
}
