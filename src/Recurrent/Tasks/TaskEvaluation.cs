// One point of a task run's learning curve: where the run was and how it scored on the held-out set.
namespace Recurrent.Tasks;

/// <summary>
/// The step and elapsed seconds of an evaluation, the mean training loss since the previous one (NaN before any
/// step), and the held-out score.
/// </summary>
public sealed record TaskEvaluation(long Step, double Seconds, double TrainLoss, TaskScore Test);
