// What one training step reports.
namespace Recurrent.Training;

/// <summary>
/// Step number (1-based), epoch (0-based; 0 for sources without epochs), window within the epoch, the batch's loss
/// (nats for a classification head, mean squared error for a regression head), the gradient norm before clipping,
/// and the learning rate the step used.
/// </summary>
public readonly record struct TrainingStep(long Step, long Epoch, int Window, double Loss, double GradientNorm, double LearningRate);
