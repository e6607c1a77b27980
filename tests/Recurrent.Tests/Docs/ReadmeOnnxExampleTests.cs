// The README's ONNX Runtime programs, compiled and run as a user would run them, on a character model trained and
// exported by the CLI into runs/shakespeare.onnx: the first prints `recurrent predict`'s five most likely characters
// after "ROMEO:" and their probabilities, the second generates 200 characters after "JULIET:" through the state inputs.
using Recurrent.Tests.Cli;
using Recurrent.Tests.IO;
using Xunit.Abstractions;

namespace Recurrent.Tests.Docs;

public sealed class ReadmeOnnxExampleTests(ITestOutputHelper log)
{
    [Fact]
    public void The_onnx_runtime_programs_predict_and_generate_from_the_exported_model()
    {
        var programs = ReadmeExamples.Programs("## Export to ONNX");
        Assert.Equal(2, programs.Count);
        using var dir = new TempDirectory();
        string text = Path.Combine(dir.Path, "lines.txt"), model = Path.Combine(dir.Path, "runs", "shakespeare.safetensors");
        File.WriteAllText(text, string.Concat(Enumerable.Repeat("JULIET:\nThe night is long and the stars are kind.\n\nROMEO:\nThen let the morning wait for us.\n\n", 60)));
        var train = CliRunner.Run("train", "--data", text, "--out", model, "--hidden", "32", "--seq-len", "32", "--batch", "8", "--steps", "60",
            "--eval-every", "60");
        Assert.True(train.ExitCode == 0, train.Error);
        var export = CliRunner.Run("export", "--model", model);
        Assert.True(export.ExitCode == 0, export.Error);

        // The first program prints what `recurrent predict` prints: the five most likely characters and their probabilities.
        string predicted = RunProgram(programs[0], dir);
        var predict = CliRunner.Run("predict", "--model", model, "--text", "ROMEO:", "--top", "5");
        Assert.True(predict.ExitCode == 0, predict.Error);
        var ours = predict.OutLines.Select(Parse).ToList();
        var theirs = predicted.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToList();
        Assert.Equal(5, theirs.Count);
        for (int k = 0; k < 5; k++)
            Assert.True(Math.Abs(ours[k].P - theirs[k].P) <= 1e-4, $"rank {k}: predict {ours[k]}, ONNX Runtime {theirs[k]}");
        Assert.Equal(ours.Select(o => o.P).Sum(), theirs.Select(o => o.P).Sum(), 3);

        // The second generates 200 characters through the state inputs.
        string generated = RunProgram(programs[1], dir)[..^1];
        Assert.StartsWith("JULIET:", generated);
        Assert.Equal("JULIET:".Length + 200, generated.Length);
        Assert.All(generated, c => Assert.Contains(c, "JULIETROMEO:\nThe night is long and the stars are kind.Then let the morning wait for us"));
    }

    private string RunProgram(string program, TempDirectory dir)
    {
        string folder = Path.Combine(dir.Path, "program-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        Directory.CreateSymbolicLink(Path.Combine(folder, "runs"), Path.Combine(dir.Path, "runs"));
        var (exitCode, output) = ReadmeExamples.Run(program, folder, TimeSpan.FromMinutes(2),
            [typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly], ["libonnxruntime.so"]);
        log.WriteLine(output);
        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{output}");
        return output.Replace("\r\n", "\n");
    }

    /// <summary>"c\t0.1234" (the character as `predict` quotes it or as the program prints it) → its probability.</summary>
    private static (string Line, double P) Parse(string line) =>
        (line, double.Parse(line[(line.LastIndexOf('\t') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
}
