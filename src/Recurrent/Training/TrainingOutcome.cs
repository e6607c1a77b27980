// What a training run produced.
namespace Recurrent.Training;

/// <summary>
/// How the run ended, the steps taken in all, the last training loss, the last validation, the best validation loss
/// and its file, and the resumable checkpoint; the paths are null when the session writes no files.
/// </summary>
public sealed record TrainingOutcome(TrainingEnd End, long Steps, double? LastLoss, Validation? LastValidation,
    double? BestValidationLoss, string? BestPath, string? CheckpointPath)
{
    /// <summary>The loss of the last validation, if any.</summary>
    public double? LastValidationLoss => LastValidation?.Loss;
}
