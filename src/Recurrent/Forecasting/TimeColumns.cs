// Reads the time of every row of a series file: one column of whole numbers or of dates/timestamps in a few ISO
// forms, or year/month/day[/hour/minute/second] columns. The form of a one-column time is set by its first row
// (a whole number, or a date); a date column is written back in the most detailed of its rows' forms, so that
// "2010-05-09 12:00" and "2010-05-09 12:00:05" in one file both come back with seconds.
using System.Globalization;
using Recurrent.Data;

namespace Recurrent.Forecasting;

/// <summary>Parses the time cells of a <see cref="CsvTable"/> into ticks or whole numbers, and the axis's form.</summary>
internal static class TimeColumns
{
    private const string Forms =
        "times are written yyyy-MM-dd, yyyy-MM-dd HH:mm[:ss[.fff]], yyyy-MM-ddTHH:mm[:ss], yyyy-MM or as whole numbers, " +
        "or given as year, month, day[, hour[, minute[, second]]] columns";

    // The date forms a column may use, by level of detail (0 month ... 4 milliseconds), each with ' ' or 'T' before the hour.
    private static readonly string[] Dates = ["yyyy-MM", "yyyy-MM-dd"];
    private static readonly string[] Clocks = ["HH:mm", "HH:mm:ss", "HH:mm:ss.fff"];

    /// <summary>The axis's form (without a step) and each row's time; for row order, an empty array.</summary>
    /// <exception cref="RecurrentException">A time is empty, does not parse, or is not a valid date; the message names the line and column.</exception>
    public static (TimeAxis Form, long[] Times) Read(CsvTable csv, int[] columns)
    {
        string[] names = [.. columns.Select(c => csv.Columns[c])];
        if (columns.Length == 0)
            return (new TimeAxis(TimeKind.RowOrder, names, null), []);
        var times = new long[csv.RowCount];
        if (columns.Length > 1)
        {
            for (int row = 0; row < times.Length; row++)
                times[row] = FromParts(csv, row, columns);
            return (new TimeAxis(TimeKind.Calendar, names, null), times);
        }

        int column = columns[0];
        bool numbers = csv.RowCount > 0 && long.TryParse(csv.Cell(0, column), NumberStyles.Integer, CultureInfo.InvariantCulture, out _);
        int level = -1;
        char separator = ' ';
        for (int row = 0; row < times.Length; row++)
        {
            string text = Nonempty(csv, row, column);
            if (numbers)
            {
                times[row] = long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long number)
                    ? number : throw NotATime(csv, row, column, text);
                continue;
            }
            (times[row], int detail, char sep) = ParseDate(csv, row, column, text.Trim());
            if (level < 0 && detail >= 2)
                separator = sep;
            level = Math.Max(level, detail);
        }
        if (numbers)
            return (new TimeAxis(TimeKind.WholeNumber, names, null), times);
        return (new TimeAxis(TimeKind.Calendar, names, FormatOf(level < 0 ? 1 : level, separator)), times);
    }

    private static string FormatOf(int level, char separator) =>
        level < 2 ? Dates[level] : $"yyyy-MM-dd{(separator == 'T' ? "'T'" : " ")}{Clocks[level - 2]}";

    private static (long Ticks, int Level, char Separator) ParseDate(CsvTable csv, int row, int column, string text)
    {
        for (int level = 0; level <= 4; level++)
            foreach (char separator in level < 2 ? " " : " T")
                if (DateTime.TryParseExact(text, FormatOf(level, separator), CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    return (date.Ticks, level, separator);
        throw NotATime(csv, row, column, text);
    }

    private static long FromParts(CsvTable csv, int row, int[] columns)
    {
        var parts = new int[6];
        for (int i = 0; i < columns.Length; i++)
        {
            string text = Nonempty(csv, row, columns[i]);
            if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out parts[i]))
                throw new RecurrentException($"{csv.Where(row, columns[i])}: '{text}' is not a whole number; {Forms}.");
        }
        int year = parts[0], month = parts[1], day = parts[2], hour = parts[3], minute = parts[4], second = parts[5];
        bool valid = year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
            && hour is >= 0 and < 24 && minute is >= 0 and < 60 && second is >= 0 and < 60;
        if (!valid)
        {
            string written = $"{year:D4}-{month:D2}-{day:D2}" + (columns.Length > 3 ? $" {hour:D2}:{minute:D2}:{second:D2}" : "");
            string what = columns.Length > 3 ? "date and time" : "date";
            throw new RecurrentException(
                $"{csv.Source}, line {csv.LineOf(row)}: {written} is not a valid {what} (columns {string.Join(", ", columns.Select(c => csv.Columns[c]))}).");
        }
        return new DateTime(year, month, day, hour, minute, second).Ticks;
    }

    private static string Nonempty(CsvTable csv, int row, int column) =>
        csv.IsEmpty(row, column)
            ? throw new RecurrentException($"{csv.Where(row, column)}: the time is empty; every row needs one.")
            : csv.Cell(row, column);

    private static RecurrentException NotATime(CsvTable csv, int row, int column, string text) =>
        new($"{csv.Where(row, column)}: '{text}' is not a time; {Forms}.");
}
