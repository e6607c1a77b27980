// What a task run produced: why it stopped, its last evaluation and the whole learning curve.
namespace Recurrent.Tasks;

/// <summary>The end, the steps taken, the wall-clock seconds, the final held-out score and every evaluation in order.</summary>
public sealed record TaskOutcome(TaskEnd End, long Steps, double Seconds, TaskEvaluation Final, IReadOnlyList<TaskEvaluation> History)
{
    /// <summary>The first evaluation that reached the target, if any.</summary>
    public TaskEvaluation? FirstSolved(double target) => History.FirstOrDefault(e => e.Test.Solved >= target);
}
