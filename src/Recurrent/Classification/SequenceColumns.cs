// Which columns of a CSV file of labelled numeric sequences play which part: the sequence each row belongs to, the
// row's place in it, its label, and the numbers the model reads. A plain description: SequenceTable checks it
// against the file (names that exist, one role a column) when it reads one.
namespace Recurrent.Classification;

/// <summary>The roles of the columns of a file of labelled numeric sequences, one row per step.</summary>
public sealed record SequenceColumns
{
    /// <summary>The column that says which sequence a row belongs to; null: the whole file is one sequence.</summary>
    public string? Id { get; init; }

    /// <summary>
    /// The column that orders a sequence's rows (a number: a reading index, seconds); rows may come in any order and
    /// are sorted by it within their sequence. Null: the rows' order in the file.
    /// </summary>
    public string? Step { get; init; }

    /// <summary>The column of class names, one on every row ("label" unless named).</summary>
    public string Label { get; init; } = "label";

    /// <summary>
    /// The columns the model reads, in this order. Empty (the default): every column not named as the id, the step or
    /// the label whose first non-empty cell is a number, in file order; a column of text (a name, a date) is left out.
    /// </summary>
    public IReadOnlyList<string> Features { get; init; } = [];
}
