// The time axis of a series file: how times are written (so forecasts can be written back in the input's own form)
// and the regular step between consecutive rows, found in the data. A time is a long: the row's position for row
// order, the number itself for whole numbers, DateTime ticks for dates. A calendar step is either a fixed duration
// (5 s, hourly, daily, weekly) or a number of calendar months (monthly, quarterly, yearly data: the same day of the
// month each time, or each month's last day), since months have no fixed length.
using System.Globalization;

namespace Recurrent.Forecasting;

/// <summary>The times of a series file: their kind and written form, and the regular step between rows.</summary>
public sealed class TimeAxis
{
    private readonly string? _dateFormat; // one calendar column: its .NET format; otherwise null
    private readonly bool _monthEnd;      // month steps that land on each month's last day

    internal TimeAxis(TimeKind kind, IReadOnlyList<string> columns, string? dateFormat, long step = 0, int stepMonths = 0, bool monthEnd = false)
    {
        Kind = kind;
        Columns = columns;
        _dateFormat = dateFormat;
        Step = step;
        StepMonths = stepMonths;
        _monthEnd = monthEnd;
    }

    /// <summary>Row order, whole numbers or calendar times.</summary>
    public TimeKind Kind { get; }

    /// <summary>The time columns: none (row order), one, or year, month, day[, hour[, minute[, second]]].</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>The step in time units: 1 for row order, the number for whole numbers, ticks for a fixed calendar step; 0 when the step is in months.</summary>
    public long Step { get; }

    /// <summary>The step in calendar months (1 monthly, 3 quarterly, 12 yearly); 0 when the step is fixed.</summary>
    public int StepMonths { get; }

    /// <summary>The time <paramref name="steps"/> regular steps after <paramref name="time"/> (before it when negative).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The result is outside the range of times (DateTime's, or a long's).</exception>
    public long Next(long time, int steps)
    {
        if (StepMonths > 0)
        {
            var date = new DateTime(time).AddMonths(checked(steps * StepMonths));
            if (_monthEnd)
                date = new DateTime(date.Year, date.Month, DateTime.DaysInMonth(date.Year, date.Month)).Add(date.TimeOfDay);
            return date.Ticks;
        }
        long next;
        try
        {
            next = checked(time + steps * Step);
        }
        catch (OverflowException e)
        {
            throw new ArgumentOutOfRangeException(nameof(steps), steps, e.Message);
        }
        if (Kind == TimeKind.Calendar && (next < DateTime.MinValue.Ticks || next > DateTime.MaxValue.Ticks))
            throw new ArgumentOutOfRangeException(nameof(steps), steps, "The time is outside the range of dates.");
        return next;
    }

    /// <summary>
    /// The time written as the input writes it, one string per time column: none for row order; "1969-01-01" or
    /// "2010-05-09 12:00:05" in the input's date format; "1969", "1", "1" for year, month, day columns.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A calendar time outside DateTime's range.</exception>
    public string[] Format(long time)
    {
        if (Kind == TimeKind.RowOrder)
            return [];
        if (Kind == TimeKind.WholeNumber)
            return [time.ToString(CultureInfo.InvariantCulture)];
        var date = new DateTime(time);
        if (_dateFormat is not null)
            return [date.ToString(_dateFormat, CultureInfo.InvariantCulture)];
        int[] parts = [date.Year, date.Month, date.Day, date.Hour, date.Minute, date.Second];
        return [.. parts.Take(Columns.Count).Select(p => p.ToString(CultureInfo.InvariantCulture))];
    }

    /// <summary>The time as a date, for calendar axes; null otherwise.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Ticks outside DateTime's range.</exception>
    public DateTime? ToDate(long time) => Kind == TimeKind.Calendar ? new DateTime(time) : null;

    /// <summary>The step in words: "daily", "hourly", "every 5 s", "monthly", "quarterly", "every 1 (row order)"...</summary>
    public string Describe()
    {
        if (Kind == TimeKind.RowOrder)
            return $"every {Step} (row order)";
        if (Kind == TimeKind.WholeNumber)
            return $"every {Step}";
        if (StepMonths > 0)
        {
            string months = StepMonths switch { 1 => "monthly", 3 => "quarterly", 12 => "yearly", _ => $"every {StepMonths} months" };
            return _monthEnd ? months + " (month ends)" : months;
        }
        var step = TimeSpan.FromTicks(Step);
        return step switch
        {
            { Ticks: TimeSpan.TicksPerDay } => "daily",
            { Ticks: 7 * TimeSpan.TicksPerDay } => "weekly",
            { Ticks: TimeSpan.TicksPerHour } => "hourly",
            _ when Step % TimeSpan.TicksPerDay == 0 => $"every {Step / TimeSpan.TicksPerDay} days",
            _ when Step % TimeSpan.TicksPerHour == 0 => $"every {Step / TimeSpan.TicksPerHour} h",
            _ when Step % TimeSpan.TicksPerMinute == 0 => $"every {Step / TimeSpan.TicksPerMinute} min",
            _ when Step % TimeSpan.TicksPerSecond == 0 => $"every {Step / TimeSpan.TicksPerSecond} s",
            _ when Step % TimeSpan.TicksPerMillisecond == 0 => $"every {Step / TimeSpan.TicksPerMillisecond} ms",
            _ => $"every {Step} ticks",
        };
    }

    /// <summary>This axis's form with a step found in the data.</summary>
    internal TimeAxis WithStep(long step, int stepMonths, bool monthEnd) => new(Kind, Columns, _dateFormat, step, stepMonths, monthEnd);

    /// <summary>k when <paramref name="to"/> is k steps after <paramref name="from"/> (k ≥ 1 for later times), or -1 when it is not a whole number of steps.</summary>
    internal long StepsBetween(long from, long to)
    {
        if (StepMonths == 0)
            return (to - from) % Step == 0 ? (to - from) / Step : -1;
        DateTime a = new(from), b = new(to);
        int months = (b.Year - a.Year) * 12 + b.Month - a.Month;
        return months % StepMonths == 0 && Next(from, months / StepMonths) == to ? months / StepMonths : -1;
    }

    /// <summary>The time as messages write it: the input's form, or "1969-01-05" ("1969-01-05 10:00:00") for date columns.</summary>
    internal string Display(long time) =>
        Kind == TimeKind.RowOrder ? $"position {time}"
        : Kind == TimeKind.Calendar && _dateFormat is null
            ? new DateTime(time).ToString(Columns.Count == 3 ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
        : Format(time)[0];
}
