// Why a training run stopped.
namespace Recurrent.Training;

/// <summary>How a run ended.</summary>
public enum TrainingEnd
{
    /// <summary>All steps done.</summary>
    Completed,
    /// <summary>Stopped early: the validation loss had not improved for the patience.</summary>
    EarlyStopped,
    /// <summary>Cancelled (Ctrl+C); the state was saved.</summary>
    Interrupted,
    /// <summary>A validation reached the target accuracy.</summary>
    TargetReached,
    /// <summary>The time limit ran out; the state was saved.</summary>
    TimeUp,
    /// <summary>A resumed run had nothing left to do: it was complete, and nothing was written.</summary>
    AlreadyComplete,
}
