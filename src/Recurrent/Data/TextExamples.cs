// Labelled texts for a classifier, read from the three layouts users keep them in: a CSV or TSV with a text and a
// label column; one file per class, one example a line (first names in female.txt and male.txt); a folder per class,
// one example a file (the IMDb layout). Reading keeps every example and counts what a user should hear about: the
// same text repeated under its label, and the same text under two labels (419 first names are in both lists);
// Cleaned then keeps one of each repeat and leaves out every conflicting text, unless told to keep them.
namespace Recurrent.Data;

/// <summary>Labelled texts, their classes in order of first appearance, and their repeats and conflicts.</summary>
public sealed class TextExamples
{
    private TextExamples(IReadOnlyList<TextExample> examples, string source)
    {
        Examples = examples;
        Source = source;
        Labels = [.. examples.Select(e => e.Label).Distinct()];
        var seen = new HashSet<(string, string)>();
        var labelsOf = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var example in examples)
        {
            if (!seen.Add((example.Text, example.Label)))
                Repeats++;
            if (!labelsOf.TryGetValue(example.Text, out var labels))
                labelsOf[example.Text] = labels = [];
            labels.Add(example.Label);
        }
        Conflicts = [.. labelsOf.Where(pair => pair.Value.Count > 1).Select(pair => pair.Key)];
    }

    /// <summary>The examples, in reading order.</summary>
    public IReadOnlyList<TextExample> Examples { get; }

    /// <summary>What the examples were read from, for messages.</summary>
    public string Source { get; }

    /// <summary>The class labels, in order of first appearance.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Examples whose text and label repeat an earlier example's.</summary>
    public int Repeats { get; }

    /// <summary>The texts that appear under more than one label, in order of first appearance.</summary>
    public IReadOnlyList<string> Conflicts { get; }

    /// <summary>
    /// The examples with the first of each repeat only (unless <paramref name="keepRepeats"/>) and without any text that
    /// appears under two labels (unless <paramref name="keepConflicts"/>).
    /// </summary>
    /// <exception cref="RecurrentException">Fewer than two classes are left.</exception>
    /// <param name="keepRepeats">Keep every repeat.</param>
    /// <param name="keepConflicts">Keep texts under two labels.</param>
    /// <param name="minimumClasses">The classes that must be left: 2 to train on the examples, 1 to score a model on them.</param>
    public TextExamples Cleaned(bool keepRepeats = false, bool keepConflicts = false, int minimumClasses = 2)
    {
        var conflicting = keepConflicts ? [] : new HashSet<string>(Conflicts, StringComparer.Ordinal);
        var seen = new HashSet<(string, string)>();
        var kept = Examples.Where(e => !conflicting.Contains(e.Text) && (keepRepeats || seen.Add((e.Text, e.Label)))).ToList();
        return Checked(new TextExamples(kept, Source), minimumClasses);
    }

    /// <summary>Examples from a CSV (or TSV) file: the text and the label of each row from the named columns.</summary>
    /// <exception cref="RecurrentException">The file or a column is missing, a text or label is empty (its line named), or there are fewer than two classes.</exception>
    /// <param name="path">The file.</param>
    /// <param name="textColumn">The column of the texts.</param>
    /// <param name="labelColumn">The column of the labels.</param>
    /// <param name="delimiter">',' or '\t'.</param>
    /// <param name="minimumClasses">The classes the examples must have: 2 to train on them, 1 to score a model on them.</param>
    public static TextExamples FromTable(string path, string textColumn, string labelColumn, char delimiter = ',', int minimumClasses = 2)
    {
        var table = CsvTable.Read(path, delimiter);
        int text = table.Column(textColumn), label = table.Column(labelColumn);
        var examples = new List<TextExample>(table.RowCount);
        for (int row = 0; row < table.RowCount; row++)
        {
            string origin = $"{table.Source}, line {table.LineOf(row)}";
            examples.Add(new TextExample(NotEmpty(table.Cell(row, text), origin, $"the text ('{textColumn}')"),
                NotEmpty(table.Cell(row, label), origin, $"the label ('{labelColumn}')"), origin));
        }
        return Checked(new TextExamples(examples, table.Source), minimumClasses);
    }

    /// <summary>Examples from one file per class, one example a line (blank lines at the end of a file are ignored).</summary>
    /// <exception cref="RecurrentException">A file is missing, empty or not UTF-8, a line inside it is blank, a label is given twice, or there are fewer than two classes.</exception>
    /// <param name="classes">Each class's name and file.</param>
    /// <param name="minimumClasses">The classes the examples must have: 2 to train on them, 1 to score a model on them.</param>
    public static TextExamples FromClassFiles(IReadOnlyList<(string Label, string Path)> classes, int minimumClasses = 2)
    {
        if (classes.GroupBy(c => c.Label).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new RecurrentException($"The class '{twice.Key}' is given twice; give each class one file.");
        var examples = new List<TextExample>();
        foreach (var (label, path) in classes)
        {
            NotEmpty(label, $"'{path}'", "the class name");
            string[] lines = TextFile.Read(path).Split('\n');
            int last = lines.Length;
            while (last > 0 && string.IsNullOrWhiteSpace(lines[last - 1]))
                last--;
            for (int i = 0; i < last; i++)
                examples.Add(new TextExample(NotEmpty(lines[i].TrimEnd('\r'), $"'{path}', line {i + 1}", "the example"), label, $"'{path}', line {i + 1}"));
        }
        return Checked(new TextExamples(examples, string.Join(", ", classes.Select(c => $"'{c.Path}'"))), minimumClasses);
    }

    /// <summary>Examples from a folder with one folder per class (its name the label), one example a file.</summary>
    /// <exception cref="RecurrentException">The folder is missing (or a file), a class folder is empty, a file is empty or not UTF-8, or there are too few classes.</exception>
    /// <param name="root">The folder of class folders.</param>
    /// <param name="minimumClasses">The classes the examples must have: 2 to train on them, 1 to score a model on them.</param>
    public static TextExamples FromFolders(string root, int minimumClasses = 2)
    {
        if (File.Exists(root))
            throw new RecurrentException($"'{root}' is a file; give a folder that holds a folder per class.");
        if (!Directory.Exists(root))
            throw new RecurrentException($"The folder '{root}' does not exist.");
        var examples = new List<TextExample>();
        foreach (string folder in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            string[] files = [.. Directory.GetFiles(folder).Order(StringComparer.Ordinal)];
            if (files.Length == 0) // a class the user meant to give, not one to drop without a word
                throw new RecurrentException($"The class folder '{folder}' holds no example; put one example a file in it, or remove it.");
            foreach (string file in files)
                examples.Add(new TextExample(NotEmpty(TextFile.Read(file).TrimEnd('\n', '\r'), $"'{file}'", "the example"),
                    Path.GetFileName(folder), $"'{file}'"));
        }
        return Checked(new TextExamples(examples, $"'{root}'"), minimumClasses);
    }

    private static string NotEmpty(string value, string origin, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw new RecurrentException($"{origin}: {what} is empty.") : value;

    private static TextExamples Checked(TextExamples examples, int minimumClasses) => examples.Labels.Count >= Math.Max(1, minimumClasses) ? examples
        : throw new RecurrentException(examples.Labels.Count == 0
            ? $"{examples.Source} holds no example."
            : $"{examples.Source} holds only the class '{examples.Labels[0]}'; a classifier needs at least two.");
}
