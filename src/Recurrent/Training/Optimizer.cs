// An optimizer updates the flat parameter buffer from the flat gradient buffer, elementwise.
// Each subclass follows torch.optim's update rule and defaults exactly (no weight decay), so a
// step here equals a step there; the PyTorch fixtures check that for every one.
using System.Numerics;
using System.Runtime.CompilerServices;
using Recurrent.Numerics;

namespace Recurrent.Training;

/// <summary>An update rule over flat buffers, with its per-parameter state sized once.</summary>
public abstract class Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>An optimizer for <paramref name="parameterCount"/> parameters; subclasses allocate their state.</summary>
    /// <param name="parameterCount">The length of the value and gradient buffers every step receives.</param>
    /// <param name="learningRate">lr, the step size; positive and finite.</param>
    /// <param name="stateArrays">How many arrays of <paramref name="parameterCount"/> values the subclass allocates (Adam: 2).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="parameterCount"/> is negative, or <paramref name="learningRate"/> is not a positive finite number.</exception>
    /// <exception cref="RecurrentException">The state would not fit in the memory free now.</exception>
    protected Optimizer(int parameterCount, double learningRate, int stateArrays)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(parameterCount);
        if (!(learningRate > 0) || double.IsInfinity(learningRate))
            throw new ArgumentOutOfRangeException(nameof(learningRate), "The learning rate must be a positive number.");
        MemoryBudget.Ensure(parameterCount, (long)parameterCount * stateArrays * Unsafe.SizeOf<T>(),
            $"the optimizer's state for {parameterCount:N0} parameters", "hidden", "layers");
        ParameterCount = parameterCount;
        LearningRate = learningRate;
    }

    /// <summary>The number of parameters, the length of the buffers <see cref="Step"/> takes.</summary>
    public int ParameterCount { get; }

    /// <summary>The step size; schedules may change it between steps.</summary>
    public double LearningRate { get; set; }

    /// <summary>Updates taken so far (torch's per-parameter "step").</summary>
    public long StepCount { get; protected set; }

    /// <summary>One update: values -= f(gradients, state).</summary>
    public void Step(Span<T> values, ReadOnlySpan<T> gradients)
    {
        if (values.Length != ParameterCount || gradients.Length != ParameterCount)
            throw new ArgumentException($"The optimizer was built for {ParameterCount} parameters.");
        StepCount++;
        Update(values, gradients);
    }

    /// <summary>
    /// The update rule on every parameter, values and state in place. <see cref="Step"/> has checked the lengths and
    /// counted the step, so <see cref="StepCount"/> is this update's number t, from 1.
    /// </summary>
    /// <param name="values">The parameters p, <see cref="ParameterCount"/> of them, updated in place.</param>
    /// <param name="gradients">The gradients g = dL/dp, in the same layout.</param>
    protected abstract void Update(Span<T> values, ReadOnlySpan<T> gradients);

    /// <summary>
    /// The per-parameter state arrays by name (torch's state keys: momentum_buffer, sum, square_avg, exp_avg,
    /// exp_avg_sq), each of ParameterCount values, live: a checkpoint saves them and a resume writes into them.
    /// </summary>
    public abstract IReadOnlyList<(string Name, T[] Values)> State { get; }

    /// <summary>Sets the update count after a resume, so bias corrections and first-step rules continue exactly.</summary>
    public void RestoreStepCount(long steps)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        StepCount = steps;
    }

    /// <summary><paramref name="value"/> (a learning rate, a β, an ε) rounded to T, as the update rules use it.</summary>
    protected static T Scalar(double value) => T.CreateChecked(value);
}
