// The counters of a training run that a resumed run must continue from, beside the model, the optimizer's state
// arrays and the carried hidden state (which a training checkpoint stores as tensors).
namespace Recurrent.Training;

/// <summary>
/// Steps taken; optimizer updates; the dropout generator's state (null without one); the batch source's state (its
/// generator's, or what identifies its batches; null for sources that keep none); the best validation loss, its step and checkpoint; validations
/// since the last improvement; the run's first and last training losses; the accuracy of the last validation and of
/// the best (null without one, or where the validation has no accuracy).
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
    double? LastLoss,
    double? LastValidationAccuracy = null,
    double? BestValidationAccuracy = null);
