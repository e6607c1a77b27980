// `recurrent plot`: draws a metrics log to a PNG, by default next to it; bad input is one line on stderr
// and a non-zero exit code (1 for a bad file, 2 for a bad option).
using System.CommandLine;
using Recurrent.Cli;
using Recurrent.Tests.IO;
using Recurrent.Tests.Training;
using Recurrent.Training;

namespace Recurrent.Tests.Cli;

public sealed class PlotCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _metrics;

    public PlotCommandTests()
    {
        _metrics = _dir.File("model.metrics.csv");
        using var log = MetricsLog.Create(_metrics);
        foreach (var record in MetricsLogTests.Run(500, validateEvery: 50))
            log.Append(record);
    }

    public void Dispose() => _dir.Dispose();

    /// <summary>Runs `recurrent plot ARGS` through the app.</summary>
    private static CliRun Plot(params string[] args) => CliRunner.Run(["plot", .. args]);

    [Fact]
    public void Writes_the_PNG_next_to_the_log_by_default_leaving_the_one_training_drew()
    {
        File.WriteAllText(_dir.File("model.metrics.png"), "training's plot");
        var run = Plot("--metrics", _metrics);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Equal("training's plot", File.ReadAllText(_dir.File("model.metrics.png")));
        string png = _dir.File("model.metrics.plot.png");
        Assert.Equal($"wrote {png}: 500 step(s), 10 validation loss(es)\n", run.Out);
        Assert.Equal((900, 500), PlotPngTests.AssertPng(png));
    }

    [Fact]
    public void Writes_where_out_says_with_the_title_given()
    {
        string png = _dir.File("curves.PNG");
        var run = Plot("--metrics", _metrics, "--out", png, "--title", "2x128 LSTM on tinyshakespeare");
        Assert.True(run.ExitCode == 0, run.Error);
        PlotPngTests.AssertPng(png);
        Assert.False(File.Exists(_dir.File("model.metrics.png")));
    }

    [Fact]
    public void Refuses_bad_metrics_files_with_one_line()
    {
        string headerOnly = _dir.File("new.metrics.csv"), empty = _dir.File("empty.csv"), model = _dir.File("model.safetensors");
        MetricsLog.Create(headerOnly).Dispose();
        File.WriteAllBytes(empty, []);
        File.WriteAllBytes(model, [8, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'}', 0x20, 0x20, 0x20, 0x20, 0x20, 0x20]);

        AssertFails(Plot("--metrics", _dir.File("missing.csv")), CliApp.UserError, "does not exist");
        AssertFails(Plot("--metrics", headerOnly), CliApp.UserError, "has no records yet");
        AssertFails(Plot("--metrics", empty), CliApp.UserError, "is empty");
        AssertFails(Plot("--metrics", model, "--out", _dir.File("m.png")), CliApp.UserError, "is not a metrics log");
        AssertFails(Plot("--metrics", _dir.Path, "--out", _dir.File("d.png")), CliApp.UserError, "is a directory");
        Assert.DoesNotContain(_dir.ListFiles(), f => f.EndsWith(".png", StringComparison.Ordinal));
    }

    [Fact]
    public void Refuses_bad_options()
    {
        AssertFails(Plot(), CliApp.BadUsage, "--metrics");
        AssertFails(Plot("--metrics", _metrics, "--out", _dir.File("curves.jpg")), CliApp.BadUsage, "--out must name a .png file");
        File.Copy(_metrics, _dir.File("curves.png"));
        AssertFails(Plot("--metrics", _dir.File("curves.png"), "--out", _dir.File("curves.png")), CliApp.BadUsage, "--out would overwrite the metrics log");
        File.WriteAllText(_dir.File("plain"), "a file, not a folder");
        AssertFails(Plot("--metrics", _metrics, "--out", Path.Combine(_dir.Path, "plain", "x.png")), CliApp.BadUsage, "is a file, so");
        Directory.CreateDirectory(_dir.File("folder.png"));
        AssertFails(Plot("--metrics", _metrics, "--out", _dir.File("folder.png")), CliApp.BadUsage, "is a directory");
    }

    private static void AssertFails(CliRun run, int exitCode, string message)
    {
        CliRunner.AssertUserError(run, message);
        Assert.Equal(exitCode, run.ExitCode);
    }
}
