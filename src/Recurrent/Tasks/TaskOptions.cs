// Everything a long-range task run needs besides the task: the model, the optimisation and the stopping rules.
using Recurrent.Models;

namespace Recurrent.Tasks;

/// <summary>Settings of a <see cref="TaskRun"/>, with the command line's defaults.</summary>
public sealed record TaskOptions
{
    // model
    public CellKind Cell { get; init; } = CellKind.Lstm;
    public int Hidden { get; init; } = 64;
    public int Layers { get; init; } = 1;

    /// <summary>LSTM: chrono initialisation of the forget and input biases for lags up to T (see <see cref="ChronoInitializer"/>).</summary>
    public bool Chrono { get; init; }

    // optimisation: Adam, fresh batches of B sequences every step
    public int Batch { get; init; } = 32;
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Maximum global gradient norm; 0 turns clipping off.</summary>
    public double Clip { get; init; } = 1;

    /// <summary>Seeds the initial weights and the training sequences (the held-out set has its own seed).</summary>
    public ulong Seed { get; init; } = 1;

    // stopping and evaluation
    /// <summary>At most this many steps.</summary>
    public long Steps { get; init; } = 1_000_000;

    /// <summary>At most this much wall-clock time, evaluations included; 0 = no limit.</summary>
    public double Minutes { get; init; } = 10;

    /// <summary>Evaluate on the held-out set every N steps (and before the first and after the last).</summary>
    public int EvalEvery { get; init; } = 100;

    /// <summary>N, the held-out sequences.</summary>
    public int TestSize { get; init; } = 1000;

    /// <summary>Stop once at least this fraction of the held-out sequences is solved; above 1 never stops early.</summary>
    public double Target { get; init; } = 0.95;

    /// <summary>Throws if a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size, count or rate is out of range.</exception>
    public TaskOptions Validated()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Hidden);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Layers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Batch);
        ArgumentOutOfRangeException.ThrowIfNegative(Steps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(EvalEvery);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(TestSize);
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), "The learning rate must be a positive number.");
        if (!(Clip >= 0) || double.IsInfinity(Clip))
            throw new ArgumentOutOfRangeException(nameof(Clip), "The clip must be a number of at least 0.");
        if (!(Minutes >= 0) || double.IsInfinity(Minutes))
            throw new ArgumentOutOfRangeException(nameof(Minutes), "The time budget must be a number of at least 0.");
        if (!(Target > 0) || double.IsInfinity(Target))
            throw new ArgumentOutOfRangeException(nameof(Target), "The target must be a positive fraction.");
        return this;
    }
}
