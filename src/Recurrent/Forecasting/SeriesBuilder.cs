// Turns the rows of one series (sorted by time) into SeriesData: lays them on the regular time axis (refusing an
// irregular step, and a gap unless a fill is set, which then adds the missing rows), splits observed rows from the
// trailing future rows, and reads every value, filling what is missing among the observed rows as the fill says.
using Recurrent.Data;

namespace Recurrent.Forecasting;

/// <summary>Builds one <see cref="SeriesData"/> from its file rows.</summary>
internal sealed class SeriesBuilder
{
    /// <summary>The most rows one series may have once its gaps are filled: more means a wrong time, not data.</summary>
    public const long MaxRows = 10_000_000;

    private const string Methods = "forward, linear or zero";

    private readonly CsvTable _csv;
    private readonly ColumnRoles _roles;
    private readonly TimeAxis _axis;
    private readonly GapFill _fill;
    private readonly List<int> _rows = [];   // per slot: the file row, or -1 for a row a fill adds
    private readonly List<long> _times = []; // per slot: its time
    private int _filled;

    private SeriesBuilder(CsvTable csv, ColumnRoles roles, TimeAxis axis, GapFill fill)
    {
        _csv = csv;
        _roles = roles;
        _axis = axis;
        _fill = fill;
    }

    /// <param name="csv">The file.</param>
    /// <param name="roles">Its columns' roles.</param>
    /// <param name="axis">The time axis, with its step.</param>
    /// <param name="fill">How missing rows and cells are filled.</param>
    /// <param name="id">The series id ("" for the only one).</param>
    /// <param name="rows">The series' file rows, in file order.</param>
    /// <param name="times">Their times, strictly increasing.</param>
    /// <exception cref="RecurrentException">An irregular step, a gap or an empty cell without a fill, a broken trailing row, or no observed row.</exception>
    public static SeriesData Build(CsvTable csv, ColumnRoles roles, TimeAxis axis, GapFill fill, string id, IReadOnlyList<int> rows, long[] times) =>
        new SeriesBuilder(csv, roles, axis, fill).Build(id, rows, times);

