// The notes' "help" example through the command line: train, predict, eval, sample.
using System.Globalization;
using System.Text.RegularExpressions;
using Recurrent.Tests.IO;

namespace Recurrent.Tests.Cli;

public sealed class HelpExampleCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string TrainHelp(string cell = "lstm")
    {
        string data = _dir.File("help.txt"), model = _dir.File($"help-{cell}.safetensors");
        File.WriteAllText(data, "help");
        var run = CliRunner.Run("train", "--data", data, "--out", model, "--cell", cell, "--hidden", "8", "--seq-len", "3",
            "--batch", "1", "--steps", "150", "--lr", "0.05", "--val-fraction", "0", "--seed", "7", "--print-every", "50");
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("step      1/150", run.Out);
        Assert.Contains("step    150/150", run.Out);
        return model;
    }

    [Theory]
    [InlineData("lstm")]
    [InlineData("rnn")]
    public void Predicts_p_after_hel(string cell)
    {
        string model = TrainHelp(cell);
        var run = CliRunner.Run("predict", "--model", model, "--text", "hel", "--top", "4");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(4, run.OutLines.Length);
        var best = run.OutLines[0].Split('\t');
        Assert.Equal("'p'", best[0]);
        Assert.True(double.Parse(best[1], CultureInfo.InvariantCulture) > 0.9, run.Out);
    }

    [Fact]
    public void Eval_prints_nats_and_bits_per_character()
    {
        string model = TrainHelp();
        File.WriteAllText(_dir.File("eval.txt"), "help");
        var run = CliRunner.Run("eval", "--model", model, "--data", _dir.File("eval.txt"));
        Assert.Equal(0, run.ExitCode);
        var match = Regex.Match(run.Out.Trim(), @"^loss: (\d+\.\d{4}) nats/char \((\d+\.\d{4}) bits/char\)$");
        Assert.True(match.Success, run.Out);
        double nats = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        double bits = double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.InRange(bits, nats / Math.Log(2) - 1e-4, nats / Math.Log(2) + 1e-4);
        Assert.True(nats < 0.5, run.Out); // it has learned the text it is evaluated on
    }

    [Fact]
    public void Sample_starts_with_the_prime_and_is_reproducible()
    {
        string model = TrainHelp();
        var first = CliRunner.Run("sample", "--model", model, "--prime", "he", "--length", "30", "--seed", "5");
        var again = CliRunner.Run("sample", "--model", model, "--prime", "he", "--length", "30", "--seed", "5");
        var greedy = CliRunner.Run("sample", "--model", model, "--prime", "hel", "--length", "1", "--temperature", "0");
        Assert.Equal(0, first.ExitCode);
        Assert.Equal(first.Out, again.Out);
        Assert.StartsWith("he", first.Out);
        Assert.Equal(32, first.Out.TrimEnd('\n').Length);
        Assert.Equal("help", greedy.Out.TrimEnd('\n'));
    }

    [Fact]
    public void Zero_steps_writes_the_initialised_model_and_the_same_seed_gives_the_same_bytes()
    {
        string data = _dir.File("help.txt");
        File.WriteAllText(data, "help");
        string[] Args(string output) => ["train", "--data", data, "--out", output, "--hidden", "5", "--seq-len", "3", "--batch", "1", "--steps", "0", "--val-fraction", "0"];
        Assert.Equal(0, CliRunner.Run(Args(_dir.File("a.safetensors"))).ExitCode);
        Assert.Equal(0, CliRunner.Run(Args(_dir.File("b.safetensors"))).ExitCode);
        Assert.Equal(File.ReadAllBytes(_dir.File("a.safetensors")), File.ReadAllBytes(_dir.File("b.safetensors")));

        var model = Recurrent.Models.ModelFile.Load(_dir.File("a.safetensors"));
        float bound = 1 / MathF.Sqrt(5);
        Assert.All(model.Network.Parameters.Values, v => Assert.InRange(v, -bound, bound));
        Assert.Equal("0", model.Metadata["steps"]);
    }
}
