// What one training step of a many-to-one model reports.
namespace Recurrent.Training;

/// <summary>Step number (1-based), the batch's loss (MSE or nats), and the gradient norm before clipping.</summary>
public readonly record struct ManyToOneStep(long Step, double Loss, double GradientNorm);
