// Training a user can leave running, through the command line: resume, Ctrl+C, and the guards.
using Recurrent.Models;
using Recurrent.Cli;
using Recurrent.IO;
using Recurrent.Tests.IO;

namespace Recurrent.Tests.Cli;

public sealed class ResumeCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string[] Train(string output, params string[] extra) =>
        ["train", "--data", "demo", "--out", output, "--hidden", "8", "--layers", "2", "--dropout", "0.1", "--seq-len", "16",
         "--batch", "4", "--val-fraction", "0.002", "--print-every", "1", .. extra];

    [Fact]
    public void Ten_steps_then_a_resume_to_twenty_equal_twenty_steps()
    {
        Directory.CreateDirectory(_dir.File("a"));
        Directory.CreateDirectory(_dir.File("b"));
        string a = _dir.File("a/m.safetensors"), b = _dir.File("b/m.safetensors");
        Assert.Equal(0, CliRunner.Run(Train(a, "--steps", "20", "--eval-every", "5")).ExitCode);
        Assert.Equal(0, CliRunner.Run(Train(b, "--steps", "10", "--eval-every", "5")).ExitCode);
        var resumed = CliRunner.Run("train", "--data", "demo", "--resume", b, "--out", b, "--steps", "20", "--print-every", "1");
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Contains("resuming", resumed.Out);
        Assert.Contains("step     11/20", resumed.Out);
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));

        // The metrics logs agree too, but for the timing columns.
        static object[] Values(string checkpoint) => Recurrent.Training.MetricsLog.Read(Recurrent.Training.MetricsLog.PathFor(checkpoint))
            .Select(r => (object)(r.Step, r.Epoch, r.TrainLoss, r.ValidationLoss, r.LearningRate, r.GradientNorm)).ToArray();
        Assert.Equal(20, Values(a).Length);
        Assert.Equal(Values(a), Values(b));
        Assert.True(File.Exists(_dir.File("b/m.metrics.png")));
    }

    [Fact]
    public void Ctrl_C_saves_a_resumable_checkpoint_and_exits_130()
    {
        string path = _dir.File("m.safetensors");
        using var cancellation = new CancellationTokenSource();
        var output = new CancellingWriter("step      3/", cancellation);
        var error = new StringWriter();
        int code = CliApp.Run(Train(path, "--steps", "50", "--eval-every", "5"), new CliContext(output, error, cancellation.Token));
        Assert.Equal(CliApp.Interrupted, code);
        Assert.Contains("interrupted: stopped after step 3", error.ToString());
        Assert.Contains("--resume", error.ToString());
        Assert.Equal("3", ModelFile.Load(path).Metadata["steps"]);

        var resumed = CliRunner.Run("train", "--data", "demo", "--resume", path, "--out", path);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Equal("50", ModelFile.Load(path).Metadata["steps"]);
    }

    [Fact]
    public void A_run_stopped_before_its_first_record_leaves_no_header_only_metrics_log()
    {
        string path = _dir.File("m.safetensors");
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();
        var error = new StringWriter();
        int code = CliApp.Run(Train(path, "--steps", "50"), new CliContext(new StringWriter(), error, cancellation.Token));
        Assert.True(code == CliApp.Interrupted, error.ToString());
        Assert.False(File.Exists(_dir.File("m.metrics.csv")));
        Assert.False(File.Exists(_dir.File("m.metrics.png")));
        Assert.False(File.Exists(path + ".lock"));
    }

    [Fact]
    public void Resume_refuses_settings_that_the_checkpoint_fixes_and_bad_checkpoints()
    {
        string path = _dir.File("m.safetensors");
        Assert.Equal(0, CliRunner.Run(Train(path, "--steps", "2")).ExitCode);
        CliRunner.AssertUserError(CliRunner.Run("train", "--data", "demo", "--resume", path, "--out", path, "--hidden", "16"),
            "--hidden cannot be given with --resume");
        CliRunner.AssertUserError(CliRunner.Run("train", "--data", "demo", "--resume", _dir.File("none.safetensors"), "--out", path),
            "does not exist");
        string other = _dir.File("other.txt");
        File.WriteAllText(other, "a completely different text, with Zebras and \u00e9\u00e9\u00e9\n");
        CliRunner.AssertUserError(CliRunner.Run("train", "--data", other, "--resume", path, "--out", path), "Cannot resume");
    }

    [Fact]
    public void A_loss_that_explodes_stops_with_one_line_naming_the_intact_checkpoint()
    {
        string path = _dir.File("m.safetensors");
        var run = CliRunner.Run(Train(path, "--steps", "200", "--optimizer", "sgd", "--lr", "80", "--clip", "0",
            "--eval-every", "1", "--explode-factor", "1.2"));
        CliRunner.AssertUserError(run, "is intact");
        Assert.All(ModelFile.Load(path).Network.Parameters.Values, v => Assert.True(float.IsFinite(v)));
    }

    /// <summary>Cancels the run's token when a line containing <paramref name="trigger"/> is printed: a Ctrl+C at that moment.</summary>
    private sealed class CancellingWriter(string trigger, CancellationTokenSource cancellation) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value is not null && value.Contains(trigger))
                cancellation.Cancel();
        }
    }
}
