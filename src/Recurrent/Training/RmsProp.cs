// torch.optim.RMSprop with its defaults (alpha 0.99, eps 1e-8, no momentum, not centered):
//   avg = α·avg + (1-α)·g²;  p -= lr · g / (sqrt(avg) + eps)
using System.Numerics;

namespace Recurrent.Training;

/// <summary>RMSprop, as torch.optim.RMSprop.</summary>
public sealed class RmsProp<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public const double Alpha = 0.99, Epsilon = 1e-8;
    private readonly T[] _squareAverage;

    public RmsProp(int parameterCount, double learningRate = 0.01) : base(parameterCount, learningRate)
    {
        _squareAverage = new T[parameterCount];
    }

    /// <summary>The running average of g², for checkpoints.</summary>
    public T[] SquareAverage => _squareAverage;

    public override IReadOnlyList<(string Name, T[] Values)> State => [("square_avg", _squareAverage)];

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
