// What a series file's times are: positions (no time column), whole numbers, or calendar dates and times.
namespace Recurrent.Forecasting;

/// <summary>The kind of a <see cref="TimeAxis"/>.</summary>
public enum TimeKind
{
    /// <summary>No time column: a row's time is its position in its series (0, 1, 2...).</summary>
    RowOrder,

    /// <summary>One column of whole numbers (a reading's number, a year).</summary>
    WholeNumber,

    /// <summary>Dates or timestamps: one column ("1969-01-01", "2010-05-09 12:00:05") or year/month/day[/hour/minute/second] columns; a time is its DateTime ticks.</summary>
    Calendar,
}
