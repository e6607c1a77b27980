// A CSV (or TSV) file of labelled numeric sequences read into examples for a classifier: one row per step (sequence
// id, step, feature columns, label), rows in any order. Each sequence is one example, or is cut into windows of N
// steps (SequenceOptions); each example's class comes from its steps' labels by an explicit rule (SequenceLabel). The
// result is what LabelledSequences.FromValues takes. Every refusal is one message naming the file, and the line and
// column where there is one.
using Recurrent.Data;

namespace Recurrent.Classification;

/// <summary>Labelled numeric sequences read from a table: each example F features a step, and a class.</summary>
public sealed class SequenceTable
{
    private SequenceTable(string source, int rowsRead, string[] features, string[] classes, List<Example> examples, SequenceLayout layout)
    {
        Layout = layout;
        Source = source;
        RowsRead = rowsRead;
        Features = features;
        Classes = classes;
        var index = classes.Select((name, c) => (name, c)).ToDictionary(p => p.name, p => p.c, StringComparer.Ordinal);
        Sequences = [.. examples.Select(e => e.Values)];
        Labels = [.. examples.Select(e => index[e.Class])];
        Ids = [.. examples.Select(e => e.Id)];
        FirstSteps = [.. examples.Select(e => e.FirstStep)];
        LastSteps = [.. examples.Select(e => e.LastStep)];
        var counts = new int[classes.Length];
        foreach (int label in Labels)
            counts[label]++;
        ClassCounts = counts;
    }

    /// <summary>The columns (the features by name, in order) and options the table was read with.</summary>
    public SequenceLayout Layout { get; }

    /// <summary>What messages call the file: "'sensor.csv'".</summary>
    public string Source { get; }

    /// <summary>The table's rows (blank lines not counted), every one read and checked, whether or not a window holds it.</summary>
    public int RowsRead { get; }

    /// <summary>The feature columns' names, in the order of each step's values.</summary>
    public IReadOnlyList<string> Features { get; }

    /// <summary>F, the values a step.</summary>
    public int FeatureCount => Features.Count;

    /// <summary>The class names in index order: by value when all are whole numbers ("0", "1", "2", "10"), otherwise ordinally.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>The examples of each class, in index order.</summary>
    public IReadOnlyList<int> ClassCounts { get; }

    /// <summary>
    /// The examples, each its steps' F feature values row after row (step t, feature f at t·F + f), in order of their
    /// sequence's first row in the file, then of their first step.
    /// </summary>
    public IReadOnlyList<double[]> Sequences { get; }

    /// <summary>Each example's class, an index into <see cref="Classes"/>.</summary>
    public IReadOnlyList<int> Labels { get; }

    /// <summary>Each example's sequence id ("" without an id column): split by it to keep a sequence's windows on one side.</summary>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>The step of each example's first row (its place in the sequence, from 0, without a step column).</summary>
    public IReadOnlyList<double> FirstSteps { get; }

    /// <summary>The step of each example's last row: the reading a window labelled by <see cref="SequenceLabel.LastStep"/> judges.</summary>
    public IReadOnlyList<double> LastSteps { get; }

    /// <summary>The examples as a batch source for a model with F dense inputs and a classification head on the last step.</summary>
    /// <exception cref="RecurrentException">There are fewer examples than <paramref name="batch"/>.</exception>
    public LabelledSequences ToLabelledSequences(int batch, ulong seed = 1, bool shuffle = true) =>
        LabelledSequences.FromValues(Sequences, FeatureCount, Labels, batch, seed, shuffle);

    /// <summary>Reads a UTF-8 CSV file (or a TSV file, with a tab as the <paramref name="delimiter"/>) of labelled sequences.</summary>
    /// <exception cref="RecurrentException">The file cannot be read as a table (see <see cref="CsvTable.Read"/>), or breaks a rule of <see cref="Read(CsvTable, SequenceColumns, SequenceOptions?, int)"/>.</exception>
    /// <param name="path">The file.</param>
    /// <param name="columns">Which columns hold the id, the step, the label and the features.</param>
    /// <param name="options">Whole sequences or windows, and how each example's class is derived; null: whole sequences of one label each.</param>
    /// <param name="delimiter">',' or '\t'.</param>
    /// <param name="minimumClasses">The classes the examples must have: 2 to train on them, 1 to score a model on them.</param>
    public static SequenceTable Read(string path, SequenceColumns columns, SequenceOptions? options = null, char delimiter = ',', int minimumClasses = 2)
    {
        ArgumentNullException.ThrowIfNull(columns);
        return Read(CsvTable.Read(path, delimiter), columns, options, minimumClasses);
    }

