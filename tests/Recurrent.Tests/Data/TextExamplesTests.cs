// Labelled texts from the three layouts: a CSV/TSV with text and label columns, a file per class, a folder per class;
// repeats and texts under two labels reported and cleaned; every bad input refused with where it is. And the first
// names of the shared data: 419 names in both lists, left out by cleaning as the baseline leaves them out.
using Recurrent.Data;
using Recurrent.Tests.IO;

namespace Recurrent.Tests.Data;

public sealed class TextExamplesTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Write(string name, string text)
    {
        string path = _dir.File(name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void A_table_gives_text_and_label_by_column_and_reports_repeats_and_conflicts()
    {
        string csv = Write("reviews.csv", "id,review,sentiment\n1,\"great, really\",pos\n2,awful,neg\n3,awful,neg\n4,fine,pos\n5,fine,neg\n");
        var examples = TextExamples.FromTable(csv, "review", "sentiment");
        Assert.Equal(["pos", "neg"], examples.Labels);
        Assert.Equal("great, really", examples.Examples[0].Text);
        Assert.Equal($"'{csv}', line 3", examples.Examples[1].Origin);
        Assert.Equal(1, examples.Repeats);
        Assert.Equal(["fine"], examples.Conflicts);
        var cleaned = examples.Cleaned();
        Assert.Equal(["great, really", "awful"], cleaned.Examples.Select(e => e.Text));
        Assert.Equal(5, examples.Cleaned(keepRepeats: true, keepConflicts: true).Examples.Count);

        string tsv = Write("reviews.tsv", "review\tsentiment\ngood, says who\tpos\nbad\tneg\n");
        Assert.Equal("good, says who", TextExamples.FromTable(tsv, "review", "sentiment", '\t').Examples[0].Text);
    }

    [Fact]
    public void Class_files_and_class_folders_give_one_example_a_line_and_a_file()
    {
        var files = TextExamples.FromClassFiles([("spam", Write("spam.txt", "win money\nfree prize\n\n")), ("ham", Write("ham.txt", "lunch at 1?\r\n"))]);
        Assert.Equal(["win money", "free prize", "lunch at 1?"], files.Examples.Select(e => e.Text));
        Assert.Equal(["spam", "spam", "ham"], files.Examples.Select(e => e.Label));

        Write("mail/spam/1.txt", "win money\n");
        Write("mail/ham/1.txt", "see you\nat 5\n");
        var folders = TextExamples.FromFolders(_dir.File("mail"));
        Assert.Equal(["ham", "spam"], folders.Labels);
        Assert.Equal("see you\nat 5", folders.Examples[0].Text);
    }

    [Fact]
    public void Bad_inputs_are_refused_with_where_they_are()
    {
        string Refusal(Func<TextExamples> read) => Assert.Throws<RecurrentException>(() => read()).Message;
        Assert.Contains("line 3: the text ('review') is empty", Refusal(() => TextExamples.FromTable(Write("a.csv", "review,label\nok,pos\n\"\",neg\n"), "review", "label")));
        Assert.Contains("no column 'label'", Refusal(() => TextExamples.FromTable(Write("b.csv", "review,class\nok,pos\n"), "review", "label")));
        Assert.Contains("only the class 'pos'", Refusal(() => TextExamples.FromTable(Write("c.csv", "review,label\nok,pos\nfine,pos\n"), "review", "label")));
        Assert.Contains("line 2: the example is empty", Refusal(() => TextExamples.FromClassFiles([("a", Write("a.txt", "x\n \ny\n")), ("b", Write("b.txt", "z\n"))])));
        Assert.Contains("given twice", Refusal(() => TextExamples.FromClassFiles([("a", Write("d.txt", "x\n")), ("a", Write("e.txt", "y\n"))])));
        Assert.Contains("does not exist", Refusal(() => TextExamples.FromFolders(_dir.File("nowhere"))));
        Assert.Contains("is a file; give a folder", Refusal(() => TextExamples.FromFolders(Write("plain.txt", "x\n"))));
        Write("box/spam/1.txt", "win\n");
        Directory.CreateDirectory(_dir.File("box/ham"));
        Assert.Contains("box/ham' holds no example", Refusal(() => TextExamples.FromFolders(_dir.File("box"))).Replace('\\', '/'));
        Assert.Equal(["pos"], TextExamples.FromTable(Write("one.csv", "review,label\nok,pos\n"), "review", "label", minimumClasses: 1).Labels);
        var clash = TextExamples.FromClassFiles([("a", Write("f.txt", "x\ny\n")), ("b", Write("g.txt", "x\n"))]);
        Assert.Contains("only the class 'a'", Refusal(() => clash.Cleaned()));
    }

    [Fact]
    public void The_first_names_in_both_lists_are_reported_and_left_out()
    {
        if (SharedData.FirstNames() is not string folder)
            return; // the shared data is beside the checkout in CI and here, not in a user's clone
        var names = TextExamples.FromClassFiles([("female", Path.Combine(folder, "female.txt")), ("male", Path.Combine(folder, "male.txt"))]);
        Assert.Equal(4951 + 3898, names.Examples.Count);
        Assert.Equal(419, names.Conflicts.Count);
        Assert.Equal(8003, names.Cleaned().Examples.Count); // the baseline's 6,402 + 1,601 (tools/baselines/names_naive_bayes.py)
    }
}
