// Why a task run stopped.
namespace Recurrent.Tasks;

/// <summary>Why a task run stopped.</summary>
public enum TaskEnd
{
    /// <summary>The held-out set reached the target fraction solved.</summary>
    Solved,
    /// <summary>All steps done.</summary>
    StepsDone,
    /// <summary>The time budget ran out.</summary>
    TimeUp,
    /// <summary>Cancelled (Ctrl+C).</summary>
    Interrupted,
    /// <summary>Stopped early: the held-out loss had not improved for the patience.</summary>
    EarlyStopped,
}
