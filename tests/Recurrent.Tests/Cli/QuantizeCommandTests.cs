// `recurrent quantize`: writes the quantized file beside the model, reports the bytes, and every command that reads a
// character model (eval, sample, predict, trace) runs the quantized file; bad input is one line.
using Recurrent.Data;
using Recurrent.Models;
using Recurrent.Tests.IO;

namespace Recurrent.Tests.Cli;

public sealed class QuantizeCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string CharacterModel()
    {
        var model = ModelBundle.ForCharacters(CellKind.Lstm, Vocabulary.FromText("abcdefgh \n"), 24, 2);
        model.Network.Initialize(7);
        string path = _dir.File("m.safetensors");
        ModelFile.Save(path, model);
        return path;
    }

    [Fact]
    public void The_quantized_file_is_written_and_every_reading_command_runs_it()
    {
        string model = CharacterModel(), text = _dir.File("t.txt");
        File.WriteAllText(text, "abc def gh\nhead bag fed cab\n");
        var run = CliRunner.Run("quantize", "--model", model);
        Assert.Equal(0, run.ExitCode);
        string quantized = _dir.File("m.q8.safetensors");
        Assert.True(File.Exists(quantized));
        Assert.Contains("8-bit integers", run.Out);
        Assert.Contains("weights in memory:", run.Out);
        Assert.Matches(@"file: \d+\.\d\d MiB, 0\.\d\dx of the float32 weights'", run.Out);
        var floatLoss = CliRunner.Run("eval", "--model", model, "--data", text);
        var quantizedLoss = CliRunner.Run("eval", "--model", quantized, "--data", text);
        Assert.Equal(0, quantizedLoss.ExitCode);
        Assert.StartsWith("loss:", quantizedLoss.OutLines[^1]);
        Assert.Equal(double.Parse(floatLoss.OutLines[^1].Split(' ')[1]), double.Parse(quantizedLoss.OutLines[^1].Split(' ')[1]), 0.02);
        Assert.Matches(@"^loss: \d\.\d{7} nats/char", CliRunner.Run("eval", "--model", quantized, "--data", text, "--digits", "7").OutLines[^1]);
        CliRunner.AssertUserError(CliRunner.Run("eval", "--model", quantized, "--data", text, "--digits", "13"), "--digits must be 1 to 12");
        Assert.Equal(0, CliRunner.Run("sample", "--model", quantized, "--length", "20", "--prime", "ab").ExitCode);
        Assert.Equal(0, CliRunner.Run("predict", "--model", quantized, "--text", "abc").ExitCode);
        Assert.Equal(0, CliRunner.Run("trace", "--model", quantized, "--text", "abc").ExitCode);
        Assert.Equal(0, CliRunner.Run("quantize", "--model", model, "--bits", "16", "--out", _dir.File("m16.safetensors")).ExitCode);
    }

    [Fact]
    public void Bad_input_is_one_line()
    {
        string model = CharacterModel();
        CliRunner.AssertUserError(CliRunner.Run("quantize", "--model", model, "--bits", "4"), "--bits must be 8 or 16");
        CliRunner.AssertUserError(CliRunner.Run("quantize", "--model", _dir.File("missing.safetensors")), "does not exist");
        CliRunner.AssertUserError(CliRunner.Run("quantize", "--model", model, "--out", model), "is the model file itself");
        Assert.Equal(0, CliRunner.Run("quantize", "--model", model).ExitCode);
        string quantized = _dir.File("m.q8.safetensors");
        CliRunner.AssertUserError(CliRunner.Run("quantize", "--model", quantized, "--out", _dir.File("again.safetensors")), "quantized already");
        CliRunner.AssertUserError(CliRunner.Run("export", "--model", quantized), "export the float model");
        CliRunner.AssertUserError(CliRunner.Run("gradients", "--model", quantized), "float model");
        CliRunner.AssertUserError(CliRunner.Run("bench", "--quantize", "4", "--seconds", "0.01"), "--quantize must be 8 or 16");
    }

    [Fact]
    public void The_bench_times_the_quantized_model_beside_the_float_one()
    {
        var run = CliRunner.Run("bench", "--hidden", "16", "--seq-len", "4", "--batch", "6", "--seconds", "0.01", "--quantize", "16", "--threads", "1");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains(run.OutLines, line => line.StartsWith("generation, 16-bit:", StringComparison.Ordinal) && line.Contains("tokens/s"));
        Assert.Contains(run.OutLines, line => line.StartsWith("inference, 16-bit:", StringComparison.Ordinal));
    }
}
