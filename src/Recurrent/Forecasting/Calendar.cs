// Names, widths and encodings of the calendar features. One-hot features have a value per category; the seasonal
// ones are sin/cos pairs of the position in the year, which a linear layer can combine into any phase. The year's
// length 365.25 and the ISO year's mean 52.1775 weeks make the encoding the same from one year to the next.
using System.Globalization;

namespace Recurrent.Forecasting;

/// <summary>The calendar features: their names ("dow", "month", ...), widths and values.</summary>
public static class Calendar
{
    private static readonly (CalendarFeature Feature, string Name)[] Names =
    [
        (CalendarFeature.DayOfWeek, "dow"), (CalendarFeature.Month, "month"), (CalendarFeature.DayOfMonth, "day-of-month"),
        (CalendarFeature.DayOfYear, "day-of-year"), (CalendarFeature.WeekOfYear, "week-of-year"), (CalendarFeature.Hour, "hour"),
    ];

    private static readonly string[] Days = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    /// <summary>Days in the mean Gregorian year: the period of the day-of-year waves.</summary>
    public const double YearDays = 365.25;

    /// <summary>Weeks in the mean ISO year (20,871 weeks in 400 years): the period of the week-of-year wave.</summary>
    public const double YearWeeks = 52.1775;

    /// <summary>The feature called <paramref name="name"/>: dow, month, day-of-month, day-of-year, week-of-year or hour (any case).</summary>
    /// <exception cref="RecurrentException">No feature has that name; the message lists the names.</exception>
    public static CalendarFeature Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var (feature, known) in Names)
            if (string.Equals(known, name.Trim(), StringComparison.OrdinalIgnoreCase))
                return feature;
        throw new RecurrentException(
            $"'{name}' is not a calendar feature; the features are {string.Join(", ", Names.Select(n => n.Name))}.");
    }

    /// <summary>The feature's name, as <see cref="Parse"/> reads it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined feature.</exception>
    public static string NameOf(CalendarFeature feature)
    {
        foreach (var (known, name) in Names)
            if (known == feature)
                return name;
        throw new ArgumentOutOfRangeException(nameof(feature), feature, "Not a calendar feature.");
    }

    /// <summary>How many values <see cref="Encode"/> writes: 7, 12, 31, 6, 2 or 24.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined feature.</exception>
    public static int Width(CalendarFeature feature) => feature switch
    {
        CalendarFeature.DayOfWeek => 7,
        CalendarFeature.Month => 12,
        CalendarFeature.DayOfMonth => 31,
        CalendarFeature.DayOfYear => 6,
        CalendarFeature.WeekOfYear => 2,
        CalendarFeature.Hour => 24,
        _ => throw new ArgumentOutOfRangeException(nameof(feature), feature, "Not a calendar feature."),
    };

    /// <summary>
    /// Writes the feature of <paramref name="time"/> into <paramref name="values"/> (exactly <see cref="Width"/> long).
    /// One-hot features: 1 at the category (Monday = 0, January = 0, day 1 = 0, hour 0 = 0), 0 elsewhere.
    /// day-of-year: [sin θ, cos θ, sin 2θ, cos 2θ, sin 3θ, cos 3θ] with θ = 2π·(day of year − 1)/365.25.
    /// week-of-year: [sin φ, cos φ] with φ = 2π·(ISO week − 1)/52.1775.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> is not <see cref="Width"/> long.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined feature.</exception>
    public static void Encode(DateTime time, CalendarFeature feature, Span<double> values)
    {
        int width = Width(feature);
        if (values.Length != width)
            throw new ArgumentException($"The {NameOf(feature)} feature has {width} values, not {values.Length}.", nameof(values));
        switch (feature)
        {
            case CalendarFeature.DayOfWeek: OneHot(values, ((int)time.DayOfWeek + 6) % 7); break;
            case CalendarFeature.Month: OneHot(values, time.Month - 1); break;
            case CalendarFeature.DayOfMonth: OneHot(values, time.Day - 1); break;
            case CalendarFeature.Hour: OneHot(values, time.Hour); break;
            case CalendarFeature.DayOfYear:
                double theta = 2 * Math.PI * (time.DayOfYear - 1) / YearDays;
                for (int k = 1; k <= 3; k++)
                {
                    values[2 * k - 2] = Math.Sin(k * theta);
                    values[2 * k - 1] = Math.Cos(k * theta);
                }
                break;
            case CalendarFeature.WeekOfYear:
                double phi = 2 * Math.PI * (ISOWeek.GetWeekOfYear(time) - 1) / YearWeeks;
                values[0] = Math.Sin(phi);
                values[1] = Math.Cos(phi);
                break;
        }
    }

    /// <summary>The name of value <paramref name="k"/> of a feature: "dow=Mon", "month=Jan", "day-of-month=1", "hour=0", "day-of-year.sin1", "week-of-year.cos".</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is outside [0, <see cref="Width"/>), or not a defined feature.</exception>
    public static string ValueName(CalendarFeature feature, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(k, Width(feature));
        string name = NameOf(feature);
        return feature switch
        {
            CalendarFeature.DayOfWeek => $"{name}={Days[k]}",
            CalendarFeature.Month => $"{name}={Months[k]}",
            CalendarFeature.DayOfMonth => $"{name}={k + 1}",
            CalendarFeature.Hour => $"{name}={k}",
            CalendarFeature.DayOfYear => $"{name}.{(k % 2 == 0 ? "sin" : "cos")}{k / 2 + 1}",
            _ => $"{name}.{(k == 0 ? "sin" : "cos")}",
        };
    }

    private static void OneHot(Span<double> values, int hot)
    {
        values.Clear();
        values[hot] = 1;
    }
}
