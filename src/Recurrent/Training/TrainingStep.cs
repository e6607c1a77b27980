// What one training step reports.
namespace Recurrent.Training;

/// <summary>
/// Step number (1-based), epoch (0-based), window, loss in nats/char, gradient norm before clipping, and the
/// learning rate the step used.
/// </summary>
public readonly record struct TrainingStep(long Step, long Epoch, int Window, double Loss, double GradientNorm, double LearningRate);
