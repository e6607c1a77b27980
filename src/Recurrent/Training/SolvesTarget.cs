// When a regression prediction counts as right, for a validation's accuracy: the adding problem's |error| < 0.04,
// say. It sees the values the model computes and is trained on: scaled, when the data was scaled.
namespace Recurrent.Training;

/// <summary>Whether a regression prediction solves its target (O values each, in the units the model was trained on).</summary>
public delegate bool SolvesTarget(ReadOnlySpan<double> prediction, ReadOnlySpan<double> target);
