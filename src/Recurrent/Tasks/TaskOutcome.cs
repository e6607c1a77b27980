// What a task run produced: why it stopped, its last evaluation and the whole learning curve, and what the training
// session reports (its checkpoint and best model, when it wrote files).
using Recurrent.Training;

namespace Recurrent.Tasks;

/// <summary>The end, the steps taken, the wall-clock seconds, the final held-out score, every evaluation in order, and the session's outcome.</summary>
public sealed record TaskOutcome(TaskEnd End, long Steps, double Seconds, TaskEvaluation Final, IReadOnlyList<TaskEvaluation> History,
    TrainingOutcome Training)
{
    /// <summary>The first evaluation that reached the target, if any.</summary>
    public TaskEvaluation? FirstSolved(double target) => History.FirstOrDefault(e => e.Test.Solved >= target);
}
