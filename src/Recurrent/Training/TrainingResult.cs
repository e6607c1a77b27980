// What a training run produced and measured.
using Recurrent.Models;

namespace Recurrent.Training;

/// <summary>
/// The trained model; steps taken; the last training loss and the validation loss (nats/char, null when there
/// was no step or no validation text); whether the run was interrupted; the split sizes; windows per epoch.
/// </summary>
public sealed record TrainingResult(CharacterModel Model, long Steps, double? TrainLoss, double? ValidationLoss,
    bool Interrupted, int TrainCharacters, int ValidationCharacters, int WindowsPerEpoch);
