// torch.optim.SGD (dampening 0, no Nesterov, no weight decay):
//   momentum 0:  p -= lr·g
//   momentum μ:  buf = g on the first step, then buf = μ·buf + g;  p -= lr·buf
using System.Numerics;

namespace Recurrent.Training;

/// <summary>Stochastic gradient descent, with optional momentum, as torch.optim.SGD.</summary>
public sealed class Sgd<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[] _momentumBuffer;

    /// <summary>SGD for <paramref name="parameterCount"/> parameters.</summary>
    /// <param name="parameterCount">The length of the value and gradient buffers.</param>
    /// <param name="learningRate">lr; torch has no default.</param>
    /// <param name="momentum">μ in [0, 1); 0 (torch's default) for plain SGD, without a momentum buffer.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is not a positive finite number, or <paramref name="momentum"/> is outside [0, 1).</exception>
    public Sgd(int parameterCount, double learningRate, double momentum = 0) : base(parameterCount, learningRate, stateArrays: momentum > 0 ? 1 : 0)
    {
        if (!(momentum >= 0 && momentum < 1))
            throw new ArgumentOutOfRangeException(nameof(momentum), "Momentum must be in [0, 1).");
        Momentum = momentum;
        _momentumBuffer = momentum > 0 ? new T[parameterCount] : [];
    }

    /// <summary>μ, the weight of the previous momentum buffer; 0 for plain SGD.</summary>
    public double Momentum { get; }

    /// <summary>The momentum buffer, for checkpoints; empty without momentum.</summary>
    public T[] MomentumBuffer => _momentumBuffer;

    /// <summary>One array, "momentum_buffer", with momentum; none without.</summary>
    public override IReadOnlyList<(string Name, T[] Values)> State => Momentum > 0 ? [("momentum_buffer", _momentumBuffer)] : [];

    /// <summary>Without momentum, p −= lr·g; with μ, buf = g on the first step and μ·buf + g after, then p −= lr·buf.</summary>
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
