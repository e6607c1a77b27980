// SequenceColumns checked against one file: every name a column of it, each column in one role, at least one feature;
// and the names turned into column indices. Without named features, every other column whose first value is a number.
using System.Globalization;
using Recurrent.Data;

namespace Recurrent.Classification;

/// <summary>The column indices of each role in one <see cref="CsvTable"/>.</summary>
internal sealed class SequenceRoles
{
    private SequenceRoles(int id, int step, int label, int[] features)
    {
        Id = id;
        Step = step;
        Label = label;
        Features = features;
    }

    /// <summary>The id column, or -1 (one sequence).</summary>
    public int Id { get; }

    /// <summary>The step column, or -1 (file order).</summary>
    public int Step { get; }

    public int Label { get; }

    /// <summary>F feature columns, in the order the model reads them.</summary>
    public int[] Features { get; }

    /// <exception cref="RecurrentException">A name is not a column (the columns listed), a column has two roles, or there is no feature column.</exception>
    public static SequenceRoles Resolve(CsvTable csv, SequenceColumns columns)
    {
        ArgumentNullException.ThrowIfNull(columns.Label, nameof(columns.Label));
        ArgumentNullException.ThrowIfNull(columns.Features, nameof(columns.Features));
        var role = new Dictionary<int, string>();
        int Claim(string name, string parameter)
        {
            ArgumentNullException.ThrowIfNull(name, parameter);
            int index = Enumerable.Range(0, csv.Columns.Count).FirstOrDefault(c => csv.Columns[c] == name, -1);
            if (index < 0)
                throw new RecurrentException($"{csv.NoColumn(name)} (named in {parameter}); its columns are {csv.ColumnList()}.");
            if (role.TryGetValue(index, out var other))
                throw other == parameter
                    ? new RecurrentException($"{parameter} names the column '{name}' twice.")
                    : new RecurrentException($"The column '{name}' is in both {other} and {parameter}; give each column one role.");
            role[index] = parameter;
            return index;
        }
        int id = columns.Id is null ? -1 : Claim(columns.Id, "id");
        int step = columns.Step is null ? -1 : Claim(columns.Step, "step");
        int label = Claim(columns.Label, "label");
        int[] features = columns.Features.Count > 0
            ? [.. columns.Features.Select(name => Claim(name, "features"))]
            : [.. Enumerable.Range(0, csv.Columns.Count).Where(c => !role.ContainsKey(c) && StartsWithNumber(csv, c))];
        if (features.Length == 0)
            throw new RecurrentException(
                $"{csv.Source} has no feature column: no column besides the id, step and label holds numbers; its columns are {csv.ColumnList()}.");
        return new SequenceRoles(id, step, label, features);
    }

    /// <summary>Whether the column's first non-empty cell reads as a number: a numeric column, whose later cells must all be numbers.</summary>
    private static bool StartsWithNumber(CsvTable csv, int column)
    {
        for (int row = 0; row < csv.RowCount; row++)
            if (!csv.IsEmpty(row, column))
                return double.TryParse(csv.Cell(row, column), NumberStyles.Float, CultureInfo.InvariantCulture, out _);
        return false; // an empty column carries nothing to read
    }
}
