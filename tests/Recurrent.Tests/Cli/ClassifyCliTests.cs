// `recurrent classify` as a user runs it: train on labelled texts (a TSV, a file per class) or numeric sequences,
// evaluate with the per-class table, the confusion matrix and its PNG, predict new texts as lines or JSON, resume, and
// every bad input refused in one line with a non-zero exit.
using System.Text.Json;
using Recurrent.Numerics;
using Recurrent.Tests.IO;

namespace Recurrent.Tests.Cli;

public sealed class ClassifyCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _tsv;

    public ClassifyCliTests()
    {
        // Texts of a to d; the class is whether the text starts with 'a': the first step, which a bidirectional
        // model's reverse direction ends on.
        var rng = new Rng(17);
        var lines = new List<string> { "text\tlabel" };
        for (int n = 0; n < 600; n++)
        {
            var text = new string([.. Enumerable.Range(0, 3 + rng.NextInt(13)).Select(_ => (char)('a' + rng.NextInt(4)))]);
            lines.Add($"{text}\t{(text[0] == 'a' ? "starts_a" : "other")}");
        }
        _tsv = _dir.File("texts.tsv");
        File.WriteAllLines(_tsv, lines);
    }

    public void Dispose() => _dir.Dispose();

    private CliRun Train(string output, params string[] extra) => TrainFor(300, output, extra);

    private CliRun TrainFor(int steps, string output, params string[] extra) => CliRunner.Run(
    [
        "classify", "train", "--data", _tsv, "--bidirectional", "--hidden", "16", "--embedding", "8", "--steps", $"{steps}", "--eval-every", "100",
        "--val-fraction", "0.2", "--out", output, .. extra,
    ]);

    [Fact]
    public void Train_eval_and_predict_work_end_to_end()
    {
        string model = _dir.File("texts.safetensors");
        var train = Train(model);
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("data: 600 examples read from", train.Out);
        Assert.Contains("model: bidirectional lstm 1x16, embedding 8, head on the final states", train.Out);
        Assert.Contains("all steps done after 300 steps", train.Out);

        string png = _dir.File("confusion.png");
        var eval = CliRunner.Run("classify", "eval", "--model", model, "--data", _tsv, "--png", png);
        Assert.True(eval.ExitCode == 0, eval.Error);
        foreach (string expected in new[] { "accuracy", "macro F1", "majority class 'other' always: accuracy", "precision  recall      F1  support",
                     "confusion matrix (rows: actual, columns: predicted):", "unknown characters: 0" })
            Assert.Contains(expected, eval.Out);
        double accuracy = double.Parse(eval.OutLines.First(l => l.StartsWith("accuracy", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(accuracy > 0.95, eval.Out); // the first character decides; the majority class gets about 0.75
        Assert.True(new FileInfo(png).Length > 5_000);

        var json = CliRunner.Run("classify", "eval", "--model", model, "--data", _tsv, "--json");
        using (var document = JsonDocument.Parse(json.Out))
        {
            var root = document.RootElement;
            Assert.Equal(File.ReadAllLines(_tsv).Skip(1).Distinct().Count(), root.GetProperty("examples").GetInt64()); // repeats left out
            long diagonal = 0;
            var confusion = root.GetProperty("confusion");
            for (int c = 0; c < 2; c++)
                diagonal += confusion[c][c].GetInt64();
            Assert.Equal(root.GetProperty("accuracy").GetDouble(), (double)diagonal / root.GetProperty("examples").GetInt64(), 12);
        }

        var predict = CliRunner.Run("classify", "predict", "--model", model, "--text", "abcd", "--text", "dcba", "--top", "1");
        Assert.True(predict.ExitCode == 0, predict.Error);
        Assert.StartsWith("abcd\tstarts_a ", predict.OutLines[0]);
        Assert.StartsWith("dcba\tother ", predict.OutLines[1]);

        string texts = _dir.File("new.txt");
        File.WriteAllText(texts, "acc\nbba\n");
        var fromFile = CliRunner.Run("classify", "predict", "--model", model, "--data", texts, "--json");
        Assert.True(fromFile.ExitCode == 0, fromFile.Error);
        using (var document = JsonDocument.Parse(fromFile.Out))
        {
            var first = document.RootElement[0];
            Assert.Equal("acc", first.GetProperty("text").GetString());
            var classes = first.GetProperty("classes");
            Assert.Equal(2, classes.GetArrayLength());
            Assert.Equal(1, classes[0].GetProperty("probability").GetDouble() + classes[1].GetProperty("probability").GetDouble(), 9);
        }

        string second = _dir.File("second.safetensors");
        Assert.Equal(0, Train(second, "--seed", "2").ExitCode);
        var ensemble = CliRunner.Run("classify", "eval", "--model", model, "--model", second, "--data", _tsv);
        Assert.True(ensemble.ExitCode == 0, ensemble.Error);
        Assert.Contains("ensemble of 2 models", ensemble.Out);
    }

    [Fact]
    public void A_run_resumes_where_it_stopped()
    {
        string model = _dir.File("run.safetensors");
        Assert.Equal(0, TrainFor(100, model).ExitCode);
        var resumed = CliRunner.Run("classify", "train", "--data", _tsv, "--resume", model, "--steps", "200", "--out", model);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Contains("resuming at step 100", resumed.Out);
        Assert.Contains("all steps done after 200 steps", resumed.Out);
        CliRunner.AssertUserError(CliRunner.Run("classify", "train", "--data", _tsv, "--resume", model, "--hidden", "8", "--out", model),
            "--hidden cannot be given with --resume");
        string other = _dir.File("other.tsv");
        File.WriteAllLines(other, File.ReadAllLines(_tsv).Take(400));
        CliRunner.AssertUserError(CliRunner.Run("classify", "train", "--data", other, "--resume", model, "--steps", "300", "--out", model),
            "trained on other examples");
    }

    [Fact]
    public void Numeric_sequences_train_and_evaluate()
    {
        string csv = _dir.File("readings.csv");
        var rng = new Rng(5);
        var rows = new List<string> { "id,step,x,label" };
        for (int id = 0; id < 120; id++)
        {
            bool rising = id % 2 == 0;
            int steps = 4 + rng.NextInt(8);
            for (int t = 0; t < steps; t++) // rising sequences climb, the others fall; both noisy
                rows.Add(FormattableString.Invariant($"s{id},{t},{(rising ? t : -t) + rng.NextDouble() - 0.5:F3},{(rising ? "up" : "down")}"));
        }
        File.WriteAllLines(csv, rows);
        string model = _dir.File("readings.safetensors");
        var train = CliRunner.Run("classify", "train", "--data", csv, "--sequence-column", "id", "--step-column", "step", "--hidden", "8", "--pool", "mean",
            "--steps", "200", "--eval-every", "100", "--out", model);
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("data: 120 sequences of 1 feature(s) (x)", train.Out);
        var eval = CliRunner.Run("classify", "eval", "--model", model, "--data", csv, "--sequence-column", "id", "--step-column", "step");
        Assert.True(eval.ExitCode == 0, eval.Error);
        Assert.Contains("accuracy 1.0000", eval.Out);
        CliRunner.AssertUserError(CliRunner.Run("classify", "predict", "--model", model, "--text", "abc"), "numeric sequences");

        // eval reads the rows as training did without being told; read another way, they are refused
        var saved = CliRunner.Run("classify", "eval", "--model", model, "--data", csv);
        Assert.True(saved.ExitCode == 0, saved.Error);
        Assert.Contains("accuracy 1.0000", saved.Out);
        string wide = _dir.File("wide.csv");
        File.WriteAllLines(wide, File.ReadAllLines(csv).Select((line, n) => line.Replace(",up", n == 0 ? ",up" : ",0,up").Replace(",down", ",0,down")
            .Replace("id,step,x,label", "id,step,x,y,label")));
        CliRunner.AssertUserError(CliRunner.Run("classify", "eval", "--model", model, "--data", wide, "--sequence-column", "id", "--step-column", "step"),
            "was read with the features x,y, not x");
        CliRunner.AssertUserError(CliRunner.Run("classify", "eval", "--model", model, "--data", csv, "--keep-repeats"), "--keep-repeats is for texts");

        // a test set of one class is scored (false alarms on normal data), not refused
        string ups = _dir.File("ups.csv");
        File.WriteAllLines(ups, File.ReadAllLines(csv).Where(line => !line.EndsWith(",down", StringComparison.Ordinal)));
        var single = CliRunner.Run("classify", "eval", "--model", model, "--data", ups);
        Assert.True(single.ExitCode == 0, single.Error);
        Assert.Contains("accuracy 1.0000", single.Out);
    }

    [Fact]
    public void Options_that_would_do_nothing_are_refused_and_overlapping_windows_are_pointed_out()
    {
        string csv = _dir.File("series.csv");
        var rng = new Rng(8);
        var rows = new List<string> { "id,step,x,label" };
        for (int id = 0; id < 2; id++)
            for (int t = 0; t < 200; t++)
                rows.Add(FormattableString.Invariant($"m{id},{t},{rng.NextDouble():F3},{(t % 50 < 10 ? "odd" : "normal")}"));
        File.WriteAllLines(csv, rows);
        string[] windows = ["--data", csv, "--sequence-column", "id", "--step-column", "step", "--window", "10", "--stride", "5", "--label-from", "last"];
        CliRunner.AssertUserError(Run([.. windows, "--embedding", "8"]), "--embedding is for texts");
        CliRunner.AssertUserError(Run("--data", _tsv, "--keep", "tail"), "give --max-len too");
        CliRunner.AssertUserError(Run("--data", _tsv, "--val-fraction", "0", "--patience", "3"), "--patience needs a validation part");
        CliRunner.AssertUserError(Run([.. windows, "--class-weights", "1,2,3"]), "one weight per class, 2 (normal, odd); got 3");
        CliRunner.AssertUserError(Run([.. windows, "--class-weights", "1,-2"]), "--class-weights takes balanced, or positive numbers");
        var train = Run([.. windows, "--hidden", "4", "--class-weights", "balanced"]);
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("note: windows of 10 every 5 overlap", train.Out);
        Assert.Matches(@"class weights normal 0\.6\d*, odd 2\.\d+", train.Out); // N / (2 n_c) with one window in five odd
    }

    [Fact]
    public void A_new_run_at_the_same_path_leaves_no_best_file_of_the_old_one()
    {
        string model = _dir.File("again.safetensors");
        Assert.Equal(0, TrainFor(100, model).ExitCode);
        string old = Assert.Single(Directory.GetFiles(_dir.Path, "again.step*.safetensors"));
        File.Move(old, _dir.File("again.step999999.val9.9999.safetensors")); // a best of another run, which no new best replaces
        Assert.Equal(0, TrainFor(100, model, "--seed", "3").ExitCode);
        string best = Assert.Single(Directory.GetFiles(_dir.Path, "again.step*.safetensors"));
        Assert.DoesNotContain("999999", best);
    }

    [Fact]
    public void Bad_inputs_are_refused_in_one_line()
    {
        string female = _dir.File("female.txt"), male = _dir.File("male.txt"), single = _dir.File("single.tsv");
        File.WriteAllText(female, "Anna\n\nMaria\n");
        File.WriteAllText(male, "Bob\nJohn\n");
        CliRunner.AssertUserError(Run("--class", $"female={female}", "--class", $"male={male}"), "line 2: the example is empty");

        CliRunner.AssertUserError(Run("--data", _tsv, "--label-column", "sex"), "sex");
        File.WriteAllLines(single, ["text\tlabel", "abc\tone", "abd\tone"]);
        CliRunner.AssertUserError(Run("--data", single), "only the class 'one'; a classifier needs at least two");

        File.WriteAllText(female, "Anna\nMaria\nEva\nLena\n");
        File.WriteAllText(male, "Bob\n");
        CliRunner.AssertUserError(Run("--class", $"female={female}", "--class", $"male={male}"), "The class 'male' has 1 example(s), too few");

        CliRunner.AssertUserError(Run(), "Give the labelled examples");
        CliRunner.AssertUserError(Run("--class", female), "--class takes NAME=FILE");
        CliRunner.AssertUserError(Run("--data", _tsv, "--pool", "sum"), "--pool must be final, mean, max or last");
        CliRunner.AssertUserError(Run("--data", _tsv, "--max-len", "5", "--keep", "middle"), "--keep must be head or tail");
        CliRunner.AssertUserError(Run("--data", _dir.File("missing.tsv")), "missing.tsv");

        CliRunner.AssertUserError(CliRunner.Run("classify", "predict", "--model", _dir.File("none.safetensors"), "--text", "x"), "none.safetensors");
        string model = _dir.File("m.safetensors");
        Assert.Equal(0, TrainFor(10, model).ExitCode);
        CliRunner.AssertUserError(CliRunner.Run("classify", "predict", "--model", model), "Give the texts to classify");
        string unknown = _dir.File("unknown.tsv");
        File.WriteAllLines(unknown, ["text\tlabel", "abc\tstarts_a", "bcd\tsomething"]);
        CliRunner.AssertUserError(CliRunner.Run("classify", "eval", "--model", model, "--data", unknown), "the label 'something' is not one of the model's classes");
    }

    private CliRun Run(params string[] args) => CliRunner.Run(["classify", "train", "--steps", "10", "--out", _dir.File("bad.safetensors"), .. args]);
}
