// Every command refuses bad input with one readable line on stderr and a non-zero exit code.
using Recurrent.IO;
using Recurrent.Tests.IO;

namespace Recurrent.Tests.Cli;

public sealed class BadInputCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _text, _model;

    public BadInputCliTests()
    {
        _text = _dir.File("text.txt");
        File.WriteAllText(_text, "hello world, hello again\n");
        _model = _dir.File("model.safetensors");
        var run = CliRunner.Run("train", "--data", _text, "--out", _model, "--hidden", "4", "--seq-len", "4", "--batch", "2", "--steps", "2", "--val-fraction", "0");
        Assert.True(run.ExitCode == 0, run.Error);
    }

    public void Dispose() => _dir.Dispose();

    private string[] Train(params string[] extra) =>
        ["train", "--data", _text, "--out", _dir.File("out.safetensors"), "--seq-len", "4", "--batch", "2", "--steps", "1", .. extra];

    public static TheoryData<string[], string> BadTrainOptions() => new()
    {
        { ["--hidden", "0"], "--hidden must be at least 1" },
        { ["--layers", "0"], "--layers must be at least 1" },
        { ["--cell", "tcn"], "--cell must be lstm, gru or rnn" },
        { ["--optimizer", "lbfgs"], "--optimizer must be" },
        { ["--lr", "0"], "--lr must be a positive number" },
        { ["--lr", "NaN"], "--lr must be a positive number" },
        { ["--clip=-1"], "--clip must be a number of at least 0" },
        { ["--val-fraction", "1"], "--val-fraction must be" },
        { ["--momentum", "1"], "--momentum must be" },
        { ["--momentum", "0.9"], "--momentum applies to --optimizer sgd only" },
        { ["--hidden=-3"], "--hidden must be at least 1 (got -3)" },
        { ["--threads", "0"], "--threads must be a whole number from 1 to 64 (got 0)" },
        { ["--threads", "65"], "--threads must be a whole number from 1 to 64" },
        { ["--threads", "many"], "--threads must be a whole number (got 'many')" },
        { ["--hidden", "many"], "many" },
        { ["--bogus", "1"], "bogus" },
    };

    [Theory]
    [MemberData(nameof(BadTrainOptions))]
    public void Train_refuses_bad_options(string[] extra, string message) =>
        CliRunner.AssertUserError(CliRunner.Run(Train(extra)), message);

    [Fact]
    public void Train_refuses_bad_data_files()
    {
        string empty = _dir.File("empty.txt"), latin1 = _dir.File("latin1.txt"), bomOnly = _dir.File("bom.txt");
        File.WriteAllBytes(empty, []);
        File.WriteAllBytes(latin1, [0x63, 0x61, 0x66, 0xE9, 0x0A]); // "café\n" in Latin-1
        File.WriteAllBytes(bomOnly, [0xEF, 0xBB, 0xBF]);
        string Out() => _dir.File("out.safetensors");
        CliRunner.AssertUserError(CliRunner.Run("train", "--data", _dir.File("missing.txt"), "--out", Out()), "does not exist");
        CliRunner.AssertUserError(CliRunner.Run("train", "--data", empty, "--out", Out()), "is empty");
        CliRunner.AssertUserError(CliRunner.Run("train", "--data", bomOnly, "--out", Out()), "is empty");
        CliRunner.AssertUserError(CliRunner.Run("train", "--data", latin1, "--out", Out()), "not valid UTF-8");
        CliRunner.AssertUserError(CliRunner.Run("train", "--data", _dir.Path, "--out", Out()), "is a directory");
        CliRunner.AssertUserError(CliRunner.Run("train", "--data", _text, "--out", Out(), "--seq-len", "64", "--batch", "32"), "too few");
        File.WriteAllText(_dir.File("plain"), "a file, not a folder");
        CliRunner.AssertUserError(CliRunner.Run("train", "--data", _text, "--out", _dir.File("plain/m.safetensors")), "is a file, so");
        CliRunner.AssertUserError(CliRunner.Run("train", "--out", Out()), "--data");
        Assert.False(File.Exists(Out()));
    }

    [Fact]
    public void Eval_refuses_bad_input()
    {
        string unknown = _dir.File("unknown.txt");
        File.WriteAllText(unknown, "hello ZEBRA");
        CliRunner.AssertUserError(CliRunner.Run("eval", "--model", _model, "--data", unknown), "'Z' (U+005A) is not in the model's vocabulary");
        CliRunner.AssertUserError(CliRunner.Run("eval", "--model", _model, "--data", _dir.File("missing.txt")), "does not exist");
        CliRunner.AssertUserError(CliRunner.Run("eval", "--model", _dir.File("missing.safetensors"), "--data", _text), "does not exist");
        File.WriteAllText(_dir.File("one.txt"), "h");
        CliRunner.AssertUserError(CliRunner.Run("eval", "--model", _model, "--data", _dir.File("one.txt")), "at least two characters");
    }

    [Fact]
    public void Predict_refuses_bad_input()
    {
        CliRunner.AssertUserError(CliRunner.Run("predict", "--model", _model, "--text", "héllo"), "'é' (U+00E9)");
        CliRunner.AssertUserError(CliRunner.Run("predict", "--model", _model, "--text", ""), "--text must not be empty");
        CliRunner.AssertUserError(CliRunner.Run("predict", "--model", _model, "--text", "he", "--top", "0"), "--top must be at least 1");
        CliRunner.AssertUserError(CliRunner.Run("predict", "--model", _model), "--text");
    }

    [Fact]
    public void Sample_refuses_bad_input()
    {
        CliRunner.AssertUserError(CliRunner.Run("sample", "--model", _model, "--prime", "\U0001F600"), "U+1F600");
        CliRunner.AssertUserError(CliRunner.Run("sample", "--model", _model, "--temperature=-1"), "--temperature");
        CliRunner.AssertUserError(CliRunner.Run("sample", "--model", _model, "--length=-5"), "--length must be at least 0");
    }

    [Fact]
    public void Every_command_refuses_a_bad_checkpoint()
    {
        byte[] good = File.ReadAllBytes(_model);
        string truncated = _dir.File("truncated.safetensors"), garbage = _dir.File("garbage.safetensors"), text = _dir.File("text.safetensors");
        File.WriteAllBytes(truncated, good[..(good.Length - 10)]);
        File.WriteAllBytes(garbage, [1, 2, 3]);
        File.WriteAllText(text, "this is not a checkpoint at all, just some words");
        foreach (string bad in new[] { truncated, garbage, text })
        {
            CliRunner.AssertUserError(CliRunner.Run("eval", "--model", bad, "--data", _text), bad);
            CliRunner.AssertUserError(CliRunner.Run("predict", "--model", bad, "--text", "he"), bad);
            CliRunner.AssertUserError(CliRunner.Run("sample", "--model", bad), bad);
        }
        CliRunner.AssertUserError(CliRunner.Run("predict", "--model", truncated, "--text", "he"), "truncated");
    }

    [Fact]
    public void Unknown_command_is_a_usage_error()
    {
        var run = CliRunner.Run("fly");
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("error: ", run.Error);
    }
}
