// The resume check the training options share: `train` for 10 steps, and `train` for 5 then `--resume` to 10, must
// write the same bytes. Returns the uninterrupted run's checkpoint for further checks.
using Recurrent.Tests.Cli;
using Recurrent.Tests.IO;

namespace Recurrent.Tests.Training;

internal static class ResumeRuns
{
    /// <param name="dir">Where the two runs go (a/ and b/).</param>
    /// <param name="train">`train` and its options, without --out, --steps and --eval-every.</param>
    public static string InterruptedEqualsWhole(TempDirectory dir, params string[] train)
    {
        Directory.CreateDirectory(dir.File("a"));
        Directory.CreateDirectory(dir.File("b"));
        string a = dir.File("a/m.safetensors"), b = dir.File("b/m.safetensors");
        var whole = CliRunner.Run([.. train, "--out", a, "--steps", "10", "--eval-every", "5"]);
        Assert.True(whole.ExitCode == 0, whole.Error);
        var first = CliRunner.Run([.. train, "--out", b, "--steps", "5", "--eval-every", "5"]);
        Assert.True(first.ExitCode == 0, first.Error);
        var resumed = CliRunner.Run("train", "--data", "demo", "--resume", b, "--out", b, "--steps", "10", "--print-every", "100");
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        return a;
    }
}
