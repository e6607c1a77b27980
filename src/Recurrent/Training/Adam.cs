// torch.optim.Adam with its defaults (betas 0.9, 0.999; eps 1e-8; no weight decay, not amsgrad):
//   m = β1·m + (1-β1)·g;   v = β2·v + (1-β2)·g²
//   p -= (lr / (1-β1^t)) · m / (sqrt(v) / sqrt(1-β2^t) + eps)
// The bias corrections are computed in double, as torch computes them in Python floats.
using System.Numerics;

namespace Recurrent.Training;

/// <summary>Adam, as torch.optim.Adam.</summary>
public sealed class Adam<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public const double Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-8;
    private readonly T[] _firstMoment, _secondMoment;

    public Adam(int parameterCount, double learningRate = 1e-3) : base(parameterCount, learningRate)
    {
        _firstMoment = new T[parameterCount];
        _secondMoment = new T[parameterCount];
    }

    /// <summary>m, the running mean of g, for checkpoints.</summary>
    public T[] FirstMoment => _firstMoment;

    /// <summary>v, the running mean of g², for checkpoints.</summary>
    public T[] SecondMoment => _secondMoment;

    protected override void Update(Span<T> values, ReadOnlySpan<T> gradients)
    {
        double correction1 = 1 - Math.Pow(Beta1, StepCount);
        double correction2 = 1 - Math.Pow(Beta2, StepCount);
        T stepSize = Scalar(LearningRate / correction1), sqrtCorrection2 = Scalar(Math.Sqrt(correction2));
        T beta1 = Scalar(Beta1), beta2 = Scalar(Beta2), oneMinusBeta1 = Scalar(1 - Beta1), oneMinusBeta2 = Scalar(1 - Beta2);
        T eps = Scalar(Epsilon);
        for (int k = 0; k < values.Length; k++)
        {
            T g = gradients[k];
            T m = beta1 * _firstMoment[k] + oneMinusBeta1 * g;
            T v = beta2 * _secondMoment[k] + oneMinusBeta2 * g * g;
            _firstMoment[k] = m;
            _secondMoment[k] = v;
            values[k] -= stepSize * m / (T.Sqrt(v) / sqrtCorrection2 + eps);
        }
    }
}
