// One validation of a training run, as its callback and its outcome report it.
namespace Recurrent.Training;

/// <summary>
/// The step (0 for a validation before the first step), the held-out score, whether it is the best loss so far, and
/// where the best model is saved (null when the session writes no files).
/// </summary>
public readonly record struct Validation(long Step, ValidationScore Score, bool Improved, string? BestPath)
{
    /// <summary>The held-out loss.</summary>
    public double Loss => Score.Loss;
}
