// torch.optim.Adagrad with its defaults (lr_decay 0, initial accumulator 0, eps 1e-10):
//   sum += g²;  p -= lr · g / (sqrt(sum) + eps)
using System.Numerics;

namespace Recurrent.Training;

/// <summary>Adagrad, as torch.optim.Adagrad.</summary>
public sealed class Adagrad<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>eps, added to sqrt(sum) in the denominator: torch's default, 1e-10.</summary>
    public const double Epsilon = 1e-10;

    private readonly T[] _sumOfSquares;

    /// <summary>Adagrad for <paramref name="parameterCount"/> parameters, with sums of squares at 0.</summary>
    /// <param name="parameterCount">The length of the value and gradient buffers.</param>
    /// <param name="learningRate">lr; torch's default, 0.01.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is not a positive finite number.</exception>
    public Adagrad(int parameterCount, double learningRate = 0.01) : base(parameterCount, learningRate, stateArrays: 1)
    {
        _sumOfSquares = new T[parameterCount];
    }

    /// <summary>Σ g² per parameter, for checkpoints.</summary>
    public T[] SumOfSquares => _sumOfSquares;

    /// <summary>One array, "sum": Σ g² per parameter.</summary>
    public override IReadOnlyList<(string Name, T[] Values)> State => [("sum", _sumOfSquares)];

    /// <summary>sum += g²;  p −= lr · g / (sqrt(sum) + eps).</summary>
    protected override void Update(Span<T> values, ReadOnlySpan<T> gradients)
    {
        T lr = Scalar(LearningRate), eps = Scalar(Epsilon);
        for (int k = 0; k < values.Length; k++)
        {
            T g = gradients[k];
            T sum = _sumOfSquares[k] + g * g;
            _sumOfSquares[k] = sum;
            values[k] -= lr * g / (T.Sqrt(sum) + eps);
        }
    }
}
