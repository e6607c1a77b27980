// SeriesColumns checked against one file: every name a column of it, each column in one role, a categorical column
// a covariate, a time of 0, 1 or 3 to 6 columns; and the names turned into column indices.
using Recurrent.Data;

namespace Recurrent.Forecasting;

/// <summary>The column indices of each role in one <see cref="CsvTable"/>.</summary>
internal sealed class ColumnRoles
{
    private ColumnRoles(int[] targets, int[] time, int[] known, int[] past, HashSet<int> categorical, int series)
    {
        Targets = targets;
        Time = time;
        Known = known;
        Past = past;
        Categorical = categorical;
        Series = series;
    }

    public int[] Targets { get; }
    public int[] Time { get; }
    public int[] Known { get; }
    public int[] Past { get; }
    public HashSet<int> Categorical { get; }

    /// <summary>The series column, or -1.</summary>
    public int Series { get; }

    /// <exception cref="RecurrentException">A name is not a column, a column has two roles, a categorical column is not a covariate, there is no target, or the time has 2 or over 6 columns.</exception>
    public static ColumnRoles Resolve(CsvTable csv, SeriesColumns columns)
    {
        ArgumentNullException.ThrowIfNull(columns.Targets, nameof(columns.Targets));
        ArgumentNullException.ThrowIfNull(columns.Time, nameof(columns.Time));
        ArgumentNullException.ThrowIfNull(columns.Covariates, nameof(columns.Covariates));
        ArgumentNullException.ThrowIfNull(columns.PastCovariates, nameof(columns.PastCovariates));
        ArgumentNullException.ThrowIfNull(columns.Categorical, nameof(columns.Categorical));
        if (columns.Targets.Count == 0)
            throw new RecurrentException("No column is a target; targets names at least one column to forecast.", "targets");
        if (columns.Time.Count is 2 or > 6)
            throw new RecurrentException(
                $"time names {columns.Time.Count} columns; give none (row order), one (a date, a timestamp or a whole number) " +
                "or year, month, day[, hour[, minute[, second]]] in that order.", "time");

        var role = new Dictionary<int, string>();
        int[] Indices(IReadOnlyList<string> names, string parameter)
        {
            var indices = new int[names.Count];
            for (int i = 0; i < names.Count; i++)
            {
                indices[i] = Index(csv, names[i], parameter);
                if (role.TryGetValue(indices[i], out var other))
                    throw other == parameter
                        ? new RecurrentException($"{parameter} names the column '{names[i]}' twice.", parameter)
                        : new RecurrentException($"The column '{names[i]}' is in both {other} and {parameter}; give each column one role.", other, parameter);
                role[indices[i]] = parameter;
            }
            return indices;
        }
        int[] targets = Indices(columns.Targets, "targets");
        int[] time = Indices(columns.Time, "time");
        int[] known = Indices(columns.Covariates, "covariates");
        int[] past = Indices(columns.PastCovariates, "pastCovariates");
        int series = columns.Series is null ? -1 : Indices([columns.Series], "series")[0];

        var categorical = new HashSet<int>();
        foreach (string name in columns.Categorical)
        {
            int index = Index(csv, name, "categorical");
            if (!role.TryGetValue(index, out var other) || other is not ("covariates" or "pastCovariates"))
                throw new RecurrentException(
                    $"The column '{name}' is in categorical but in neither covariates nor pastCovariates: labels are read only from covariates.",
                    "categorical", "covariates", "pastCovariates");
            if (!categorical.Add(index))
                throw new RecurrentException($"categorical names the column '{name}' twice.", "categorical");
        }
        return new ColumnRoles(targets, time, known, past, categorical, series);
    }

    private static int Index(CsvTable csv, string name, string parameter)
    {
        ArgumentNullException.ThrowIfNull(name, parameter);
        int index = -1;
        for (int i = 0; i < csv.Columns.Count && index < 0; i++)
            if (csv.Columns[i] == name)
                index = i;
        return index >= 0
            ? index
            : throw new RecurrentException($"{csv.NoColumn(name)} (named in {parameter}); its columns are {csv.ColumnList()}.", parameter);
    }
}