    private SeriesData Build(string id, IReadOnlyList<int> rows, long[] times)
    {
        LayOut(id, rows, times);
        int observed = SplitObserved(id, rows);
        int total = _rows.Count;

        int k = _roles.Targets.Length;
        var targets = new double[(long)observed * k];
        for (int j = 0; j < k; j++)
        {
            double[] values = Numbers(_roles.Targets[j], observed);
            for (int s = 0; s < observed; s++)
                targets[(long)s * k + j] = values[s];
        }
        var numbers = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var labels = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (columns, length) in new[] { (_roles.Known, total), (_roles.Past, observed) })
            foreach (int column in columns)
            {
                if (_roles.Categorical.Contains(column))
                    labels[_csv.Columns[column]] = Labels(column, length);
                else
                    numbers[_csv.Columns[column]] = Numbers(column, length);
            }
        int[] lines = [.. _rows.Select(r => r < 0 ? 0 : _csv.LineOf(r))];
        return new SeriesData(id, observed, total - observed, [.. _times], targets, numbers, labels, lines, _filled);
    }

    /// <summary>Puts the rows on the axis, one slot a step, adding a slot for each missing step when a fill is set.</summary>
    private void LayOut(string id, IReadOnlyList<int> rows, long[] times)
    {
        for (int i = 0; i < rows.Count; i++)
        {
            if (i > 0)
            {
                long steps = _axis.StepsBetween(times[i - 1], times[i]);
                if (steps < 1)
                    throw new RecurrentException(
                        $"{_csv.Source}, line {_csv.LineOf(rows[i])}: {_axis.Display(times[i])} is not a whole number of steps after " +
                        $"line {_csv.LineOf(rows[i - 1])}'s {_axis.Display(times[i - 1])}; the data are {_axis.Describe()} (the most common " +
                        "step between rows) and every row must come a whole number of steps after the one before.");
                if (steps > 1)
                    AddMissing(id, rows[i - 1], rows[i], times[i - 1], times[i], steps - 1);
            }
            _rows.Add(rows[i]);
            _times.Add(times[i]);
        }
    }

    private void AddMissing(string id, int before, int after, long from, long to, long missing)
    {
        string where = $"between line {_csv.LineOf(before)} ({_axis.Display(from)}) and line {_csv.LineOf(after)} ({_axis.Display(to)})" +
            (id.Length > 0 ? $" of the series '{id}'" : "");
        if (_fill == GapFill.None)
            throw new RecurrentException(
                $"{_csv.Source}: {missing} row{(missing == 1 ? " is" : "s are")} missing {where}; the data are {_axis.Describe()}. " +
                $"Add the rows, or set fill to {Methods} to supply them.", "fill");
        if (_rows.Count + missing + 1 > MaxRows)
            throw new RecurrentException(
                $"{_csv.Source}: {missing:N0} rows are missing {where}, more than a series of {MaxRows:N0} rows can take; is a time wrong?");
        for (int j = 1; j <= missing; j++)
        {
            _rows.Add(-1);
            _times.Add(_axis.Next(from, j));
        }
    }

    /// <summary>n: the slots up to the last file row with every target; checks that the rows after it are proper future rows.</summary>
    private int SplitObserved(string id, IReadOnlyList<int> rows)
    {
        int last = _rows.FindLastIndex(r => r >= 0 && _roles.Targets.All(c => !_csv.IsEmpty(r, c)));
        if (last < 0)
            throw new RecurrentException(
                $"{_csv.Source}: {(id.Length > 0 ? $"the series '{id}'" : "the file")} has no row with every target given " +
                $"(its first row is line {_csv.LineOf(rows[0])}).");
        int lastLine = _csv.LineOf(_rows[last]);
        for (int s = last + 1; s < _rows.Count; s++)
        {
            int row = _rows[s];
            if (row < 0)
                continue;
            int[] empty = [.. _roles.Targets.Where(c => _csv.IsEmpty(row, c))];
            if (empty.Length < _roles.Targets.Length)
                throw new RecurrentException(
                    $"{_csv.Where(row, empty[0])} is empty, but other targets of line {_csv.LineOf(row)} are given; after the last row " +
                    $"with every target (line {lastLine}) a row gives all its targets or none (a future row).");
            if (_roles.Known.Length == 0)
                throw new RecurrentException(
                    $"{_csv.Where(row, empty[0])}: the targets are empty after the last row with every target (line {lastLine}), " +
                    "but there are no known covariates; targets may be empty only in trailing rows that give known covariates " +
                    "(covariates). Give the targets or remove the row.", "covariates");
            foreach (int column in _roles.Known)
                if (_csv.IsEmpty(row, column))
                    throw new RecurrentException(
                        $"{_csv.Where(row, column)} is empty in a future row (its targets are empty); a future row must give every known covariate.");
        }
        return last + 1;
    }

    /// <summary>The column's values over the first <paramref name="length"/> slots, missing ones filled.</summary>
    private double[] Numbers(int column, int length)
    {
        var values = new double[length];
        var missing = new bool[length];
        int firstMissing = -1;
        for (int s = 0; s < length; s++)
        {
            int row = _rows[s];
            if (row >= 0 && !_csv.IsEmpty(row, column))
            {
                values[s] = _csv.Number(row, column);
                continue;
            }
            if (row >= 0 && _fill == GapFill.None)
                throw EmptyCell(row, column);
            missing[s] = true;
            if (firstMissing < 0)
                firstMissing = s;
        }
        if (firstMissing >= 0)
            FillNumbers(values, missing, column, firstMissing);
        return values;
    }

    private void FillNumbers(double[] values, bool[] missing, int column, int firstMissing)
    {
        if (_fill != GapFill.Zero && Array.IndexOf(missing, false) < 0)
            throw NothingToCarry(firstMissing, column);
        int previous = -1; // the last slot with a value
        int next = -1;     // the first slot with a value after the current run of missing ones (values.Length: none)
        for (int s = 0; s < values.Length; s++)
        {
            if (!missing[s])
            {
                previous = s;
                continue;
            }
            _filled++;
            if (_fill == GapFill.Zero)
                continue;
            if (_fill == GapFill.Forward)
            {
                values[s] = previous >= 0 ? values[previous] : throw NothingToCarry(s, column);
                continue;
            }
            if (next < s)
                next = Array.IndexOf(missing, false, s) is int found and >= 0 ? found : values.Length;
            values[s] = previous < 0 ? values[next]
                : next == values.Length ? values[previous]
                : values[previous] + (values[next] - values[previous]) * (s - previous) / (next - previous);
        }
    }

    /// <summary>The column's labels over the first <paramref name="length"/> slots, missing ones carried forward whatever the fill.</summary>
    private string[] Labels(int column, int length)
    {
        var labels = new string[length];
        for (int s = 0; s < length; s++)
        {
            int row = _rows[s];
            if (row >= 0 && !_csv.IsEmpty(row, column))
            {
                labels[s] = _csv.Cell(row, column).Trim();
                continue;
            }
            if (row >= 0 && _fill == GapFill.None)
                throw EmptyCell(row, column);
            labels[s] = s > 0 ? labels[s - 1] : throw NothingToCarry(s, column);
            _filled++;
        }
        return labels;
    }

    private RecurrentException EmptyCell(int row, int column) =>
        _roles.Targets.Contains(column)
            ? new RecurrentException(
                $"{_csv.Where(row, column)} is empty, before the last row with every target; targets may be empty only in the trailing " +
                $"rows of a series (the future). Give the value, or set fill to {Methods} to supply it.", "fill")
            : new RecurrentException(
                $"{_csv.Where(row, column)} is empty; give the value, or set fill to {Methods} to supply it.", "fill");

    private RecurrentException NothingToCarry(int slot, int column) =>
        new($"{_csv.Where(_rows[slot], column)} is empty and no earlier row of its series has a value to carry forward; give the value.");
}
