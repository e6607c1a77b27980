// How one class is drawn from the labels of a sequence's (or a window's) rows. Data of one label per sequence wants
// Constant, which refuses a sequence whose rows disagree; data labelled per reading (the sensor network marks each
// anomalous reading) wants a rule that says which reading speaks for the window.
namespace Recurrent.Classification;

/// <summary>How the class of a sequence or window is derived from the labels of its steps.</summary>
public enum SequenceLabel
{
    /// <summary>Every step has the same label, and that is the class; a sequence or window whose steps differ is refused.</summary>
    Constant,

    /// <summary>
    /// The label of the last step: "is the latest reading anomalous, given the ones before it". A model then reads a
    /// window and judges the reading it ends on, as a detector running on live data would.
    /// </summary>
    LastStep,

    /// <summary>
    /// <see cref="SequenceOptions.Normal"/> when every step is labelled so; otherwise the label of the latest step that
    /// is not: "did anything unusual happen in this window".
    /// </summary>
    AnyStep,
}
