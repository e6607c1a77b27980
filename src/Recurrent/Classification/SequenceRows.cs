// The rows of one sequence of a table, read and checked: gathered by id (sequences in order of their first row in the
// file), sorted by step (rows may come in any order; a sort that keeps file order among equal steps, so a repeated
// step is found between its two rows and both lines are named), every feature a finite number, every label present.
using Recurrent.Data;

namespace Recurrent.Classification;

/// <summary>One sequence's rows in step order: their steps, feature values and labels.</summary>
internal sealed class SequenceRows
{
    private SequenceRows(string id, double[] steps, double[] values, string[] labels, int[] lines)
    {
        Id = id;
        Steps = steps;
        Values = values;
        Labels = labels;
        Lines = lines;
    }

    /// <summary>The id ("" without an id column).</summary>
    public string Id { get; }

    /// <summary>(n) each row's step; without a step column its place in the file's order of the sequence, from 0.</summary>
    public double[] Steps { get; }

    /// <summary>(n, F) the feature values, row after row.</summary>
    public double[] Values { get; }

    /// <summary>(n) each row's label, trimmed.</summary>
    public string[] Labels { get; }

    /// <summary>(n) each row's line in the file, for messages.</summary>
    public int[] Lines { get; }

    /// <summary>n, the rows.</summary>
    public int Count => Steps.Length;

    /// <summary>Every sequence of the table, in order of its first row.</summary>
    /// <exception cref="RecurrentException">
    /// An id, step or label is empty; a step or feature is not a finite number; a step repeats within a sequence
    /// (both lines named). Each message names the file, the line and the column.
    /// </exception>
    public static List<SequenceRows> Read(CsvTable csv, SequenceRoles roles)
    {
        var sequences = new List<SequenceRows>();
        foreach (var (id, rows) in Group(csv, roles.Id))
        {
            double[] steps = [.. rows.Select((row, i) => roles.Step < 0 ? i : Number(csv, row, roles.Step, "row names its step"))];
            int[] order = [.. Enumerable.Range(0, rows.Count).OrderBy(i => steps[i])]; // OrderBy is stable: file order among equal steps
            for (int k = 1; k < order.Length; k++)
                if (steps[order[k]] == steps[order[k - 1]])
                    throw new RecurrentException(
                        $"{csv.Where(rows[order[k]], roles.Step)}: lines {csv.LineOf(rows[order[k - 1]])} and {csv.LineOf(rows[order[k]])} " +
                        $"both have the step {Display(steps[order[k]])} in {Name(id)}; a sequence has one row a step.");

            int features = roles.Features.Length;
            var values = new double[(long)rows.Count * features];
            var labels = new string[rows.Count];
            var lines = new int[rows.Count];
            for (int k = 0; k < order.Length; k++)
            {
                int row = rows[order[k]];
                for (int f = 0; f < features; f++)
                    values[k * features + f] = Number(csv, row, roles.Features[f], "row has every feature");
                labels[k] = Text(csv, row, roles.Label, "row has a label");
                lines[k] = csv.LineOf(row);
            }
            sequences.Add(new SequenceRows(id, [.. order.Select(i => steps[i])], values, labels, lines));
        }
        return sequences;
    }

    /// <summary>"sequence 'a'", or "the file's one sequence" without an id column: how messages name a sequence.</summary>
    public static string Name(string id) => id.Length > 0 ? $"sequence '{id}'" : "the file's one sequence";

    /// <summary>A step as the file would write it (7, 0.5).</summary>
    public static string Display(double step) => step.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The rows of each id, in order of first appearance; one sequence "" without an id column.</summary>
    private static List<(string Id, List<int> Rows)> Group(CsvTable csv, int column)
    {
        var groups = new List<(string Id, List<int> Rows)>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int row = 0; row < csv.RowCount; row++)
        {
            string id = column < 0 ? "" : Text(csv, row, column, "row names its sequence");
            if (!index.TryGetValue(id, out int g))
            {
                index[id] = g = groups.Count;
                groups.Add((id, []));
            }
            groups[g].Rows.Add(row);
        }
        return groups;
    }

    /// <summary>The cell, trimmed; an empty one is refused as missing.</summary>
    private static string Text(CsvTable csv, int row, int column, string rule) =>
        csv.IsEmpty(row, column) ? throw Missing(csv, row, column, rule) : csv.Cell(row, column).Trim();

    /// <summary>The cell as a finite number; an empty one is refused as missing, not as "'' is not a number".</summary>
    private static double Number(CsvTable csv, int row, int column, string rule) =>
        csv.IsEmpty(row, column) ? throw Missing(csv, row, column, rule) : csv.Number(row, column);

    private static RecurrentException Missing(CsvTable csv, int row, int column, string rule) =>
        new($"{csv.Where(row, column)} is empty; every {rule}.");
}
