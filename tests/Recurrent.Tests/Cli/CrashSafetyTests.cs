// A process killed at any moment, even while it writes a checkpoint, leaves a loadable checkpoint behind:
// files are written to a temporary sibling, flushed and renamed over the old one.
using System.Diagnostics;
using Recurrent.Models;
using Recurrent.IO;
using Recurrent.Tests.IO;

namespace Recurrent.Tests.Cli;

public sealed class CrashSafetyTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Killing_the_trainer_while_it_saves_never_leaves_a_corrupt_checkpoint()
    {
        string path = _dir.File("m.safetensors");
        string cli = Path.Combine(AppContext.BaseDirectory, "Recurrent.Cli.dll");
        var random = new Random(3);
        int killedAfterFirstSave = 0;
        for (int attempt = 0; attempt < 6; attempt++)
        {
            // Every step validates on a few characters and saves: most of the time is spent writing files.
            var start = new ProcessStartInfo("dotnet", [cli, "train", "--data", "demo", "--out", path, "--hidden", "64", "--seq-len", "8",
                "--batch", "2", "--steps", "100000", "--eval-every", "1", "--val-fraction", "0.0005", "--print-every", "100000"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            var clock = Stopwatch.StartNew();
            while (!File.Exists(path) && clock.Elapsed < TimeSpan.FromSeconds(60) && !process.HasExited)
                Thread.Sleep(10);
            Thread.Sleep(random.Next(50, 400));
            process.Kill(entireProcessTree: true); // SIGKILL: no handler runs
            process.WaitForExit();
            if (!File.Exists(path))
                continue;
            killedAfterFirstSave++;
            var model = ModelFile.Load(path); // must never throw: the file is the old one or the new one, whole
            Assert.True(long.Parse(model.Metadata["steps"]) >= 1);
        }
        Assert.True(killedAfterFirstSave >= 3, $"only {killedAfterFirstSave} kills happened after the first save");
    }
}
