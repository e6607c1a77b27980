// Finds the regular step of a time axis from the data: the most common difference between consecutive times within
// a series, over all series. (The largest step that divides every difference would do too, but one irregular row then
// shrinks it and turns a daily series into hourly gaps; the most common difference stays the data's own rhythm, and
// SeriesTable then refuses a difference that is not a multiple of it.) Calendar data whose every difference is a
// whole number of months on the same day (or each month's last day) steps in months.
namespace Recurrent.Forecasting;

/// <summary>The regular step of a <see cref="TimeAxis"/>, from the sorted times of each series.</summary>
internal static class StepDetection
{
    /// <summary>The axis with its step: most common positive difference (the smaller on a tie).</summary>
    /// <param name="form">The axis as read, without a step.</param>
    /// <param name="series">Each series' times, strictly increasing.</param>
    /// <param name="source">The file, for the message.</param>
    /// <exception cref="RecurrentException">A calendar axis with a time of day and no two rows in any series to find its step from.</exception>
    public static TimeAxis Detect(TimeAxis form, IReadOnlyList<long[]> series, string source)
    {
        if (form.Kind == TimeKind.RowOrder)
            return form.WithStep(1, 0, false);
        if (form.Kind == TimeKind.Calendar && Months(series) is { } months)
            return form.WithStep(0, months.Step, months.MonthEnd);

        var counts = new Dictionary<long, int>();
        foreach (long[] times in series)
            for (int i = 1; i < times.Length; i++)
                counts[times[i] - times[i - 1]] = counts.GetValueOrDefault(times[i] - times[i - 1]) + 1;
        if (counts.Count == 0)
        {
            // One row a series: the axis's own resolution is the only guide.
            if (form.Kind == TimeKind.WholeNumber)
                return form.WithStep(1, 0, false);
            string written = form.Format(series[0][0])[0];
            if (form.Columns.Count == 3 || written.Length == 10)
                return form.WithStep(TimeSpan.TicksPerDay, 0, false);
            if (written.Length == 7)
                return form.WithStep(0, 1, false);
            throw new RecurrentException($"{source} has one row in each series: at least two are needed to find the time step.");
        }
        long step = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key).First().Key;
        return form.WithStep(step, 0, false);
    }

    /// <summary>The most common month difference, when every difference is whole months at one day of the month (or at month ends) and one time of day; otherwise null.</summary>
    private static (int Step, bool MonthEnd)? Months(IReadOnlyList<long[]> series)
    {
        var counts = new Dictionary<int, int>();
        bool sameDay = true, monthEnds = true;
        foreach (long[] times in series)
            for (int i = 1; i < times.Length; i++)
            {
                DateTime a = new(times[i - 1]), b = new(times[i]);
                if (a.TimeOfDay != b.TimeOfDay)
                    return null;
                sameDay &= a.Day == b.Day;
                monthEnds &= a.Day == DateTime.DaysInMonth(a.Year, a.Month) && b.Day == DateTime.DaysInMonth(b.Year, b.Month);
                if (!sameDay && !monthEnds)
                    return null;
                int months = (b.Year - a.Year) * 12 + b.Month - a.Month;
                counts[months] = counts.GetValueOrDefault(months) + 1;
            }
        if (counts.Count == 0)
            return null;
        int step = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key).First().Key;
        return (step, !sameDay);
    }
}
