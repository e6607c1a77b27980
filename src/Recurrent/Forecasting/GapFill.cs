// How a series' missing values are supplied: the rows a regular time axis lacks, and empty cells among the observed
// rows. None refuses them; the others fill numbers by carrying, interpolating or zero (labels are always carried).
namespace Recurrent.Forecasting;

/// <summary>How missing rows and empty cells of a series are filled; <see cref="GapFills"/> reads and writes the names.</summary>
public enum GapFill
{
    /// <summary>"none": a missing row or an empty cell is refused.</summary>
    None,

    /// <summary>"forward": the last earlier value of the column is carried forward.</summary>
    Forward,

    /// <summary>"linear": numbers are interpolated linearly in time between the values around them (carried at an end).</summary>
    Linear,

    /// <summary>"zero": numbers are 0.</summary>
    Zero,
}
