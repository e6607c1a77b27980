// A character model's training run as CharacterTraining sets it up: the session, how the text was cut, and how much
// of it trains and validates.
namespace Recurrent.Training;

/// <summary>The session of a character model's run on a text, its batching, and the characters that train and validate.</summary>
public sealed record CharacterRun(TrainingSession Session, TextBatching Batching, int TrainCharacters, int ValidationCharacters);
