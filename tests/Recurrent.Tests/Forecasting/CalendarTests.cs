// The calendar features against values worked out by hand: a known Monday, month and hour one-hots, the
// day-of-year and week-of-year waves at their start and at a known point, and the names.
using Recurrent.Forecasting;

namespace Recurrent.Tests.Forecasting;

public sealed class CalendarTests
{
    private static double[] Encode(DateTime time, CalendarFeature feature)
    {
        var values = new double[Calendar.Width(feature)];
        Calendar.Encode(time, feature, values);
        return values;
    }

    [Fact]
    public void One_hot_features_put_the_one_at_the_category()
    {
        var monday = new DateTime(1969, 1, 6, 13, 0, 0); // 1969-01-01 was a Wednesday
        Assert.Equal([1.0, 0, 0, 0, 0, 0, 0], Encode(monday, CalendarFeature.DayOfWeek));
        Assert.Equal([0.0, 0, 0, 0, 0, 0, 1], Encode(new DateTime(1969, 1, 12), CalendarFeature.DayOfWeek)); // Sunday last
        Assert.Equal(0, Array.IndexOf(Encode(monday, CalendarFeature.Month), 1.0));
        Assert.Equal(11, Array.IndexOf(Encode(new DateTime(2020, 12, 31), CalendarFeature.Month), 1.0));
        Assert.Equal(5, Array.IndexOf(Encode(monday, CalendarFeature.DayOfMonth), 1.0));
        Assert.Equal(30, Array.IndexOf(Encode(new DateTime(2020, 12, 31), CalendarFeature.DayOfMonth), 1.0));
        Assert.Equal(13, Array.IndexOf(Encode(monday, CalendarFeature.Hour), 1.0));
        foreach (var feature in new[] { CalendarFeature.DayOfWeek, CalendarFeature.Month, CalendarFeature.DayOfMonth, CalendarFeature.Hour })
            Assert.Equal(1.0, Encode(monday, feature).Sum());
    }

    [Fact]
    public void Seasonal_features_are_sin_cos_waves_of_the_year()
    {
        Assert.Equal([0.0, 1, 0, 1, 0, 1], Encode(new DateTime(2021, 1, 1), CalendarFeature.DayOfYear));
        // 1 April 2021 is day 91: θ = 2π·90/365.25
        double theta = 2 * Math.PI * 90 / 365.25;
        double[] april = Encode(new DateTime(2021, 4, 1), CalendarFeature.DayOfYear);
        double[] expected = [Math.Sin(theta), Math.Cos(theta), Math.Sin(2 * theta), Math.Cos(2 * theta), Math.Sin(3 * theta), Math.Cos(3 * theta)];
        for (int k = 0; k < 6; k++)
            Assert.Equal(expected[k], april[k], 12);
        Assert.InRange(april[0], 0.9997, 0.9998); // sin(1.54822...): day 91 is just short of a quarter of the year

        Assert.Equal([0.0, 1], Encode(new DateTime(2021, 1, 4), CalendarFeature.WeekOfYear)); // ISO week 1
        double[] week53 = Encode(new DateTime(2020, 12, 31), CalendarFeature.WeekOfYear); // ISO 2020-W53
        Assert.Equal(Math.Sin(2 * Math.PI * 52 / 52.1775), week53[0], 12);
        Assert.Equal(Math.Cos(2 * Math.PI * 52 / 52.1775), week53[1], 12);
    }

    [Fact]
    public void Names_parse_and_print()
    {
        foreach (var feature in Enum.GetValues<CalendarFeature>())
            Assert.Equal(feature, Calendar.Parse(Calendar.NameOf(feature).ToUpperInvariant()));
        Assert.Equal(CalendarFeature.DayOfYear, Calendar.Parse("day-of-year"));
        string message = Assert.Throws<RecurrentException>(() => Calendar.Parse("weekday")).Message;
        Assert.Equal("'weekday' is not a calendar feature; the features are dow, month, day-of-month, day-of-year, week-of-year, hour.", message);
        Assert.Equal([7, 12, 31, 6, 2, 24], Enum.GetValues<CalendarFeature>().Select(Calendar.Width));
        Assert.Equal("dow=Mon", Calendar.ValueName(CalendarFeature.DayOfWeek, 0));
        Assert.Equal("dow=Sun", Calendar.ValueName(CalendarFeature.DayOfWeek, 6));
        Assert.Equal("month=Dec", Calendar.ValueName(CalendarFeature.Month, 11));
        Assert.Equal("day-of-month=31", Calendar.ValueName(CalendarFeature.DayOfMonth, 30));
        Assert.Equal("hour=23", Calendar.ValueName(CalendarFeature.Hour, 23));
        Assert.Equal("day-of-year.sin1", Calendar.ValueName(CalendarFeature.DayOfYear, 0));
        Assert.Equal("day-of-year.cos3", Calendar.ValueName(CalendarFeature.DayOfYear, 5));
        Assert.Equal("week-of-year.cos", Calendar.ValueName(CalendarFeature.WeekOfYear, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Calendar.ValueName(CalendarFeature.WeekOfYear, 2));
        Assert.Throws<ArgumentException>(() => Calendar.Encode(DateTime.Now, CalendarFeature.Hour, new double[23]));
    }

    [Fact]
    public void Gap_fill_names_parse_and_print()
    {
        foreach (var fill in Enum.GetValues<GapFill>())
            Assert.Equal(fill, GapFills.Parse(GapFills.NameOf(fill)));
        Assert.Equal(GapFill.Linear, GapFills.Parse("Linear"));
        var error = Assert.Throws<RecurrentException>(() => GapFills.Parse("mean"));
        Assert.Equal("'mean' is not a way to fill; fill is one of none, forward, linear, zero.", error.Message);
        Assert.Equal(["fill"], error.Parameters);
    }
}
