// torch.optim.Adagrad with its defaults (lr_decay 0, initial accumulator 0, eps 1e-10):
//   sum += g²;  p -= lr · g / (sqrt(sum) + eps)
using System.Numerics;

namespace Recurrent.Training;

/// <summary>Adagrad, as torch.optim.Adagrad.</summary>
public sealed class Adagrad<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public const double Epsilon = 1e-10;
    private readonly T[] _sumOfSquares;

    public Adagrad(int parameterCount, double learningRate = 0.01) : base(parameterCount, learningRate)
    {
        _sumOfSquares = new T[parameterCount];
    }

    /// <summary>Σ g² per parameter, for checkpoints.</summary>
    public T[] SumOfSquares => _sumOfSquares;

    public override IReadOnlyList<(string Name, T[] Values)> State => [("sum", _sumOfSquares)];

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
