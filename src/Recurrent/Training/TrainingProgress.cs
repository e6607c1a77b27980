// The counters of a training run that a resumed run must continue from, beside the model, the optimizer's state
// arrays and the carried hidden state (which a training checkpoint stores as tensors).
namespace Recurrent.Training;

/// <summary>
/// Steps taken; optimizer updates; the dropout generator's state (null without one); the batch source's random state
/// (null for sources that are a function of the step); the best validation loss, its step and checkpoint; validations
/// since the last improvement; the run's first and last training losses.
/// </summary>
public sealed record TrainingProgress(
    long StepsDone,
    long OptimizerSteps,
    ulong[]? DropoutRngState,
    ulong[]? SourceState,
    double? BestValidationLoss,
    long BestStep,
    string? BestPath,
    int EvaluationsWithoutImprovement,
    double? FirstLoss,
    double? LastLoss);