    /// <summary>Reads the labelled sequences of a table.</summary>
    /// <param name="csv">The table, one row per step.</param>
    /// <param name="columns">Which columns hold the id, the step, the label and the features.</param>
    /// <param name="options">Whole sequences or windows, and how each example's class is derived; null: whole sequences of one label each.</param>
    /// <exception cref="RecurrentException">
    /// The options are inconsistent (a window or stride under 1, a stride without a window, <see cref="SequenceLabel.AnyStep"/>
    /// without <see cref="SequenceOptions.Normal"/> or a normal label that labels no row, a normal label with another rule);
    /// a column is missing (the columns are listed) or named in two roles, or there is no feature column; the table has
    /// no rows; an id, step, feature or label is empty, or a step or feature is not a finite number; a step repeats
    /// within a sequence (both lines named); a sequence is shorter than the window; with <see cref="SequenceLabel.Constant"/>,
    /// the labels of a sequence or window differ (both lines named); the examples would not fit in one array; fewer than
    /// two classes are left.
    /// </exception>
    /// <param name="minimumClasses">The classes the examples must have: 2 to train on them, 1 to score a model on them.</param>
    public static SequenceTable Read(CsvTable csv, SequenceColumns columns, SequenceOptions? options = null, int minimumClasses = 2)
    {
        ArgumentNullException.ThrowIfNull(csv);
        ArgumentNullException.ThrowIfNull(columns);
        options ??= new SequenceOptions();
        CheckOptions(options);
        if (csv.RowCount == 0) // before the roles: the default features are found from the rows
            throw new RecurrentException($"{csv.Source} has a header but no rows.");
        var roles = SequenceRoles.Resolve(csv, columns);
        var sequences = SequenceRows.Read(csv, roles);
        if (options.Normal is { } normal && !sequences.Any(s => s.Labels.Contains(normal)))
            throw new RecurrentException(
                $"normal is '{normal}', which labels no row of {csv.Source}; its labels are {string.Join(", ", ClassOrder.Sort(sequences.SelectMany(s => s.Labels)))}.", "normal");

        var derivation = new LabelDerivation(options, csv.Source, columns.Label);
        var examples = Cut(sequences, options, roles.Features.Length, derivation);
        string[] classes = ClassOrder.Sort(examples.Select(e => e.Class));
        if (classes.Length < Math.Max(1, minimumClasses))
            throw new RecurrentException(
                $"{csv.Source} gives all {examples.Count:N0} example{(examples.Count == 1 ? "" : "s")} the class '{classes[0]}'; a classifier needs at least two classes.");
        string[] features = [.. roles.Features.Select(c => csv.Columns[c])];
        return new SequenceTable(csv.Source, csv.RowCount, features, classes, examples,
            new SequenceLayout(columns with { Features = features }, options));
    }

    private static void CheckOptions(SequenceOptions options)
    {
        if (options.Window is < 1)
            throw new RecurrentException($"window is {options.Window}; it must be at least 1 (the steps of each example).", "window");
        if (options.Stride < 1)
            throw new RecurrentException($"stride is {options.Stride}; it must be at least 1 (the steps from one window's start to the next).", "stride");
        if (options.Window is null && options.Stride != 1)
            throw new RecurrentException("stride is read only with window: without it, each sequence is one example.", "stride", "window");
        if (!Enum.IsDefined(options.LabelFrom))
            throw new ArgumentOutOfRangeException(nameof(options), options.LabelFrom, "Not a SequenceLabel.");
        if (options.LabelFrom == SequenceLabel.AnyStep && string.IsNullOrWhiteSpace(options.Normal))
            throw new RecurrentException("labelFrom AnyStep needs normal, the label of ordinary steps (as \"0\").", "labelFrom", "normal");
        if (options.LabelFrom != SequenceLabel.AnyStep && options.Normal is not null)
            throw new RecurrentException($"normal is read only by labelFrom AnyStep, not {options.LabelFrom}; leave it out or set labelFrom to AnyStep.", "normal", "labelFrom");
    }

    /// <summary>The examples: each sequence whole, or its windows; the values they will hold checked to fit one array first.</summary>
    private static List<Example> Cut(List<SequenceRows> sequences, SequenceOptions options, int features, LabelDerivation derivation)
    {
        long values = 0;
        foreach (var sequence in sequences)
        {
            int length = options.Window ?? sequence.Count;
            if (sequence.Count < length)
                throw new RecurrentException(
                    $"{SequenceRows.Name(sequence.Id)} has {sequence.Count:N0} row{(sequence.Count == 1 ? "" : "s")}, fewer than window ({length:N0}); lower window.", "window");
            values += (1 + (long)(sequence.Count - length) / options.Stride) * length * features;
        }
        // LabelledSequences keeps every value of every example in one array
        if (values > Array.MaxLength)
            throw new RecurrentException(
                $"Windows of {options.Window:N0} steps every {options.Stride:N0} would hold {values:N0} values ({values * sizeof(double):N0} bytes), " +
                $"more than one array holds ({Array.MaxLength:N0}); raise stride or lower window.", "stride", "window");

        var examples = new List<Example>();
        foreach (var sequence in sequences)
        {
            int length = options.Window ?? sequence.Count;
            for (int start = 0; start + length <= sequence.Count; start += options.Stride)
                examples.Add(new Example(sequence.Id, sequence.Values.AsSpan(start * features, length * features).ToArray(),
                    derivation.Class(sequence, start, length), sequence.Steps[start], sequence.Steps[start + length - 1]));
        }
        return examples;
    }

    /// <summary>One example before its class has an index.</summary>
    private sealed record Example(string Id, double[] Values, string Class, double FirstStep, double LastStep);
}
