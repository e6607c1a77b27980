// The options that say where a classifier's labelled examples are, shared by `classify train` and `classify eval`:
// texts from a CSV/TSV (--data with --text-column and --label-column), a file per class (--class NAME=FILE, one example
// a line) or a folder per class (--folder, one example a file); or real-valued sequences from a CSV of rows (--data
// with --sequence-column: sequence id, step, feature columns, label), optionally cut into windows. One of the three
// text sources, or the rows; anything else is a usage error with the reason.
using System.CommandLine;
using Recurrent.Classification;
using Recurrent.Data;

namespace Recurrent.Cli;

internal sealed class ClassifyInputs
{
    public Option<string?> Data { get; } = new("--data") { Description = "A CSV or TSV (.tsv) of labelled examples: a text and a label column, or rows of sequences (with --sequence-column)" };
    public Option<string> TextColumn { get; } = new("--text-column") { Description = "The column of the texts in --data", DefaultValueFactory = _ => "text" };
    public Option<string> LabelColumn { get; } = new("--label-column") { Description = "The column of the labels in --data", DefaultValueFactory = _ => "label" };
    public Option<string[]> Class { get; } = new("--class") { Description = "NAME=FILE: the examples of one class, one a line (repeat for each class)", AllowMultipleArgumentsPerToken = false };
    public Option<string?> Folder { get; } = new("--folder") { Description = "A folder with a folder per class (its name the label), one example a file" };
    public Option<string?> SequenceColumn { get; } = new("--sequence-column") { Description = "Numeric sequences: the column that tells sequences apart in --data (rows of id, step, features..., label)" };
    public Option<string?> StepColumn { get; } = new("--step-column") { Description = "Numeric sequences: the column that orders a sequence's rows; default: file order" };
    public Option<string?> Features { get; } = new("--features") { Description = "Numeric sequences: the feature columns, comma-separated; default: every other numeric column" };
    public Option<int?> Window { get; } = new("--window") { Description = "Numeric sequences: cut each sequence into windows of N rows, each an example" };
    public Option<int> Stride { get; } = new("--stride") { Description = "Numeric sequences: rows between the starts of windows", DefaultValueFactory = _ => 1 };
    public Option<string> LabelFrom { get; } = new("--label-from") { Description = "Numeric sequences: a window's label is the same on every row (constant), its last row's (last), or any row's that is not --normal (any)", DefaultValueFactory = _ => "constant" };
    public Option<string?> Normal { get; } = new("--normal") { Description = "Numeric sequences, --label-from any: the label of normal rows" };

    public Option[] All => [Data, TextColumn, LabelColumn, Class, Folder, SequenceColumn, StepColumn, Features, Window, Stride, LabelFrom, Normal];

    /// <summary>Whether the options ask for numeric sequences (--sequence-column or a numeric-only option).</summary>
    public bool Numeric(ParseResult parsed) => new Option[] { SequenceColumn, StepColumn, Features, Window, LabelFrom, Normal, Stride }
        .Any(option => parsed.GetResult(option) is { Implicit: false });

    /// <summary>The labelled texts the options name (before cleaning), of at least <paramref name="minimumClasses"/> classes.</summary>
    /// <exception cref="UsageException">No source, or more than one, or a --class entry without NAME=FILE.</exception>
    public TextExamples Texts(ParseResult parsed, int minimumClasses = 2)
    {
        string? data = parsed.GetValue(Data), folder = parsed.GetValue(Folder);
        string[] classes = parsed.GetValue(Class) ?? [];
        int given = (data is null ? 0 : 1) + (folder is null ? 0 : 1) + (classes.Length > 0 ? 1 : 0);
        if (given != 1)
            throw new UsageException(given == 0
                ? "Give the labelled examples: --data FILE (a CSV or TSV with --text-column and --label-column), --class NAME=FILE for each class, or --folder DIR."
                : "Give the examples one way only: --data, --class or --folder.");
        if (data is not null)
        {
            string path = Paths.Input("--data", data);
            return TextExamples.FromTable(path, parsed.GetValue(TextColumn)!, parsed.GetValue(LabelColumn)!, Delimiter(path), minimumClasses);
        }
        if (folder is not null)
            return TextExamples.FromFolders(folder, minimumClasses);
        var files = new List<(string Label, string Path)>();
        foreach (string entry in classes)
        {
            int equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == entry.Length - 1)
                throw new UsageException($"--class takes NAME=FILE, e.g. --class female=female.txt (got '{entry}').");
            files.Add((entry[..equals].Trim(), Paths.Input("--class", entry[(equals + 1)..].Trim())));
        }
        if (files.Count < minimumClasses)
            throw new UsageException("Give --class NAME=FILE for at least two classes.");
        return TextExamples.FromClassFiles(files, minimumClasses);
    }

    /// <summary>
    /// The numeric sequences the options name, of at least <paramref name="minimumClasses"/> classes; read as
    /// <paramref name="saved"/> says (a model's own layout) when no numeric option is given.
    /// </summary>
    /// <exception cref="UsageException">--data is missing, a text option is given too, or an option is out of range.</exception>
    public SequenceTable Sequences(ParseResult parsed, int minimumClasses = 2, SequenceLayout? saved = null)
    {
        if (parsed.GetValue(Data) is not string data)
            throw new UsageException("Numeric sequences come from --data, a CSV of rows (sequence id, step, features..., label).");
        if (new Option[] { Class, Folder, TextColumn }.FirstOrDefault(option => parsed.GetResult(option) is { Implicit: false }) is { } text)
            throw new UsageException($"{text.Name} is for texts; numeric sequences come from --data with --sequence-column.");
        string path = Paths.Input("--data", data);
        if (saved is not null && !Numeric(parsed))
            return SequenceTable.Read(path, saved.Columns, saved.Options, Delimiter(path), minimumClasses);
        var columns = new SequenceColumns
        {
            Id = parsed.GetValue(SequenceColumn),
            Step = parsed.GetValue(StepColumn),
            Label = parsed.GetValue(LabelColumn)!,
            Features = ForecastCommand.Names(parsed.GetValue(Features)),
        };
        var options = new SequenceOptions
        {
            Window = parsed.GetValue(Window) is int window ? OptionChecks.AtLeast("--window", window, 1) : null,
            Stride = OptionChecks.AtLeast("--stride", parsed.GetValue(Stride), 1),
            LabelFrom = parsed.GetValue(LabelFrom)!.ToLowerInvariant() switch
            {
                "constant" => SequenceLabel.Constant,
                "last" => SequenceLabel.LastStep,
                "any" => SequenceLabel.AnyStep,
                var other => throw new UsageException($"--label-from must be constant, last or any (got '{other}')."),
            },
            Normal = parsed.GetValue(Normal),
        };
        return SequenceTable.Read(path, columns, options, Delimiter(path), minimumClasses);
    }

    private static char Delimiter(string path) => path.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".tab", StringComparison.OrdinalIgnoreCase) ? '\t' : ',';
}
