// `recurrent gradients --model` reads task models (recurrent task ... --out) as well as character checkpoints, at
// their task's length by default, several side by side; a file of another format is refused in one line.
using System.Text.Json;
using Recurrent.Data;
using Recurrent.IO;
using Recurrent.Models;
using Recurrent.Tasks;
using Recurrent.Tests.Diagnostics;
using Recurrent.Tests.IO;

namespace Recurrent.Tests.Cli;

public sealed class GradientsTaskModelTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string SaveTaskModel(string name, CellKind cell, SequenceTask task)
    {
        string path = _dir.File(name);
        var model = new RecurrentModel<float>(task.ModelSpec(cell, 4, 1));
        model.Initialize(1);
        ModelFile.Save(path, TaskModels.Bundle(model, task));
        return path;
    }

    private static string[] Columns(string header) =>
        header.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public void Given_a_task_model_when_measuring_then_it_reads_its_task_at_its_length()
    {
        string model = SaveTaskModel("adding.safetensors", CellKind.Lstm, new AddingTask(12));

        var run = DiagnosticsCli.Run("gradients", "--model", model, "--samples", "2", "--all-rows");

        Assert.True(run.ExitCode == 0, run.Error);
        string[] lines = run.OutLines;
        Assert.StartsWith("loss u·h(T-1) on the last of T = 12 steps", lines[0]);
        Assert.Contains("adding task model trained at T = 12, lstm, H = 4, L = 1, reading sequences of its task", lines[1]);
        Assert.Equal(["k", "lstm dh", "lstm dx"], Columns(lines[2]));
        Assert.Equal(["0", "1.000e+00"], lines[3].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..2]);
        Assert.Equal("11", lines[14].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]);
        Assert.StartsWith("dh(k=11) / dh(k=1): lstm ", lines[15]);
    }

    [Fact]
    public void Several_models_are_measured_side_by_side_under_their_file_names()
    {
        string rnn = SaveTaskModel("adding-rnn.safetensors", CellKind.Rnn, new AddingTask(10));
        string lstm = SaveTaskModel("adding-lstm.safetensors", CellKind.Lstm, new AddingTask(10));
        string order = SaveTaskModel("order.safetensors", CellKind.Gru, new TemporalOrderTask(10));
        string character = _dir.File("char.safetensors");
        var model = ModelBundle.ForCharacters(CellKind.Gru, Vocabulary.FromText("abc "), hidden: 4, layers: 1);
        model.Network.Initialize(1);
        ModelFile.Save(character, model);
        string png = _dir.File("flow.png");

        var run = DiagnosticsCli.Run("gradients", "--model", rnn, "--model", lstm, "--model", order, "--model", character,
            "--samples", "2", "--png", png);
        var json = DiagnosticsCli.Run("gradients", "--model", rnn, "--model", lstm, "--length", "8", "--samples", "2", "--json");

        Assert.True(run.ExitCode == 0, run.Error);
        string[] lines = run.OutLines;
        Assert.StartsWith("loss u·h(T-1) on the last of T = 10 steps", lines[0]); // the task models' length
        Assert.Contains("adding-rnn.safetensors: adding task model", lines[1]);
        Assert.Contains("adding-lstm.safetensors: adding task model", lines[2]);
        Assert.Contains("order.safetensors: temporal-order task model", lines[3]);
        Assert.Contains("char.safetensors: gru, H = 4, L = 1, reading random characters", lines[4]);
        Assert.Equal(["k", "adding-rnn dh", "adding-rnn dx", "adding-lstm dh", "adding-lstm dx", "order dh", "order dx", "char dh", "char dx"],
            Columns(lines[5]));
        Assert.StartsWith("dh(k=9) / dh(k=1): adding-rnn ", lines[^2]);
        Assert.Equal($"wrote {png}", lines[^1]);
        Assert.True(File.Exists(png));

        Assert.True(json.ExitCode == 0, json.Error);
        using var document = JsonDocument.Parse(json.Out);
        var results = document.RootElement.GetProperty("results");
        Assert.Equal(["adding-rnn", "adding-lstm"], results.EnumerateArray().Select(r => r.GetProperty("label").GetString()));
        Assert.All(results.EnumerateArray(), r => Assert.Equal(8, r.GetProperty("hiddenNorms").GetArrayLength()));
    }

    [Fact]
    public void Options_that_do_not_fit_a_task_model_get_one_line()
    {
        string model = SaveTaskModel("adding.safetensors", CellKind.Gru, new AddingTask(12));
        string longer = SaveTaskModel("adding-20.safetensors", CellKind.Gru, new AddingTask(20));

        CliRunner.AssertUserError(DiagnosticsCli.Run("gradients", "--model", model, "--length", "3"), "--length must be at least 4 for the adding task");
        CliRunner.AssertUserError(DiagnosticsCli.Run("gradients", "--model", model, "--text", "abc"), "--text is read by character models");
        CliRunner.AssertUserError(DiagnosticsCli.Run("gradients", "--model", model, "--cell", "rnn"), "--cell describes a fresh model");
        CliRunner.AssertUserError(DiagnosticsCli.Run("gradients", "--model", model, "--model", longer), "different lengths (12, 20): give --length");
        Assert.Equal(0, DiagnosticsCli.Run("gradients", "--model", model, "--model", longer, "--length", "6", "--samples", "1").ExitCode);
    }

    [Fact]
    public void A_file_of_an_unknown_format_or_another_kind_of_model_gets_one_line()
    {
        string other = _dir.File("other.safetensors");
        SafetensorsFile.Write(other, [new SafetensorsTensor("w", [1], [1f])], new Dictionary<string, string> { ["format"] = "someone-else-3" });
        string regression = _dir.File("regression.safetensors");
        ModelFile.Save(regression, new ModelBundle(new RecurrentModel<float>(
            new ModelSpec(CellKind.Gru, InputKind.Dense, 3, 4, 1, 2) { Head = HeadKind.Regression, Readout = Readout.EveryStep })));

        var unknown = DiagnosticsCli.Run("gradients", "--model", other);
        var notMeasured = DiagnosticsCli.Run("gradients", "--model", regression);

        CliRunner.AssertUserError(unknown, "its format is \"someone-else-3\", not a Recurrent model's");
        Assert.Equal(1, unknown.ExitCode);
        CliRunner.AssertUserError(notMeasured, "is a GRU 1x4 model of 3 real-valued inputs with a regression head of 2 values at every step; " +
            "gradients reads character models and task models");
        Assert.Equal(2, notMeasured.ExitCode);
    }

    [Fact]
    public void A_malformed_file_gets_one_line_and_the_bad_checkpoint_exit_code()
    {
        string garbage = _dir.File("garbage.safetensors");
        File.WriteAllText(garbage, "not a safetensors file");
        string broken = _dir.File("broken.safetensors");
        SafetensorsFile.Write(broken, [new SafetensorsTensor("w", [1], [1f])], new Dictionary<string, string> { ["format"] = ModelFile.TaskFormatName });

        var notSafetensors = DiagnosticsCli.Run("gradients", "--model", garbage);
        var notATaskModel = DiagnosticsCli.Run("gradients", "--model", broken);

        CliRunner.AssertUserError(notSafetensors, "garbage.safetensors");
        CliRunner.AssertUserError(notATaskModel, "is not a valid Recurrent model: its metadata has no \"cell\"");
        Assert.Equal(1, notSafetensors.ExitCode);
        Assert.Equal(1, notATaskModel.ExitCode);
    }
}
