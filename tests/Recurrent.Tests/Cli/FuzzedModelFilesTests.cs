// Damaged model files, made by a seeded generator: truncations, byte flips in the header and in the data, and headers
// rebuilt with absurd sizes and values. Every loader either loads the file or refuses it with one RecurrentException,
// and every command that reads a model either works or prints one line and exits 1 or 2: never another exception,
// never a hang (each run has a deadline), never a stack trace.
using Recurrent.Data;
using Recurrent.IO;
using Recurrent.Models;
using Recurrent.Numerics;
using Recurrent.Tasks;
using Recurrent.Tests.IO;
using Recurrent.Training;
using Xunit.Abstractions;

namespace Recurrent.Tests.Cli;

public sealed class FuzzedModelFilesTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _dir = new();
    private static readonly string Text = DemoCorpus.Generate(3000, seed: 2);

    public void Dispose() => _dir.Dispose();

    /// <summary>A resumable checkpoint of a small character model (embedded, dropout) and one of a task run.</summary>
    private (string Character, string Task) Originals()
    {
        string character = _dir.File("character.safetensors"), task = _dir.File("task.safetensors");
        var vocabulary = Vocabulary.FromText(Text);
        var model = ModelBundle.ForCharacters(CellKind.Lstm, vocabulary, 6, 2, embedding: 3, dropout: 0.1);
        model.Network.Initialize(1);
        CharacterTraining.Start(model, vocabulary.Encode(Text), new TextBatching { SeqLen = 8, Batch = 2 },
            new TrainingOptions { Steps = 2, EvalEvery = 1 }, character).Session.Run();
        new TaskRun(new AddingTask(6), new TaskOptions
        {
            Hidden = 4, Batch = 2, TestSize = 5,
            Training = TaskOptions.DefaultTraining with { Steps = 2, EvalEvery = 1, Minutes = 0 },
        }, checkpointPath: task).Run();
        return (character, task);
    }

    private static readonly string[] AbsurdValues =
        ["0", "-1", "1073741824", "2147483647", "99999999999999999999", "NaN", "1e308", "x", "", "[]", "{\"mean\":[1],\"scale\":[0]}"];

    /// <summary>Mutant <paramref name="k"/> of <paramref name="original"/>: a truncation, byte flips, or a rebuilt header with one absurd value.</summary>
    private static byte[] Mutant(byte[] original, int headerEnd, Rng rng, string path, int k)
    {
        switch (k % 4)
        {
            case 0: // cut anywhere, most often inside the header
                return original[..(rng.NextInt(3) == 0 ? rng.NextInt(original.Length) : rng.NextInt(headerEnd))];
            case 1: // flip bytes of the header
            case 2: // flip bytes anywhere
            {
                byte[] bytes = (byte[])original.Clone();
                for (int flips = 1 + rng.NextInt(4); flips > 0; flips--)
                    bytes[k % 4 == 1 ? rng.NextInt(headerEnd) : rng.NextInt(bytes.Length)] ^= (byte)(1 << rng.NextInt(8));
                return bytes;
            }
            default: // one metadata value replaced by an absurd one
            {
                var content = SafetensorsFile.Read(path);
                var metadata = content.Metadata.ToDictionary(pair => pair.Key, pair => pair.Value);
                string key = metadata.Keys.OrderBy(key => key, StringComparer.Ordinal).ElementAt(rng.NextInt(metadata.Count));
                metadata[key] = AbsurdValues[rng.NextInt(AbsurdValues.Length)];
                string rebuilt = path + ".rebuilt";
                SafetensorsFile.Write(rebuilt, content.Tensors, metadata);
                byte[] bytes = File.ReadAllBytes(rebuilt);
                File.Delete(rebuilt);
                return bytes;
            }
        }
    }

    private static int HeaderEnd(byte[] file) => 8 + (int)BitConverter.ToUInt64(file, 0);

    [Fact]
    public void Thousands_of_damaged_files_load_or_are_refused_in_one_exception()
    {
        var (character, task) = Originals();
        var rng = new Rng(20261206);
        int loaded = 0, refused = 0;
        foreach (string original in new[] { character, task })
        {
            byte[] bytes = File.ReadAllBytes(original);
            int headerEnd = HeaderEnd(bytes);
            for (int k = 0; k < 1500; k++)
            {
                string path = _dir.File("mutant.safetensors");
                File.WriteAllBytes(path, Mutant(bytes, headerEnd, rng, original, k));
                foreach (var load in new Action[] { () => ModelFile.Load(path), () => TrainingCheckpoint.Load(path) })
                {
                    try
                    {
                        load();
                        loaded++;
                    }
                    catch (RecurrentException e)
                    {
                        Assert.False(string.IsNullOrWhiteSpace(e.Message));
                        refused++;
                    }
                }
            }
        }
        output.WriteLine($"{loaded} loads, {refused} refusals");
        Assert.True(refused > 3000, $"only {refused} of 6000 refused: the mutations are too gentle to prove anything");
        Assert.True(loaded > 100, $"only {loaded} loaded: the flips in the data should mostly load");
    }

    [Fact]
    public async Task Every_command_that_reads_a_model_works_or_refuses_in_one_line_on_damaged_files()
    {
        var (character, task) = Originals();
        var rng = new Rng(6120262);
        string text = _dir.File("text.txt");
        File.WriteAllText(text, Text);
        int failures = 0;
        foreach (string original in new[] { character, task })
        {
            byte[] bytes = File.ReadAllBytes(original);
            int headerEnd = HeaderEnd(bytes);
            for (int k = 0; k < 40; k++)
            {
                string path = _dir.File($"mutant{k}.safetensors"), resumed = _dir.File($"resumed{k}.safetensors");
                File.WriteAllBytes(path, Mutant(bytes, headerEnd, rng, original, k));
                string[][] commands =
                [
                    ["eval", "--model", path, "--data", text, "--threads", "1"],
                    ["predict", "--model", path, "--text", "The ", "--threads", "1"],
                    ["sample", "--model", path, "--length", "5", "--threads", "1"],
                    ["trace", "--model", path, "--text", "Th", "--threads", "1"],
                    ["gradients", "--model", path, "--length", "6", "--samples", "2", "--threads", "1"],
                    ["train", "--resume", path, "--data", text, "--out", resumed, "--steps", "3", "--threads", "1"],
                    ["task", "--resume", path, "--out", resumed, "--steps", "3", "--threads", "1"],
                    ["export", "--model", path, "--out", _dir.File($"mutant{k}.onnx")],
                ];
                foreach (string[] args in commands)
                {
                    var run = Task.Run(() => CliRunner.Run(args));
                    var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60)));
                    Assert.True(finished == run, $"'{string.Join(' ', args)}' on mutant {k} of {Path.GetFileName(original)} hangs");
                    var result = await run;
                    Assert.Contains(result.ExitCode, new[] { 0, 1, 2 });
                    Assert.DoesNotContain("   at ", result.Error);
                    if (result.ExitCode != 0)
                    {
                        CliRunner.AssertUserError(result, "");
                        failures++;
                    }
                }
            }
        }
        Assert.True(failures > 100, $"only {failures} refusals: the damage should stop most commands");
    }
}
