// `recurrent gradients` prints one row per distance with every cell side by side, JSON with every norm, a
// log-scale PNG, and refuses options that do not fit together.
using System.Text.Json;
using Recurrent.Cli.Plotting;
using Recurrent.Data;
using Recurrent.IO;
using Recurrent.Models;
using Recurrent.Tests.Diagnostics;
using Recurrent.Tests.IO;

namespace Recurrent.Tests.Cli;

public sealed class GradientsCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly string[] Small = ["gradients", "--hidden", "6", "--vocab", "5", "--length", "12", "--samples", "2"];

    [Fact]
    public void Given_fresh_models_when_measuring_all_cells_then_each_row_has_every_cell()
    {
        var run = DiagnosticsCli.Run([.. Small, "--all-rows"]);

        Assert.True(run.ExitCode == 0, run.Error);
        string[] lines = run.OutLines;
        Assert.StartsWith("loss u·h(T-1) on the last of T = 12 steps", lines[0]);
        Assert.Contains("H = 6, L = 1, one-hot input over 5 random tokens, seed 1", lines[1]);
        Assert.Equal(["k", "rnn dh", "rnn dx", "lstm dh", "lstm dx", "gru dh", "gru dx"],
            lines[2].Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        string[] first = lines[3].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["0", "1.000e+00"], first[..2]);
        Assert.Equal("1.000e+00", first[3]);
        Assert.Equal("11", lines[14].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]);
        Assert.StartsWith("dh(k=11) / dh(k=1): rnn ", lines[15]);
        Assert.Equal(16, lines.Length);
    }

    [Fact]
    public void Without_all_rows_a_long_sequence_shows_a_selection_of_distances()
    {
        Assert.Equal([0, 1, 2, 3, 4, 5, 10, 15, 20, 25, 30, 40, 50, 60, 70, 80, 90, 99],
            Recurrent.Cli.GradientsCommand.ShownDistances(100, all: false));
    }

    [Fact]
    public void Json_holds_every_norm_of_every_cell()
    {
        string png = _dir.File("flow.png");
        var run = DiagnosticsCli.Run([.. Small, "--cell", "lstm", "--forget-bias", "1", "--json", "--png", png]);

        Assert.True(run.ExitCode == 0, run.Error);
        using var document = JsonDocument.Parse(run.Out);
        var root = document.RootElement;
        Assert.Equal(12, root.GetProperty("length").GetInt32());
        var result = Assert.Single(root.GetProperty("results").EnumerateArray());
        Assert.Equal("lstm", result.GetProperty("cell").GetString());
        Assert.Equal(12, result.GetProperty("hiddenNorms").GetArrayLength());
        Assert.Equal(1, result.GetProperty("hiddenNorms")[0].GetDouble(), 12);
        Assert.Equal(12, result.GetProperty("inputNorms").GetArrayLength());
        Assert.Equal((GradientFlowPlot.DefaultWidth, GradientFlowPlot.DefaultHeight), PlotPngTests.AssertPng(png));
    }

    [Fact]
    public void A_checkpoint_is_measured_on_random_characters_or_windows_of_a_text()
    {
        string model = _dir.File("m.safetensors");
        var character = ModelBundle.ForCharacters(CellKind.Gru, Vocabulary.FromText("abc "), hidden: 4, layers: 2);
        character.Network.Initialize(1);
        ModelFile.Save(model, character);

        var random = DiagnosticsCli.Run("gradients", "--model", model, "--length", "6", "--samples", "2");
        var text = DiagnosticsCli.Run("gradients", "--model", model, "--length", "6", "--samples", "2", "--text", "abc cab bca");

        Assert.True(random.ExitCode == 0, random.Error);
        Assert.True(text.ExitCode == 0, text.Error);
        Assert.Contains("gru, H = 4, L = 2, reading random characters of its vocabulary", random.OutLines[1]);
        Assert.Contains("reading windows of --text", text.OutLines[1]);
        Assert.Equal(["k", "gru dh", "gru dx"],
            random.OutLines[2].Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

        CliRunner.AssertUserError(DiagnosticsCli.Run("gradients", "--model", model, "--length", "20", "--text", "abc"), "fewer than --length 20");
        CliRunner.AssertUserError(DiagnosticsCli.Run("gradients", "--model", model, "--text", "xyz"), "not in the model's vocabulary");
        CliRunner.AssertUserError(DiagnosticsCli.Run("gradients", "--model", model, "--hidden", "8"), "--hidden describes a fresh model");
        CliRunner.AssertUserError(DiagnosticsCli.Run("gradients", "--model", model, "--forget-bias", "1"), "--forget-bias describes a fresh model");
    }

    [Fact]
    public void Bad_options_get_one_line_and_a_non_zero_exit_code()
    {
        CliRunner.AssertUserError(DiagnosticsCli.Run("gradients", "--cell", "tcn"), "--cell must be rnn, lstm, gru or all");
        CliRunner.AssertUserError(DiagnosticsCli.Run("gradients", "--length", "1"), "--length must be at least 2");
        CliRunner.AssertUserError(DiagnosticsCli.Run("gradients", "--samples", "0"), "--samples must be at least 1");
        CliRunner.AssertUserError(DiagnosticsCli.Run("gradients", "--hidden", "0"), "--hidden must be at least 1");
        CliRunner.AssertUserError(DiagnosticsCli.Run("gradients", "--forget-bias", "NaN"), "--forget-bias must be a number");
        CliRunner.AssertUserError(DiagnosticsCli.Run("gradients", "--text", "abc"), "--text is read by a trained model");
        CliRunner.AssertUserError(DiagnosticsCli.Run("gradients", "--png", _dir.File("flow.svg")), "--png must name a .png file");
        CliRunner.AssertUserError(DiagnosticsCli.Run("gradients", "--model", _dir.File("none.safetensors")), "none.safetensors");
    }
}
