// Labelled texts for the classification tests, as a user gives them: written to a CSV file (every text quoted) and read
// back with TextExamples.FromTable; and the synthetic task the learning and resume tests train on.
using System.Text;
using Recurrent.Data;
using Recurrent.Numerics;
using Recurrent.Tests.IO;

namespace Recurrent.Tests.Classification;

internal static class LabelledTexts
{
    /// <summary>The rows written to <paramref name="name"/> in <paramref name="dir"/> (columns text, label) and read back.</summary>
    public static TextExamples Read(TempDirectory dir, IEnumerable<(string Text, string Label)> rows, string name = "examples.csv") =>
        TextExamples.FromTable(Write(dir, rows, name), "text", "label");

    /// <summary>Writes the rows as a CSV file with a header (text, label), every field quoted; returns its path.</summary>
    public static string Write(TempDirectory dir, IEnumerable<(string Text, string Label)> rows, string name = "examples.csv")
    {
        var csv = new StringBuilder("text,label\n");
        foreach (var (text, label) in rows)
            csv.Append(Quoted(text)).Append(',').Append(Quoted(label)).Append('\n');
        string path = dir.File(name);
        File.WriteAllText(path, csv.ToString());
        return path;
    }

    private static string Quoted(string field) => "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>
    /// Texts of random letters a to d, 3 to 20 long, each labelled "a" when its first letter is 'a' (half of them) and
    /// "other" otherwise: a reader of the last steps must carry the first letter all the way, the reverse direction of
    /// a bidirectional model reads it last.
    /// </summary>
    public static (string Text, string Label)[] FirstLetter(int count, ulong seed)
    {
        var rng = new Rng(seed);
        var rows = new (string, string)[count];
        for (int n = 0; n < count; n++)
        {
            var text = new StringBuilder();
            bool isA = rng.NextInt(2) == 0;
            text.Append(isA ? 'a' : (char)('b' + rng.NextInt(3)));
            int length = 3 + rng.NextInt(18);
            while (text.Length < length)
                text.Append((char)('a' + rng.NextInt(4)));
            rows[n] = (text.ToString(), isA ? "a" : "other");
        }
        return rows;
    }
}
