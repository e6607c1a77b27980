// The settings of a character-model training run, with char-rnn-like defaults.
namespace Recurrent.Training;

/// <summary>Model shape, batching, optimisation and split settings for <see cref="CharacterTraining"/>.</summary>
public sealed record TrainingOptions
{
    public Models.CellKind Cell { get; init; } = Models.CellKind.Lstm;
    public int Hidden { get; init; } = 128;
    public int Layers { get; init; } = 1;
    /// <summary>T: characters per window (the BPTT length).</summary>
    public int SeqLen { get; init; } = 64;
    /// <summary>B: parallel streams.</summary>
    public int Batch { get; init; } = 32;
    /// <summary>Optimizer steps; 0 keeps the initialised model.</summary>
    public long Steps { get; init; } = 1000;
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;
    /// <summary>The learning rate; null takes the optimizer's default (<see cref="OptimizerKinds.DefaultLearningRate"/>).</summary>
    public double? LearningRate { get; init; }
    /// <summary>SGD momentum (0 = none).</summary>
    public double Momentum { get; init; }
    /// <summary>Maximum global gradient norm; 0 turns clipping off.</summary>
    public double Clip { get; init; } = 5;
    /// <summary>The fraction of the text, at its end, kept for validation.</summary>
    public double ValFraction { get; init; } = 0.1;
    public ulong Seed { get; init; } = 1;

    /// <summary>The learning rate in force.</summary>
    public double EffectiveLearningRate => LearningRate ?? Optimizer.DefaultLearningRate();
}
