// torch.optim.SGD (dampening 0, no Nesterov, no weight decay):
//   momentum 0:  p -= lr·g
//   momentum μ:  buf = g on the first step, then buf = μ·buf + g;  p -= lr·buf
using System.Numerics;

namespace Recurrent.Training;

/// <summary>Stochastic gradient descent, with optional momentum, as torch.optim.SGD.</summary>
public sealed class Sgd<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _momentumBuffer;

    public Sgd(int parameterCount, double learningRate, double momentum = 0) : base(parameterCount, learningRate)
    {
        if (!(momentum >= 0 && momentum < 1))
            throw new ArgumentOutOfRangeException(nameof(momentum), "Momentum must be in [0, 1).");
        Momentum = momentum;
        _momentumBuffer = momentum > 0 ? new T[parameterCount] : [];
    }

    public double Momentum { get; }

    /// <summary>The momentum buffer, for checkpoints; empty without momentum.</summary>
    public T[] MomentumBuffer => _momentumBuffer;

    public override IReadOnlyList<(string Name, T[] Values)> State => Momentum > 0 ? [("momentum_buffer", _momentumBuffer)] : [];

    protected override void Update(Span<T> values, ReadOnlySpan<T> gradients)
    {
        T lr = Scalar(LearningRate);
        if (Momentum == 0)
        {
            for (int k = 0; k < values.Length; k++)
                values[k] -= lr * gradients[k];
            return;
        }
        T mu = Scalar(Momentum);
        bool first = StepCount == 1;
        for (int k = 0; k < values.Length; k++)
        {
            T buffer = first ? gradients[k] : mu * _momentumBuffer[k] + gradients[k];
            _momentumBuffer[k] = buffer;
            values[k] -= lr * buffer;
        }
    }
}
