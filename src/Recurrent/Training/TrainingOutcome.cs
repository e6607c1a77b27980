// What a training run produced.
namespace Recurrent.Training;

/// <summary>
/// How the run ended, the steps taken in all, the last training loss, the last validation, the best validation loss
/// and its file, the resumable checkpoint, and the best model's validation accuracy (null without one); the paths are
/// null when the session writes no files.
/// </summary>
public sealed record TrainingOutcome(TrainingEnd End, long Steps, double? LastLoss, Validation? LastValidation,
    double? BestValidationLoss, string? BestPath, string? CheckpointPath, double? BestValidationAccuracy = null)
{
    /// <summary>The loss of the last validation, if any.</summary>
    public double? LastValidationLoss => LastValidation?.Loss;
}
