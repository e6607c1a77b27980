// torch.optim.Adam with its defaults (betas 0.9, 0.999; eps 1e-8; not amsgrad), and torch.optim.AdamW when
// given a decoupled weight decay λ: first p *= 1 - lr·λ, then the Adam update:
//   m = β1·m + (1-β1)·g;   v = β2·v + (1-β2)·g²
//   p -= (lr / (1-β1^t)) · m / (sqrt(v) / sqrt(1-β2^t) + eps)
// The bias corrections are computed in double, as torch computes them in Python floats.
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Recurrent.Training;

/// <summary>Adam, as torch.optim.Adam; with a decoupled weight decay, AdamW as torch.optim.AdamW.</summary>
public sealed class Adam<T> : Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>β1, the decay of the running mean m of g: torch's default, 0.9.</summary>
    public const double Beta1 = 0.9;

    /// <summary>β2, the decay of the running mean v of g²: torch's default, 0.999.</summary>
    public const double Beta2 = 0.999;

    /// <summary>eps, added to the bias-corrected sqrt(v) in the denominator: torch's default, 1e-8.</summary>
    public const double Epsilon = 1e-8;

    private readonly T[] _firstMoment, _secondMoment;

    /// <summary>Adam (or AdamW, with a weight decay) for <paramref name="parameterCount"/> parameters, with m and v at 0.</summary>
    /// <param name="parameterCount">The length of the value and gradient buffers.</param>
    /// <param name="learningRate">lr; torch's default, 1e-3.</param>
    /// <param name="decoupledWeightDecay">AdamW's λ (torch's default for AdamW is 0.01); 0 gives plain Adam.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is not a positive finite number, or <paramref name="decoupledWeightDecay"/> is negative or not finite.</exception>
    public Adam(int parameterCount, double learningRate = 1e-3, double decoupledWeightDecay = 0) : base(parameterCount, learningRate, stateArrays: 2)
    {
        if (!(decoupledWeightDecay >= 0) || double.IsInfinity(decoupledWeightDecay))
            throw new ArgumentOutOfRangeException(nameof(decoupledWeightDecay), "Weight decay must be a non-negative number.");
        WeightDecay = decoupledWeightDecay;
        _firstMoment = new T[parameterCount];
        _secondMoment = new T[parameterCount];
    }

    /// <summary>AdamW's decoupled weight decay λ; 0 for Adam.</summary>
    public double WeightDecay { get; }

    /// <summary>m, the running mean of g, for checkpoints.</summary>
    public T[] FirstMoment => _firstMoment;

    /// <summary>v, the running mean of g², for checkpoints.</summary>
    public T[] SecondMoment => _secondMoment;

    /// <summary>Two arrays: "exp_avg" (m) and "exp_avg_sq" (v).</summary>
    public override IReadOnlyList<(string Name, T[] Values)> State => [("exp_avg", _firstMoment), ("exp_avg_sq", _secondMoment)];

    /// <summary>
    /// p *= 1 − lr·λ (AdamW only); m = β1·m + (1 − β1)·g;  v = β2·v + (1 − β2)·g²;
    /// p −= (lr / (1 − β1^t)) · m / (sqrt(v) / sqrt(1 − β2^t) + eps).
    /// </summary>
    protected override void Update(Span<T> values, ReadOnlySpan<T> gradients)
    {
        double correction1 = 1 - Math.Pow(Beta1, StepCount);
        double correction2 = 1 - Math.Pow(Beta2, StepCount);
        T stepSize = Scalar(LearningRate / correction1), sqrtCorrection2 = Scalar(Math.Sqrt(correction2));
        T beta1 = Scalar(Beta1), beta2 = Scalar(Beta2), oneMinusBeta1 = Scalar(1 - Beta1), oneMinusBeta2 = Scalar(1 - Beta2);
        T eps = Scalar(Epsilon), decay = Scalar(1 - LearningRate * WeightDecay);
        bool decays = WeightDecay > 0;
        int k = 0;
        if (Vector256.IsHardwareAccelerated && Vector256<T>.IsSupported)
        {
            // The same operations on Vector256<T>.Count parameters at a time (no fused multiply-adds, IEEE sqrt and
            // division), so each parameter gets the bits of the scalar loop below.
            var vBeta1 = Vector256.Create(beta1);
            var vBeta2 = Vector256.Create(beta2);
            var vOneMinusBeta1 = Vector256.Create(oneMinusBeta1);
            var vOneMinusBeta2 = Vector256.Create(oneMinusBeta2);
            var vStepSize = Vector256.Create(stepSize);
            var vSqrtCorrection2 = Vector256.Create(sqrtCorrection2);
            var vEps = Vector256.Create(eps);
            var vDecay = Vector256.Create(decay);
            ref T p = ref MemoryMarshal.GetReference(values);
            ref T gr = ref MemoryMarshal.GetReference(gradients);
            ref T m1 = ref MemoryMarshal.GetArrayDataReference(_firstMoment);
            ref T m2 = ref MemoryMarshal.GetArrayDataReference(_secondMoment);
            for (; k + Vector256<T>.Count <= values.Length; k += Vector256<T>.Count)
            {
                nuint at = (nuint)k;
                Vector256<T> value = Vector256.LoadUnsafe(ref p, at);
                if (decays)
                    value *= vDecay;
                Vector256<T> g = Vector256.LoadUnsafe(ref gr, at);
                Vector256<T> m = vBeta1 * Vector256.LoadUnsafe(ref m1, at) + vOneMinusBeta1 * g;
                Vector256<T> v = vBeta2 * Vector256.LoadUnsafe(ref m2, at) + vOneMinusBeta2 * g * g;
                m.StoreUnsafe(ref m1, at);
                v.StoreUnsafe(ref m2, at);
                (value - vStepSize * m / (Vector256.Sqrt(v) / vSqrtCorrection2 + vEps)).StoreUnsafe(ref p, at);
            }
        }
        for (; k < values.Length; k++)
        {
            if (decays)
                values[k] *= decay;
            T g = gradients[k];
            T m = beta1 * _firstMoment[k] + oneMinusBeta1 * g;
            T v = beta2 * _secondMoment[k] + oneMinusBeta2 * g * g;
            _firstMoment[k] = m;
            _secondMoment[k] = v;
            values[k] -= stepSize * m / (T.Sqrt(v) / sqrtCorrection2 + eps);
        }
    }
}
