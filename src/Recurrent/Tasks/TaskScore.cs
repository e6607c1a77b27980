// How a model does on a task's held-out set.
namespace Recurrent.Tasks;

/// <summary>
/// Loss: the mean over the held-out sequences of the training loss (MSE, or cross-entropy in nats). Solved: the
/// fraction of sequences solved (regression: within the task's tolerance; classification: the right class, so
/// this is the accuracy). ConstantMse: regression only (NaN otherwise), the MSE on the same sequences of the best
/// constant predictor, which remembers nothing.
/// </summary>
public sealed record TaskScore(double Loss, double Solved, double ConstantMse)
{
    /// <summary>Classification: the fraction classified right (the same number as <see cref="Solved"/>).</summary>
    public double Accuracy => Solved;
}
