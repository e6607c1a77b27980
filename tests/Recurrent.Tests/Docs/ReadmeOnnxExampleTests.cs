// The README's ONNX Runtime program, compiled and run as a user would run it: on a character model trained and
// exported by the CLI into runs/shakespeare.onnx, it generates 200 characters after "JULIET:" through the state inputs.
using Recurrent.Tests.Cli;
using Recurrent.Tests.IO;
using Xunit.Abstractions;

namespace Recurrent.Tests.Docs;

public sealed class ReadmeOnnxExampleTests(ITestOutputHelper log)
{
    [Fact]
    public void The_onnx_runtime_program_generates_from_the_exported_model()
    {
        var programs = ReadmeExamples.Programs("## Export to ONNX");
        Assert.Single(programs);
        using var dir = new TempDirectory();
        string text = Path.Combine(dir.Path, "lines.txt"), model = Path.Combine(dir.Path, "runs", "shakespeare.safetensors");
        File.WriteAllText(text, string.Concat(Enumerable.Repeat("JULIET:\nThe night is long and the stars are kind.\n\nROMEO:\nThen let the morning wait for us.\n\n", 60)));
        var train = CliRunner.Run("train", "--data", text, "--out", model, "--hidden", "32", "--seq-len", "32", "--batch", "8", "--steps", "60",
            "--eval-every", "60");
        Assert.True(train.ExitCode == 0, train.Error);
        var export = CliRunner.Run("export", "--model", model);
        Assert.True(export.ExitCode == 0, export.Error);

        var (exitCode, output) = ReadmeExamples.Run(programs[0], dir.Path, TimeSpan.FromMinutes(2),
            [typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly], ["libonnxruntime.so"]);
        log.WriteLine(output);
        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{output}");
        string generated = output.Replace("\r\n", "\n")[..^1];
        Assert.StartsWith("JULIET:", generated);
        Assert.Equal("JULIET:".Length + 200, generated.Length);
        Assert.All(generated, c => Assert.Contains(c, "JULIETROMEO:\nThe night is long and the stars are kind.Then let the morning wait for us"));
    }
}
