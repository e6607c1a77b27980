// Held-out data and how to score a model on it, bound to the model when made: a training session calls Validate
// every N steps and keeps the best model, stops early, or stops once a target accuracy is reached.
namespace Recurrent.Training;

/// <summary>Scores the model it was made for, as its weights are now, on held-out data.</summary>
public interface IValidator
{
    /// <summary>The model's held-out score now (no dropout; nothing learned).</summary>
    ValidationScore Validate();
}
