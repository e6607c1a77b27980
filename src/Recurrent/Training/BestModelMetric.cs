// Which validation score picks a run's best model (and resets early stopping's patience): the loss, as PyTorch
// examples and Keras's ModelCheckpoint do by default, or the accuracy, which a classifier's users usually mean by
// "best" (its loss can rise while it grows more confident and still more often right).
namespace Recurrent.Training;

/// <summary>The validation score a new best model must improve.</summary>
public enum BestModelMetric
{
    /// <summary>A lower validation loss.</summary>
    Loss,
    /// <summary>A higher validation accuracy (on a tie, a lower loss).</summary>
    Accuracy,
}
