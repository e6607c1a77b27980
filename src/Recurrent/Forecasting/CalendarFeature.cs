// The calendar inputs a forecaster can derive from a row's date: which day of the week, month, day of the month or
// hour it is (one-hot), and where in the year it falls (sin/cos pairs, so that 31 December sits next to 1 January).
namespace Recurrent.Forecasting;

/// <summary>A feature computed from a date; <see cref="Calendar"/> names, sizes and encodes each.</summary>
public enum CalendarFeature
{
    /// <summary>"dow": the day of the week, one-hot over 7 (Monday first).</summary>
    DayOfWeek,

    /// <summary>"month": the month, one-hot over 12.</summary>
    Month,

    /// <summary>"day-of-month": the day of the month, one-hot over 31.</summary>
    DayOfMonth,

    /// <summary>"day-of-year": sin and cos of k·2π·(day − 1)/365.25 for k = 1, 2, 3 (6 values).</summary>
    DayOfYear,

    /// <summary>"week-of-year": sin and cos of 2π·(ISO week − 1)/52.1775 (2 values).</summary>
    WeekOfYear,

    /// <summary>"hour": the hour of the day, one-hot over 24.</summary>
    Hour,
}
