// --threads changes speed only: the same training run on one and on three threads writes the same checkpoint.
using Recurrent.Numerics;
using Recurrent.Tests.IO;

namespace Recurrent.Tests.Cli;

public sealed class ThreadsCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_run_on_three_threads_writes_the_bytes_of_a_run_on_one()
    {
        string text = _dir.File("text.txt");
        File.WriteAllText(text, string.Concat(Enumerable.Repeat("the quick brown fox jumps over the lazy dog. ", 40)));
        byte[] Train(int threads)
        {
            string model = _dir.File($"model{threads}.safetensors");
            // H = 96, B = 16: large enough that products and cell steps are split
            var run = CliRunner.Run("train", "--data", text, "--out", model, "--hidden", "96", "--batch", "16", "--seq-len", "8",
                "--steps", "3", "--val-fraction", "0", "--threads", $"{threads}");
            Assert.True(run.ExitCode == 0, run.Error);
            return File.ReadAllBytes(model);
        }
        int before = Parallelism.Threads;
        try
        {
            Assert.Equal(Train(1), Train(3));
        }
        finally
        {
            Parallelism.Threads = before;
        }
    }
}
