// `recurrent task`: progress lines and final metrics for regression and classification, --json as one document
// (progress on stderr), --out and --plot files, --compare with an earlier run, and bad options refused in one line.
using System.Text.Json;
using Recurrent.Models;
using Recurrent.Cli.Plotting;
using Recurrent.Tasks;
using Recurrent.Tests.Cli;
using Recurrent.Tests.IO;

namespace Recurrent.Tests.Tasks;

public sealed class TaskCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly string[] Small = ["--hidden", "4", "--batch", "4", "--steps", "6", "--eval-every", "3", "--test-size", "20"];

    [Fact]
    public void Adding_prints_a_line_per_evaluation_and_the_fraction_solved_and_mse_against_the_constant_predictor()
    {
        var run = TaskCli.Run(["task", "adding", "--cell", "rnn", "--length", "8", .. Small]);
        Assert.True(run.ExitCode == 0, run.Error);
        string[] lines = run.OutLines;
        Assert.StartsWith("task: adding problem, T = 8", lines[0]);
        Assert.StartsWith("model: rnn, 1 layer(s) of 4", lines[1]);
        Assert.Equal(3, lines.Count(l => l.StartsWith("step ")));
        Assert.Contains(lines, l => l.StartsWith("step       6") && l.Contains("test mse") && l.Contains("solved"));
        Assert.Contains(lines, l => l.StartsWith("stopped: all steps done after 6 steps"));
        Assert.Contains(lines, l => l.StartsWith("held-out: ") && l.Contains("of 20 sequences solved (|error| < 0.04)"));
        Assert.Contains(lines, l => l.StartsWith("held-out MSE ") && l.Contains("constant predictor") && l.Contains("(0.04167 expected)"));
    }

    [Fact]
    public void Zoneout_is_part_of_the_task_model_and_its_json()
    {
        string model = _dir.File("zoned.safetensors");
        var run = TaskCli.Run(["task", "adding", "--length", "8", "--zoneout-hidden", "0.1", "--zoneout-cell", "0.4", "--out", model, .. Small]);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.StartsWith("model: lstm, 1 layer(s) of 4, zoneout h 0.1, zoneout C 0.4, ", run.OutLines[1]);
        Assert.Equal((0.1, 0.4), (ModelFile.Load(model).Spec.ZoneoutHidden, ModelFile.Load(model).Spec.ZoneoutCell));
        var json = TaskCli.Run(["task", "adding", "--length", "8", "--zoneout-hidden", "0.1", "--json", .. Small]);
        using var document = JsonDocument.Parse(json.Out);
        Assert.Equal((0.1, 0.0), (document.RootElement.GetProperty("zoneout_hidden").GetDouble(), document.RootElement.GetProperty("zoneout_cell").GetDouble()));
        CliRunner.AssertUserError(TaskCli.Run(["task", "--resume", model, "--out", model, "--zoneout-hidden", "0.2"]),
            "--zoneout-hidden cannot be given with --resume");
    }

    [Fact]
    public void Classification_tasks_report_accuracy_against_chance()
    {
        var run = TaskCli.Run(["task", "temporal-order", "--length", "12", "--cell", "gru", .. Small]);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains(run.OutLines, l => l.StartsWith("step ") && l.Contains("accuracy") && l.Contains("(chance 25.0%)"));
        Assert.Contains(run.OutLines, l => l.StartsWith("held-out accuracy ") && l.Contains("(chance 25.0%)"));
    }

    [Fact]
    public void Json_prints_one_document_and_sends_progress_to_stderr_and_out_and_plot_write_files()
    {
        string model = _dir.File("recall.safetensors"), plot = _dir.File("recall.png");
        var run = TaskCli.Run(["task", "recall", "--length", "5", "--chrono", "--json", "--out", model, "--plot", plot, .. Small]);
        Assert.True(run.ExitCode == 0, run.Error);
        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        Assert.Equal("recall", root.GetProperty("task").GetString());
        Assert.Equal("lstm", root.GetProperty("cell").GetString());
        Assert.Equal("stepsdone", root.GetProperty("end").GetString());
        Assert.Equal(0.125, root.GetProperty("chance").GetDouble());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("constant_mse_expected").ValueKind);
        Assert.Equal(3, root.GetProperty("history").GetArrayLength());
        Assert.Equal(6, root.GetProperty("final").GetProperty("step").GetInt64());
        Assert.Contains("step       0", run.Error);
        var bundle = ModelFile.Load(model);
        var (task, loaded) = (TaskModels.TaskOf(bundle, model), bundle.Network);
        Assert.Equal(5, task.Length);
        Assert.Equal(4, loaded.Spec.Hidden);
        Assert.Equal((TaskPlot.DefaultWidth, TaskPlot.DefaultHeight), PlotPngTests.AssertPng(plot));
    }

    [Fact]
    public void Compare_draws_an_earlier_run_of_the_same_task_and_refuses_another_task()
    {
        string saved = _dir.File("rnn.json"), plot = _dir.File("both.png");
        var first = TaskCli.Run(["task", "adding", "--length", "8", "--cell", "rnn", "--json", .. Small]);
        Assert.True(first.ExitCode == 0, first.Error);
        File.WriteAllText(saved, first.Out);
        var second = TaskCli.Run(["task", "adding", "--length", "8", "--plot", plot, "--compare", saved, .. Small]);
        Assert.True(second.ExitCode == 0, second.Error);
        PlotPngTests.AssertPng(plot);

        CliRunner.AssertUserError(TaskCli.Run(["task", "adding", "--length", "9", "--plot", plot, "--compare", saved, .. Small]),
            "is a run of adding at T = 8, not adding at T = 9");
        File.WriteAllText(saved, "{}");
        CliRunner.AssertUserError(TaskCli.Run(["task", "adding", "--length", "8", "--plot", plot, "--compare", saved, .. Small]),
            "is not the JSON of a task run");
    }

    public static TheoryData<string[], string> BadOptions() => new()
    {
        { ["task", "parity"], "NAME must be one of adding, temporal-order, recall, reber (got 'parity')" },
        { ["task", "temporal-order", "--length", "9"], "--length must be at least 10 for temporal-order (got 9)" },
        { ["task", "adding", "--length", "3"], "--length must be at least 4 for adding (got 3)" },
        { ["task", "adding", "--cell", "tcn"], "--cell must be lstm, gru or rnn" },
        { ["task", "adding", "--cell", "gru", "--chrono"], "--chrono applies to --cell lstm only" },
        { ["task", "adding", "--cell", "gru", "--zoneout-cell", "0.2"], "--zoneout-cell applies to --cell lstm only" },
        { ["task", "adding", "--zoneout-hidden", "1"], "--zoneout-hidden must be" },
        { ["task", "adding", "--hidden", "0"], "--hidden must be at least 1 (got 0)" },
        { ["task", "adding", "--batch", "0"], "--batch must be at least 1" },
        { ["task", "adding", "--lr", "0"], "--lr must be a positive number" },
        { ["task", "adding", "--clip=-1"], "--clip must be a number of at least 0" },
        { ["task", "adding", "--minutes=-1"], "--minutes must be a number of at least 0" },
        { ["task", "adding", "--eval-every", "0"], "--eval-every must be at least 1" },
        { ["task", "adding", "--test-size", "0"], "--test-size must be at least 1" },
        { ["task", "adding", "--target", "0"], "--target must be a positive number" },
        { ["task", "adding", "--plot", "curve.svg"], "--plot must name a .png file" },
        { ["task", "adding", "--compare", "run.json"], "--compare draws into the --plot PNG: give --plot too" },
        { ["task", "adding", "--out", "/dev/null/m.safetensors"], "--out: '/dev/null' is a file, so '/dev/null/m.safetensors' cannot be made in it" },
        { ["task", "adding", "--out", "/dev/null"], "--out: '/dev/null' is a character device; give the path of a file to write" },
        { ["task", "adding", "--out", ""], "--out must not be empty" },
        { ["task", "adding", "--hidden", "many"], "many" },
        { ["task"], "NAME is required: one of adding, temporal-order, recall, reber" },
        { ["task", "adding", "--schedule", "step"], "--schedule step decays the rate per epoch, and a task run draws fresh batches every step" },
        { ["task", "adding", "--warmup", "10"], "--warmup applies to --schedule cosine only" },
        { ["task", "adding", "--momentum", "0.5"], "--momentum applies to --optimizer sgd only" },
        { ["task", "--resume", "m.safetensors"], "--resume needs --out" },
        { ["task", "adding", "--resume", "m.safetensors", "--out", "m.safetensors"], "NAME cannot be given with --resume" },
        { ["task", "--resume", "m.safetensors", "--out", "m.safetensors", "--hidden", "8"], "--hidden cannot be given with --resume" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Bad_options_are_refused_in_one_line(string[] args, string message) =>
        CliRunner.AssertUserError(TaskCli.Run(args), message);

    [Fact]
    public void A_missing_compare_file_is_refused()
    {
        var run = TaskCli.Run(["task", "adding", "--plot", _dir.File("x.png"), "--compare", _dir.File("missing.json")]);
        CliRunner.AssertUserError(run, "--compare: ");
        Assert.Contains("does not exist", run.Error);
    }
}
