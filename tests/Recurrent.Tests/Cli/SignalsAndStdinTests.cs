// What only a real process shows: SIGTERM (what kill, timeout, systemd and container stops send) and SIGHUP stop a
// run as Ctrl+C does, saving a checkpoint that resumes to the uninterrupted run's bytes, with the shell's exit code
// for the signal; and '--data -' reads the text from standard input.
using System.Diagnostics;
using Recurrent.Tests.IO;

namespace Recurrent.Tests.Cli;

public sealed class SignalsAndStdinTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "Recurrent.Cli.dll");

    public void Dispose() => _dir.Dispose();

    private static string[] Train(string output, params string[] extra) =>
        ["train", "--data", "demo", "--out", output, "--hidden", "48", "--seq-len", "32", "--batch", "8", "--steps", "400",
         "--eval-every", "5", "--val-fraction", "0.001", "--print-every", "1000", "--threads", "1", .. extra];

    private static Process Start(string[] args, bool redirectInput = false) => Process.Start(new ProcessStartInfo("dotnet", [Cli, .. args])
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        RedirectStandardInput = redirectInput,
    })!;

    [Theory]
    [InlineData("TERM", 143)]
    [InlineData("HUP", 129)]
    public void A_stop_signal_saves_a_checkpoint_that_resumes_to_the_uninterrupted_runs_bytes(string signal, int exitCode)
    {
        if (!OperatingSystem.IsLinux())
            return;
        Directory.CreateDirectory(_dir.File("a"));
        Directory.CreateDirectory(_dir.File("b"));
        string a = _dir.File("a/m.safetensors"), b = _dir.File("b/m.safetensors");
        using (var process = Start(Train(b)))
        {
            var clock = Stopwatch.StartNew();
            while (!File.Exists(b) && !process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60))
                Thread.Sleep(5);
            Process.Start("kill", [$"-{signal}", process.Id.ToString()])!.WaitForExit();
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == exitCode, $"exit {process.ExitCode}: {error}");
            Assert.Contains("interrupted: stopped after step", error);
        }
        Assert.False(File.Exists(b + ".lock"));
        var uninterrupted = CliRunner.Run(Train(a));
        Assert.True(uninterrupted.ExitCode == 0, uninterrupted.Error);
        var resumed = CliRunner.Run("train", "--data", "demo", "--resume", b, "--out", b, "--threads", "1");
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
    }

    [Fact]
    public void Data_dash_reads_standard_input()
    {
        string model = _dir.File("m.safetensors");
        using var process = Start(["train", "--data", "-", "--out", model, "--hidden", "4", "--seq-len", "4", "--batch", "2", "--steps", "2",
            "--threads", "1"], redirectInput: true);
        process.StandardInput.Write(string.Concat(Enumerable.Repeat("read from a pipe; ", 30)));
        process.StandardInput.Close();
        string output = process.StandardOutput.ReadToEnd(), error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, error);
        Assert.Contains("data: standard input: 540 characters", output);

        using var empty = Start(["train", "--data", "-", "--out", model], redirectInput: true);
        empty.StandardInput.Close();
        string emptyError = empty.StandardError.ReadToEnd();
        empty.WaitForExit();
        Assert.Equal(1, empty.ExitCode);
        Assert.Equal("error: Standard input is empty.\n", emptyError.Replace("\r\n", "\n"));
    }

    [Fact]
    public void Dev_stdin_from_a_pipe_is_named_a_pipe_and_points_to_the_dash()
    {
        if (!OperatingSystem.IsLinux())
            return;
        using var process = Start(["train", "--data", "/dev/stdin", "--out", _dir.File("m.safetensors")], redirectInput: true);
        process.StandardInput.Write("text that is never read");
        process.StandardInput.Close();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(1, process.ExitCode);
        Assert.Equal("error: --data: '/dev/stdin' is a FIFO (named pipe), not a regular file; to read standard input, give '-'.\n",
            error.Replace("\r\n", "\n"));
    }
}
