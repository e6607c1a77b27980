// A CSV file with a header (RFC 4180, comma-separated), read whole into string cells with the file line where each
// record starts, so that every later check (a number, a time, a missing value) can name the line and the column.
// The splitting is Sylvan.Data.Csv's; this type adds the strict checks: a header with distinct, non-empty names,
// every record with the header's number of fields, no quote left open. Blank lines are skipped (in a one-column
// file an empty value is written "").
using System.Globalization;
using Sylvan.Data.Csv;

namespace Recurrent.Data;

/// <summary>A table of string cells read from a CSV file with a header, each row knowing its line in the file.</summary>
public sealed class CsvTable
{
    /// <summary>The longest record read, in characters: longer ones are almost always a quote left open.</summary>
    private const int MaxRecordChars = 1 << 24;

    private readonly string[] _columns;
    private readonly List<string[]> _rows;
    private readonly List<int> _lines;

    private CsvTable(string source, string[] columns, List<string[]> rows, List<int> lines)
    {
        Source = source;
        _columns = columns;
        _rows = rows;
        _lines = lines;
    }

    /// <summary>What the messages call the table: "'births.csv'" or "standard input".</summary>
    public string Source { get; }

    /// <summary>The header's names, in file order.</summary>
    public IReadOnlyList<string> Columns => _columns;

    /// <summary>The number of records after the header (blank lines not counted).</summary>
    public int RowCount => _rows.Count;

    /// <summary>Reads a UTF-8 CSV file with a header (or a TSV file, with a tab as the <paramref name="delimiter"/>).</summary>
    /// <param name="path">The file; messages call it '<paramref name="path"/>'.</param>
    /// <param name="delimiter">The field separator: ',' (the default) or '\t'.</param>
    /// <exception cref="RecurrentException">The file is missing, unreadable, empty or not UTF-8; or it breaks a rule of <see cref="Parse"/>.</exception>
    public static CsvTable Read(string path, char delimiter = ',')
    {
        ArgumentNullException.ThrowIfNull(path);
        string text = TextFile.Read(path);
        return Parse(new StringReader(text), $"'{path}'", delimiter);
    }

    /// <summary>Reads CSV text with a header from <paramref name="reader"/> (which stays open).</summary>
    /// <param name="reader">The text.</param>
    /// <param name="source">What messages call it: "'births.csv'", "standard input".</param>
    /// <param name="delimiter">The field separator: ',' (the default) or '\t'.</param>
    /// <exception cref="RecurrentException">
    /// There is no header; a header name is empty or appears twice; a record has another number of fields than the
    /// header; a quoted field has no closing quote. Each message names <paramref name="source"/> and the line.
    /// </exception>
    public static CsvTable Parse(TextReader reader, string source, char delimiter = ',')
    {
        string separated = delimiter == '\t' ? "tabs" : delimiter == ',' ? "commas" : $"'{delimiter}'";
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(source);
        var options = new CsvDataReaderOptions
        {
            HasHeaders = false, Delimiter = delimiter, Comment = '\0', OwnsReader = false, MaxBufferSize = MaxRecordChars,
        };
        string[]? columns = null;
        var rows = new List<string[]>();
        var lines = new List<int>();
        int line = 1; // where the next record starts
        try
        {
            using var csv = CsvDataReader.Create(reader, options);
            while (csv.Read())
            {
                ReadOnlySpan<char> raw = csv.GetRawRecordSpan();
                int start = line;
                line += LineBreaks(raw);
                if (raw.IsWhiteSpace())
                    continue;
                var fields = new string[csv.RowFieldCount];
                for (int i = 0; i < fields.Length; i++)
                    fields[i] = csv.GetString(i);
                if (columns is null)
                {
                    columns = fields;
                    CheckHeader(columns, source, start);
                    continue;
                }
                if (fields.Length != columns.Length)
                    throw new RecurrentException(
                        $"{source}, line {start} has {fields.Length} field{(fields.Length == 1 ? "" : "s")}, the header {columns.Length}; " +
                        $"quote fields that hold {separated}.");
                rows.Add(fields);
                lines.Add(start);
            }
        }
        catch (CsvRecordTooLargeException e)
        {
            throw new RecurrentException(
                $"{source}, line {line}: a record is longer than {MaxRecordChars:N0} characters; is a quote left open?", e);
        }
        catch (CsvFormatException e)
        {
            throw new RecurrentException($"{source}, line {line}: a quoted field has no closing quote.", e);
        }
        if (columns is null)
            throw new RecurrentException($"{source} has no header line (names of the columns, separated by {separated}).");
        return new CsvTable(source, columns, rows, lines);
    }

    /// <summary>The index of the column named <paramref name="name"/> (exact, case-sensitive).</summary>
    /// <exception cref="RecurrentException">No column has that name; the message lists the columns.</exception>
    public int Column(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        int index = Array.IndexOf(_columns, name);
        return index >= 0 ? index : throw new RecurrentException($"{NoColumn(name)}; its columns are {ColumnList()}.");
    }

    /// <summary>The text of a cell, as in the file less any quotes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The row or column is out of range.</exception>
    public string Cell(int row, int column)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(column);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(column, _columns.Length);
        return _rows[row][column]; // List's indexer checks the row
    }

    /// <summary>The 1-based file line where row <paramref name="row"/>'s record starts (the header's is 1, unless blank lines precede it).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The row is out of range.</exception>
    public int LineOf(int row) => _lines[row];

    /// <summary>Whether the cell is empty or only white space.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The row or column is out of range.</exception>
    public bool IsEmpty(int row, int column) => string.IsNullOrWhiteSpace(Cell(row, column));

    /// <summary>The cell as a finite number, read in the invariant culture ("1234.5", "-1e3"); white space around it is allowed.</summary>
    /// <exception cref="RecurrentException">The cell is not a number, or is NaN, infinite or too large for a double.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The row or column is out of range.</exception>
    public double Number(int row, int column)
    {
        string text = Cell(row, column);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            throw new RecurrentException($"{Where(row, column)}: '{text}' is not a number.");
        if (!double.IsFinite(value))
            throw new RecurrentException($"{Where(row, column)}: '{text}' is not a finite number.");
        return value;
    }

    /// <summary>"'F.csv', line 12, column 'births'": where a message about a cell points.</summary>
    internal string Where(int row, int column) => $"{Source}, line {LineOf(row)}, column '{_columns[column]}'";

    /// <summary>"'F.csv' has no column 'x'": the start of a message about an unknown column.</summary>
    internal string NoColumn(string name) => $"{Source} has no column '{name}'";

    /// <summary>"a, b, c": the header's names.</summary>
    internal string ColumnList() => string.Join(", ", _columns);

    private static void CheckHeader(string[] columns, string source, int line)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < columns.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(columns[i]))
                throw new RecurrentException($"{source}, line {line}: the header's column {i + 1} has no name.");
            if (!seen.Add(columns[i]))
                throw new RecurrentException($"{source}, line {line}: the header names the column '{columns[i]}' twice.");
        }
    }

    /// <summary>Line breaks in a raw record: each "\n", and each "\r" not followed by "\n".</summary>
    private static int LineBreaks(ReadOnlySpan<char> raw)
    {
        int count = 0;
        for (int i = 0; i < raw.Length; i++)
            if (raw[i] == '\n' || (raw[i] == '\r' && (i + 1 == raw.Length || raw[i + 1] != '\n')))
                count++;
        return count;
    }
}
