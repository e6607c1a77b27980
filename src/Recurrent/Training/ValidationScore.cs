// What a validation measures: the mean loss on held-out data (what early stopping and the best checkpoint follow)
// and, where it means something, the fraction of held-out examples got right.
namespace Recurrent.Training;

/// <summary>
/// Loss: the held-out loss (nats for a classification head, mean squared error for regression). Accuracy: the fraction
/// of held-out examples classified right or solved within a tolerance; null where the validation has none.
/// </summary>
public readonly record struct ValidationScore(double Loss, double? Accuracy);
