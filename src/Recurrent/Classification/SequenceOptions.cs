// How the rows of each sequence become examples: whole sequences, or windows of a fixed number of steps cut from each
// sequence; and how each example's class is drawn from its steps' labels. Windows serve data labelled per step (one
// long series per sensor, a label on each reading), where a whole series is one example too few to learn from.
namespace Recurrent.Classification;

/// <summary>How a <see cref="SequenceTable"/> cuts its sequences into examples and labels each.</summary>
public sealed record SequenceOptions
{
    /// <summary>
    /// Null (the default): each sequence is one example, of all its rows. A number N: each sequence is cut into windows
    /// of N consecutive steps (in step order, whatever the step values between), starting at its first step and every
    /// <see cref="Stride"/> steps after; steps after the last whole window are read and checked but in no example.
    /// </summary>
    public int? Window { get; init; }

    /// <summary>
    /// Steps between the starts of two windows (1, the default, as Keras's timeseries_dataset_from_array: every
    /// window). Windows that overlap share steps: split training from validation by sequence or by step, not at random.
    /// </summary>
    public int Stride { get; init; } = 1;

    /// <summary>How each example's class is derived from its steps' labels (<see cref="SequenceLabel.Constant"/> unless set).</summary>
    public SequenceLabel LabelFrom { get; init; } = SequenceLabel.Constant;

    /// <summary>The label of ordinary steps, which <see cref="SequenceLabel.AnyStep"/> needs ("0" in the sensor data); read by no other rule.</summary>
    public string? Normal { get; init; }
}
