// `recurrent export` end to end: a character model trained on the demo text, exported, generates in ONNX Runtime one
// token at a time with its state carried through h0/c0 -> hn/cn, and gives the 200 characters `recurrent sample
// --greedy` writes; a classifier and a forecaster trained by the CLI export and run; bad inputs get one line.
using System.Text.Json;
using Recurrent.Models;
using Recurrent.Onnx;
using Recurrent.Tests.Cli;
using Recurrent.Tests.IO;

namespace Recurrent.Tests.Onnx;

public sealed class OnnxExportCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    public void Greedy_generation_through_the_state_inputs_writes_what_sample_greedy_writes(string cell)
    {
        string model = _dir.File($"demo-{cell}.safetensors"), onnx = _dir.File($"demo-{cell}.onnx");
        Succeeds(CliRunner.Run("train", "--data", "demo", "--out", model, "--cell", cell, "--hidden", "64", "--layers", "2",
            "--steps", "300", "--eval-every", "300", "--print-every", "300"));
        const string prime = "Tess";
        string expected = Succeeds(CliRunner.Run("sample", "--model", model, "--prime", prime, "--length", "200", "--greedy")).TrimEnd('\n');
        var export = Succeeds(CliRunner.Run("export", "--model", model, "--out", onnx));
        Assert.Contains("ONNX opset 17", export);

        using var runner = new OnnxRuntimeRunner(onnx);
        string[] vocabulary = JsonSerializer.Deserialize<string[]>(runner.Metadata["vocab"])!;
        long[] tokens = [.. prime.Select(c => (long)Array.IndexOf(vocabulary, c.ToString()))];
        var results = runner.Run(OnnxRuntimeRunner.Longs(OnnxNames.Tokens, tokens, tokens.Length, 1));
        var text = new System.Text.StringBuilder(prime);
        for (int k = 0; k < 200; k++)
        {
            var (logits, shape) = results[OnnxNames.Logits];
            int classes = shape[2], last = logits.Length - classes, next = 0;
            for (int c = 1; c < classes; c++)
                if (logits[last + c] > logits[last + next])
                    next = c;
            text.Append(vocabulary[next]);
            var feeds = new List<Microsoft.ML.OnnxRuntime.NamedOnnxValue>
            {
                OnnxRuntimeRunner.Longs(OnnxNames.Tokens, [next], 1, 1),
                OnnxRuntimeRunner.Floats(OnnxNames.InitialHidden, results[OnnxNames.FinalHidden].Values, results[OnnxNames.FinalHidden].Shape),
            };
            if (cell == "lstm")
                feeds.Add(OnnxRuntimeRunner.Floats(OnnxNames.InitialCell, results[OnnxNames.FinalCell].Values, results[OnnxNames.FinalCell].Shape));
            results = runner.Run([.. feeds]);
        }
        Assert.Equal(expected, text.ToString());
        Assert.True(expected.Distinct().Count() > 5, $"the sample is too plain to prove anything: {expected}");
    }

    [Fact]
    public void A_text_classifier_exports_and_gives_the_probabilities_classify_predict_prints()
    {
        string data = _dir.File("moods.tsv");
        File.WriteAllLines(data, ["label\ttext", .. Enumerable.Range(0, 60).Select(k => k % 2 == 0 ? $"happy\tjoy and sun {k}" : $"sad\train and grey {k}")]);
        string model = _dir.File("moods.safetensors");
        Succeeds(CliRunner.Run("classify", "train", "--data", data, "--out", model, "--hidden", "8", "--steps", "30", "--batch", "8", "--bidirectional",
            "--pool", "mean", "--eval-every", "30"));
        Succeeds(CliRunner.Run("export", "--model", model));
        var json = JsonDocument.Parse(Succeeds(CliRunner.Run("classify", "predict", "--model", model, "--text", "joy and sun 3", "--json")));

        var bundle = ModelFile.Load(model);
        using var runner = new OnnxRuntimeRunner(_dir.File("moods.onnx"));
        string[] vocabulary = JsonSerializer.Deserialize<string[]>(runner.Metadata["vocab"])!;
        Assert.Equal(bundle.Vocabulary!.Symbols, vocabulary);
        long[] tokens = [.. "joy and sun 3".Select(c => (long)Array.IndexOf(vocabulary, c.ToString()))];
        Assert.DoesNotContain(-1L, tokens);
        var probabilities = runner.Run(OnnxRuntimeRunner.Longs(OnnxNames.Tokens, tokens, tokens.Length, 1))[OnnxNames.Probabilities].Values;
        string[] labels = JsonSerializer.Deserialize<string[]>(runner.Metadata["labels"])!;
        var top = json.RootElement.EnumerateArray().First().GetProperty("classes").EnumerateArray().First();
        int best = Array.IndexOf(probabilities, probabilities.Max());
        Assert.Equal(top.GetProperty("label").GetString(), labels[best]);
        Assert.Equal(top.GetProperty("probability").GetDouble(), probabilities[best], 4);
    }

    [Fact]
    public void Not_a_model_gives_one_line_and_writes_nothing()
    {
        string text = _dir.File("notes.txt");
        File.WriteAllText(text, "not a model");
        CliRunner.AssertUserError(CliRunner.Run("export", "--model", text, "--out", _dir.File("notes.onnx")), "notes.txt");
        Assert.False(File.Exists(_dir.File("notes.onnx")));
        CliRunner.AssertUserError(CliRunner.Run("export", "--model", _dir.File("missing.safetensors")), "does not exist");
    }

    [Fact]
    public void An_unwritable_output_gives_one_line_and_leaves_the_model_alone()
    {
        string model = _dir.File("tiny.safetensors");
        ModelFile.Save(model, Generation.TinyModels.Random());
        byte[] before = File.ReadAllBytes(model);
        CliRunner.AssertUserError(CliRunner.Run("export", "--model", model, "--out", _dir.Path), "directory");
        CliRunner.AssertUserError(CliRunner.Run("export", "--model", model, "--out", "/dev/full"), "/dev/full");
        CliRunner.AssertUserError(CliRunner.Run("export", "--model", model, "--out", model), "the model file itself");
        string blocked = _dir.File("file-not-folder");
        File.WriteAllText(blocked, "");
        CliRunner.AssertUserError(CliRunner.Run("export", "--model", model, "--out", Path.Combine(blocked, "m.onnx")), "is a file");
        Assert.Equal(before, File.ReadAllBytes(model));
    }

    private static string Succeeds(CliRun run)
    {
        Assert.True(run.ExitCode == 0, run.Error);
        return run.Out;
    }
}
