// Everything a long-range task run needs besides the task: the model, the batches, the held-out set, and the
// training session's options with the task command's defaults (Adam 1e-3, clip 1, a validation every 100 steps,
// stop at 95% solved or after 10 minutes, no explosion guard: a task's loss may well spike before it drops).
using Recurrent.Models;
using Recurrent.Training;

namespace Recurrent.Tasks;

/// <summary>Settings of a <see cref="TaskRun"/>, with the command line's defaults.</summary>
public sealed record TaskOptions
{
    // model
    /// <summary>The recurrent cell: RNN, LSTM (the default) or GRU.</summary>
    public CellKind Cell { get; init; } = CellKind.Lstm;

    /// <summary>H, the hidden size of every layer (default 64).</summary>
    public int Hidden { get; init; } = 64;

    /// <summary>L, the recurrent layers (default 1).</summary>
    public int Layers { get; init; } = 1;

    /// <summary>LSTM: chrono initialisation of the forget and input biases for lags up to T (see <see cref="ChronoInitializer"/>).</summary>
    public bool Chrono { get; init; }

    /// <summary>Zoneout of h (<see cref="ModelSpec.ZoneoutHidden"/>); 0: none.</summary>
    public double ZoneoutHidden { get; init; }

    /// <summary>Zoneout of the LSTM's C (<see cref="ModelSpec.ZoneoutCell"/>); 0: none.</summary>
    public double ZoneoutCell { get; init; }

    // data
    /// <summary>B: fresh sequences per step.</summary>
    public int Batch { get; init; } = 32;

    /// <summary>N, the held-out sequences.</summary>
    public int TestSize { get; init; } = 1000;

    /// <summary>
    /// Optimisation, validation and stopping: <see cref="TrainingOptions.EvalEvery"/> is how often the held-out set is
    /// measured, <see cref="TrainingOptions.TargetAccuracy"/> the fraction solved that ends the run, <see cref="TrainingOptions.Seed"/>
    /// seeds the initial weights and the training sequences (the held-out set has its own seed).
    /// </summary>
    public TrainingOptions Training { get; init; } = DefaultTraining;

    /// <summary>The task command's defaults: Adam lr 1e-3, clip 1, up to 1,000,000 steps or 10 minutes, validate every 100, stop at 95% solved, no explosion guard.</summary>
    public static TrainingOptions DefaultTraining => new()
    {
        Steps = 1_000_000,
        LearningRate = 1e-3,
        Clip = 1,
        EvalEvery = 100,
        TargetAccuracy = 0.95,
        Minutes = 10,
        ExplodeFactor = 0,
    };

    /// <summary>Throws if a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size, count or rate is out of range.</exception>
    public TaskOptions Validated()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Hidden);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Layers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Batch);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(TestSize);
        if (Training.EvalEvery < 1)
            throw new ArgumentOutOfRangeException(nameof(Training), "A task run validates every N steps: EvalEvery must be at least 1.");
        Training.Validated();
        return this;
    }
}
