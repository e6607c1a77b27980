// torch.optim.RMSprop with its defaults (alpha 0.99, eps 1e-8, no momentum, not centered):
//   avg = α·avg + (1-α)·g²;  p -= lr · g / (sqrt(avg) + eps)
using System.Numerics;

namespace Recurrent.Training;

/// <summary>RMSprop, as torch.optim.RMSprop.</summary>
public sealed class RmsProp<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>α, the decay of the running average of g²: torch's default, 0.99.</summary>
    public const double Alpha = 0.99;

    /// <summary>eps, added to sqrt(avg) in the denominator: torch's default, 1e-8.</summary>
    public const double Epsilon = 1e-8;

    private readonly T[] _squareAverage;

    /// <summary>RMSprop for <paramref name="parameterCount"/> parameters, with running averages at 0.</summary>
    /// <param name="parameterCount">The length of the value and gradient buffers.</param>
    /// <param name="learningRate">lr; torch's default, 0.01.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is not a positive finite number.</exception>
    public RmsProp(int parameterCount, double learningRate = 0.01) : base(parameterCount, learningRate, stateArrays: 1)
    {
        _squareAverage = new T[parameterCount];
    }

    /// <summary>The running average of g², for checkpoints.</summary>
    public T[] SquareAverage => _squareAverage;

    /// <summary>One array, "square_avg": the running average of g² per parameter.</summary>
    public override IReadOnlyList<(string Name, T[] Values)> State => [("square_avg", _squareAverage)];

    /// <summary>avg = α·avg + (1 − α)·g²;  p −= lr · g / (sqrt(avg) + eps).</summary>
    protected override void Update(Span<T> values, ReadOnlySpan<T> gradients)
    {
        T lr = Scalar(LearningRate), eps = Scalar(Epsilon), alpha = Scalar(Alpha), oneMinusAlpha = Scalar(1 - Alpha);
        for (int k = 0; k < values.Length; k++)
        {
            T g = gradients[k];
            T average = alpha * _squareAverage[k] + oneMinusAlpha * g * g;
            _squareAverage[k] = average;
            values[k] -= lr * g / (T.Sqrt(average) + eps);
        }
    }
}
