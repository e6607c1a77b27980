// `recurrent trace` prints the notes' worked example as the notes explain it, JSON that reads back, a heatmap PNG,
// and refuses bad input with one line.
using Recurrent.Models;
using Recurrent.Diagnostics;
using Recurrent.IO;
using Recurrent.Tests.Diagnostics;
using Recurrent.Tests.IO;
using SkiaSharp;

namespace Recurrent.Tests.Cli;

public sealed class TraceCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _model;

    public TraceCommandTests()
    {
        _model = _dir.File("help.safetensors");
        ModelFile.Save(_model, WorkedExampleModel.Create());
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Given_the_worked_example_when_tracing_h_then_the_table_shows_the_notes_numbers()
    {
        var run = DiagnosticsCli.Run("trace", "--model", _model, "--text", "hel");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal(
        [
            "lstm, 1 layer of 2 units, 3 steps from a zero state",
            "t=0 'h' (index 0)",
            "  f     0.8000   0.3000",
            "  i     0.5000   0.7000",
            "  C~    0.2000  -0.1000",
            "  C     0.1000  -0.0700",
            "  o     0.9000   0.6000",
            "  h     0.0897  -0.0419",
            "t=1 'e' (index 1)",
        ], run.OutLines[..9]);
        Assert.Contains("t=2 'l' (index 2)", run.OutLines);
        Assert.Equal(1 + 3 * 7, run.OutLines.Length);
    }

    [Fact]
    public void Units_and_layer_options_cut_the_table_down()
    {
        var run = DiagnosticsCli.Run("trace", "--model", _model, "--text", "h", "--units", "1", "--layer", "0");

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.EndsWith("; showing units 0-0 of 2", run.OutLines[0]);
        Assert.Contains("  f     0.8000  … (+1)", run.OutLines);
    }

    [Fact]
    public void Json_output_is_the_trace_and_nothing_else()
    {
        string png = _dir.File("trace.png");
        var run = DiagnosticsCli.Run("trace", "--model", _model, "--text", "help", "--json", "--png", png);

        Assert.True(run.ExitCode == 0, run.Error);
        var trace = GateTraceJson.Read(run.Out);
        Assert.Equal(4, trace.Steps.Count);
        Assert.Equal("p", trace.Steps[3].Char);
        Assert.Equal(0.8f, trace.Steps[0].Layers[0]["f"][0], 6);
        Assert.True(File.Exists(png));
    }

    [Fact]
    public void The_PNG_stacks_one_heatmap_per_quantity()
    {
        string png = _dir.File("trace.png");
        var run = DiagnosticsCli.Run("trace", "--model", _model, "--text", "help", "--png", png);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal($"wrote {png}", run.OutLines[^1]);
        var (width, height) = PlotPngTests.AssertPng(png);
        Assert.Equal(6 * 150, height); // six panels of the smallest height
        Assert.True(width >= 700);
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal(width, bitmap.Width);
        Assert.Equal(["help.safetensors", "trace.png"], _dir.ListFiles());
    }

    [Fact]
    public void Bad_input_gets_one_line_and_a_non_zero_exit_code()
    {
        string garbage = _dir.File("garbage.safetensors");
        File.WriteAllBytes(garbage, [1, 2, 3]);
        CliRunner.AssertUserError(DiagnosticsCli.Run("trace", "--model", _model, "--text", "hex"), "'x' (U+0078) is not in the model's vocabulary");
        CliRunner.AssertUserError(DiagnosticsCli.Run("trace", "--model", _model, "--text", ""), "--text must not be empty");
        CliRunner.AssertUserError(DiagnosticsCli.Run("trace", "--model", garbage, "--text", "h"), "garbage.safetensors");
        CliRunner.AssertUserError(DiagnosticsCli.Run("trace", "--model", _dir.File("missing.safetensors"), "--text", "h"), "missing.safetensors");
        CliRunner.AssertUserError(DiagnosticsCli.Run("trace", "--model", _model, "--text", "h", "--layer", "1"), "--layer must be in [0, 0]");
        CliRunner.AssertUserError(DiagnosticsCli.Run("trace", "--model", _model, "--text", "h", "--units", "0"), "--units must be at least 1");
        CliRunner.AssertUserError(DiagnosticsCli.Run("trace", "--model", _model, "--text", "h", "--png", _dir.File("x.jpg")), "--png must name a .png file");
        File.WriteAllText(_dir.File("plain"), "a file, not a folder");
        CliRunner.AssertUserError(DiagnosticsCli.Run("trace", "--model", _model, "--text", "h", "--png", _dir.File("plain/x.png")), "is a file, so");
        CliRunner.AssertUserError(DiagnosticsCli.Run("trace", "--text", "h"), "--model");
    }

    [Fact]
    public void A_page_is_one_self_contained_file_with_the_trace_in_it()
    {
        string page = _dir.File("help.html");
        var run = DiagnosticsCli.Run("trace", "--model", _model, "--text", "help", "--html", page);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal($"wrote {page}", run.OutLines[^1]);
        string html = File.ReadAllText(page);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", ""));  // the SVG namespace is a name, not a fetch
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("src=", html);                                               // no external script, image or font
        Assert.DoesNotContain("/*TRACE_DATA*/", html);
        Assert.Contains("\"cell\":\"lstm\"", html);
        Assert.InRange(new FileInfo(page).Length, 10_000, 60_000);
    }

    [Fact]
    public void The_worked_example_needs_no_model_and_reads_h()
    {
        string page = _dir.File("notes.html");
        var run = DiagnosticsCli.Run("trace", "--worked-example", "--html", page);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("  C     0.1000  -0.0700", run.OutLines);
        Assert.Contains("  h     0.0897  -0.0419", run.OutLines);
        Assert.Contains("worked example: an LSTM cell reads", File.ReadAllText(page));
    }

    [Fact]
    public void Bad_page_input_gets_one_line_and_writes_nothing()
    {
        string page = _dir.File("bad.html");
        CliRunner.AssertUserError(DiagnosticsCli.Run("trace", "--model", _model, "--text", "hex", "--html", page), "'x' (U+0078) is not in the model's vocabulary");
        CliRunner.AssertUserError(DiagnosticsCli.Run("trace", "--model", _model, "--text", "", "--html", page), "--text must not be empty");
        var tooLong = DiagnosticsCli.Run("trace", "--model", _model, "--text", new string('h', GateTracePage.MaxSteps + 1), "--html", page);
        CliRunner.AssertUserError(tooLong, "a page shows at most 2,000");
        Assert.Empty(tooLong.Out);
        CliRunner.AssertUserError(DiagnosticsCli.Run("trace", "--model", _model, "--text", "h", "--active", "1"), "--active chooses the units of the page");
        CliRunner.AssertUserError(DiagnosticsCli.Run("trace", "--model", _model, "--text", "h", "--html", page, "--units", "1", "--active", "1"), "not both");
        CliRunner.AssertUserError(DiagnosticsCli.Run("trace", "--model", _model, "--worked-example", "--html", page), "leave out --model");
        CliRunner.AssertUserError(DiagnosticsCli.Run("trace", "--worked-example", "--text", "hat", "--html", page), "'a' (U+0061) is not in the model's vocabulary");
        CliRunner.AssertUserError(DiagnosticsCli.Run("trace", "--model", _model, "--text", "h", "--html", _dir.Path), "directory");
        Assert.False(File.Exists(page));
    }

    [Fact]
    public void A_page_too_wide_for_its_text_says_the_limit()
    {
        var wide = ModelBundle.ForCharacters(CellKind.Lstm, Recurrent.Data.Vocabulary.FromText("ab"), hidden: 64, layers: 3);
        string model = _dir.File("wide.safetensors");
        ModelFile.Save(model, wide);
        var run = DiagnosticsCli.Run("trace", "--model", model, "--text", string.Concat(Enumerable.Repeat("ab", 300)), "--html", _dir.File("wide.html"));
        CliRunner.AssertUserError(run, "a page holds at most 500,000");
        Assert.Contains("691,200 values", run.Error);
        var one = DiagnosticsCli.Run("trace", "--model", model, "--text", string.Concat(Enumerable.Repeat("ab", 300)), "--html", _dir.File("wide.html"),
            "--layer", "2", "--json");
        Assert.True(one.ExitCode == 0, one.Error);
    }
}
