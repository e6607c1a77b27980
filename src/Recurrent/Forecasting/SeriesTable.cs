// A series file read for forecasting: the CSV's columns given their roles (SeriesColumns), the rows split into series
// (in order of first appearance; a series' rows may interleave with others' but must be sorted by time), the time
// axis and its regular step found from the data, and each series' values read and checked. Every refusal is one
// message naming the file, the line and the column where there is one.
using Recurrent.Data;

namespace Recurrent.Forecasting;

/// <summary>The series of a CSV file, on one regular time axis.</summary>
public sealed class SeriesTable
{
    private SeriesTable(SeriesColumns columns, TimeAxis axis, SeriesData[] series)
    {
        Columns = columns;
        Axis = axis;
        Series = series;
    }

    /// <summary>The roles the file was read with.</summary>
    public SeriesColumns Columns { get; }

    /// <summary>The times' kind, form and step.</summary>
    public TimeAxis Axis { get; }

    /// <summary>The series, in order of their first row in the file.</summary>
    public IReadOnlyList<SeriesData> Series { get; }

    /// <summary>K, the number of targets.</summary>
    public int TargetCount => Columns.Targets.Count;

    /// <summary>Reads the series of a CSV file.</summary>
    /// <exception cref="RecurrentException">The file cannot be read as a CSV table (see <see cref="CsvTable.Read"/>), or breaks a rule of <see cref="Read(CsvTable, SeriesColumns)"/>.</exception>
    public static SeriesTable Read(string path, SeriesColumns columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return Read(CsvTable.Read(path), columns);
    }

    /// <summary>Reads the series of a CSV table.</summary>
    /// <exception cref="RecurrentException">
    /// The columns do not fit the table (an unknown name, a column in two roles, a categorical column that is not a
    /// covariate, no target); the table has no rows; a time is empty, does not parse, is not a valid date, comes
    /// before or equals the one before it in its series, or is not a whole number of steps after it; rows are missing
    /// (a gap) and no fill is set; a cell is not a finite number; a target or covariate is empty among the observed rows
    /// and no fill is set, or has no earlier value to carry; a trailing row gives some targets and not others; a
    /// future row (targets empty) lacks a known covariate, or there are no known covariates; a series has no observed row.
    /// </exception>
    public static SeriesTable Read(CsvTable csv, SeriesColumns columns)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(columns);
        var roles = ColumnRoles.Resolve(csv, columns);
        if (csv.RowCount == 0)
            throw new RecurrentException($"{csv.Source} has a header but no rows.");
        var (form, times) = TimeColumns.Read(csv, roles.Time);

        var groups = Group(csv, roles.Series);
        var seriesTimes = new long[groups.Count][];
        for (int g = 0; g < groups.Count; g++)
        {
            var rows = groups[g].Rows;
            seriesTimes[g] = form.Kind == TimeKind.RowOrder ? [.. Enumerable.Range(0, rows.Count).Select(i => (long)i)] : [.. rows.Select(r => times[r])];
            CheckSorted(csv, form, roles.Time, rows, seriesTimes[g]);
        }
        var axis = StepDetection.Detect(form, seriesTimes, csv.Source);
        var series = new SeriesData[groups.Count];
        for (int g = 0; g < groups.Count; g++)
            series[g] = SeriesBuilder.Build(csv, roles, axis, columns.Fill, groups[g].Id, groups[g].Rows, seriesTimes[g]);
        return new SeriesTable(columns, axis, series);
    }

    /// <summary>The rows of each series, in order of first appearance; one series "" without a series column.</summary>
    private static List<(string Id, List<int> Rows)> Group(CsvTable csv, int column)
    {
        var groups = new List<(string Id, List<int> Rows)>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int row = 0; row < csv.RowCount; row++)
        {
            string id = "";
            if (column >= 0)
            {
                if (csv.IsEmpty(row, column))
                    throw new RecurrentException($"{csv.Where(row, column)} is empty; every row names its series.");
                id = csv.Cell(row, column).Trim();
            }
            if (!index.TryGetValue(id, out int g))
            {
                index[id] = g = groups.Count;
                groups.Add((id, []));
            }
            groups[g].Rows.Add(row);
        }
        return groups;
    }

    private static void CheckSorted(CsvTable csv, TimeAxis form, int[] timeColumns, List<int> rows, long[] times)
    {
        for (int i = 1; i < rows.Count; i++)
        {
            if (times[i] > times[i - 1])
                continue;
            int line = csv.LineOf(rows[i]), before = csv.LineOf(rows[i - 1]);
            string where = timeColumns.Length == 1 ? $"{csv.Where(rows[i], timeColumns[0])}" : $"{csv.Source}, line {line}";
            throw times[i] == times[i - 1]
                ? new RecurrentException($"{where}: lines {before} and {line} both have the time {form.Display(times[i])}; a series has one row a time.")
                : new RecurrentException(
                    $"{where}: {form.Display(times[i])} comes before line {before}'s {form.Display(times[i - 1])}; sort the rows by time.");
        }
    }
}
