// The hostile user's cases of issue 12, each as it is now answered: sizes that cannot exist, paths that are empty,
// devices, FIFOs, symbolic links or missing folders, a second run on the same output, a killed run's leftovers, a
// finished run resumed, and parse errors. Each gives one line and an exit code, or does the right thing.
using System.Diagnostics;
using Recurrent.IO;
using Recurrent.Models;
using Recurrent.Tests.IO;

namespace Recurrent.Tests.Cli;

public sealed class HardeningCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _text;

    public HardeningCliTests()
    {
        _text = _dir.File("text.txt");
        File.WriteAllText(_text, string.Concat(Enumerable.Repeat("hello world, hello again. ", 20)));
    }

    private static readonly string CliPath = Path.Combine(AppContext.BaseDirectory, "Recurrent.Cli.dll");

    public void Dispose() => _dir.Dispose();

    private string[] Train(string output, params string[] extra) =>
        ["train", "--data", _text, "--out", output, "--hidden", "4", "--seq-len", "4", "--batch", "2", "--steps", "2", "--threads", "1", .. extra];

    private static void AssertFails(CliRun run, int exitCode, string message)
    {
        CliRunner.AssertUserError(run, message);
        Assert.Equal(exitCode, run.ExitCode);
    }

    public static TheoryData<string[], string> ImpossibleSizes() => new()
    {
        { ["train", "--data", "demo", "--hidden", "100000", "--steps", "1"], "that one array holds; lower --hidden or --layers" },
        { ["train", "--data", "demo", "--hidden", "30000", "--steps", "1"], "that one array holds; lower --hidden or --layers" },
        { ["bench", "--hidden", "32768", "--seconds", "0.1"], "that one array holds; lower --hidden or --layers" },
        { ["gradients", "--cell", "lstm", "--hidden", "32768", "--length", "4"], "that one array holds; lower --hidden or --layers" },
        { ["task", "adding", "--hidden", "32768", "--steps", "1"], "that one array holds; lower --hidden or --layers" },
        { ["train", "--data", "demo", "--batch", "2000000000", "--seq-len", "2000000000", "--steps", "1"], "lower --batch or --seq-len" },
    };

    [Theory]
    [MemberData(nameof(ImpossibleSizes))]
    public void Sizes_that_cannot_exist_are_refused_before_any_work(string[] args, string message)
    {
        string[] all = args[0] is "train" or "task" ? [.. args, "--out", _dir.File("m.safetensors")] : args;
        var clock = Stopwatch.StartNew();
        AssertFails(CliRunner.Run(all), 1, message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        Assert.False(File.Exists(_dir.File("m.safetensors")));
    }

    [Theory]
    [InlineData("hidden", "1073741824", "describes no model that can exist")]
    [InlineData("hidden", "23171", "describes no model that can exist")]
    [InlineData("hidden", "5", "has shape")]
    [InlineData("layers", "1000000", "it holds 10 parameter tensors")]
    public void A_checkpoint_whose_metadata_claims_an_absurd_size_is_refused_in_one_line(string key, string value, string message)
    {
        string model = _dir.File("m.safetensors");
        Assert.Equal(0, CliRunner.Run(Train(model, "--layers", "2")).ExitCode);
        var content = SafetensorsFile.Read(model);
        var metadata = content.Metadata.ToDictionary(pair => pair.Key, pair => pair.Value);
        metadata[key] = value;
        SafetensorsFile.Write(model, content.Tensors, metadata);
        foreach (string verb in new[] { "predict", "eval" })
            AssertFails(CliRunner.Run(verb == "predict" ? ["predict", "--model", model, "--text", "he"] : ["eval", "--model", model, "--data", _text]),
                1, message);
    }

    [Theory]
    [InlineData("train", "--out")]
    [InlineData("train", "--resume")]
    [InlineData("train", "--data")]
    [InlineData("eval", "--model")]
    [InlineData("predict", "--model")]
    [InlineData("task", "--out")]
    [InlineData("demo", "--out")]
    [InlineData("plot", "--metrics")]
    public void An_empty_path_is_refused_as_bad_usage(string verb, string option)
    {
        string[] args = verb switch
        {
            "train" => option switch
            {
                "--out" => ["train", "--data", _text, "--out", ""],
                "--data" => ["train", "--data", "", "--out", _dir.File("m.safetensors")],
                _ => ["train", "--data", _text, "--out", _dir.File("m.safetensors"), "--resume", ""],
            },
            "eval" => ["eval", "--data", _text, option, ""],
            "predict" => ["predict", "--text", "he", option, ""],
            "task" => ["task", "adding", option, ""],
            "plot" => ["plot", option, ""],
            _ => ["demo", option, ""],
        };
        AssertFails(CliRunner.Run(args), 2, $"{option} must not be empty");
    }

    [Fact]
    public async Task Devices_and_fifos_are_refused_without_being_opened()
    {
        if (!OperatingSystem.IsLinux())
            return;
        string[] Reading(string data) => ["train", "--data", data, "--out", _dir.File("m.safetensors"), "--steps", "1"];
        AssertFails(CliRunner.Run(Reading("/dev/zero")), 1, "'/dev/zero' is a character device, not a regular file");
        AssertFails(CliRunner.Run(Train("/dev/full")), 2, "--out: '/dev/full' is a character device");
        string fifo = _dir.File("pipe");
        Process.Start("mkfifo", fifo)!.WaitForExit();
        var run = Task.Run(() => CliRunner.Run(Reading(fifo)));
        Assert.True(await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30))) == run, "reading a FIFO with no writer blocked"); // opening it would block
        AssertFails(await run, 1, "is a FIFO (named pipe), not a regular file; to read standard input, give '-'");
        AssertFails(CliRunner.Run(Train(fifo)), 2, "is a FIFO");
        Assert.Equal(Recurrent.Cli.FileKind.Fifo, Recurrent.Cli.FileKinds.Of(fifo));
    }

    [Fact]
    public void An_output_through_a_symbolic_link_writes_the_file_it_names_and_a_missing_folder_is_made()
    {
        string target = _dir.File("real/m.safetensors"), link = _dir.File("link.safetensors");
        Directory.CreateDirectory(_dir.File("real"));
        File.WriteAllText(target, "old");
        File.CreateSymbolicLink(link, target);
        Assert.Equal(0, CliRunner.Run(Train(link)).ExitCode);
        Assert.NotNull(new FileInfo(link).LinkTarget); // still a link
        Assert.True(ModelFile.Load(target).IsCharacterModel); // the file it names was written

        string nested = _dir.File("runs/a/b/m.safetensors");
        Assert.Equal(0, CliRunner.Run(Train(nested)).ExitCode);
        Assert.True(File.Exists(nested));
    }

    [Fact]
    public void Demo_checks_its_output_before_training()
    {
        Directory.CreateDirectory(_dir.File("folder"));
        var clock = Stopwatch.StartNew();
        AssertFails(CliRunner.Run("demo", "--out", _dir.File("folder")), 2, "is a directory");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Empty(Directory.GetFiles(_dir.Path, "folder.*"));
    }

    [Fact]
    public void A_second_run_on_the_same_output_is_refused_naming_the_first_and_a_stale_lock_is_taken_over()
    {
        string model = _dir.File("m.safetensors"), lockFile = model + ".lock";
        using (var holder = Process.Start(new ProcessStartInfo("sleep", "30") { UseShellExecute = false })!)
        {
            File.WriteAllText(lockFile, $"{holder.Id}\n");
            AssertFails(CliRunner.Run(Train(model)), 1, $"is being written by another run (process {holder.Id}");
            Assert.False(File.Exists(model));
            holder.Kill();
            holder.WaitForExit();
        }
        // Its process is gone: the lock is stale, taken over, and removed when the run ends; a killed run's temporaries go too.
        File.WriteAllText(model + ".tmp-0123456789ab", "left by a kill -9");
        File.WriteAllText(_dir.File("m.metrics.png.tmp"), "left by a kill -9");
        File.WriteAllText(_dir.File("m.step000004.val2.1234.safetensors.tmp-00aa11bb22cc"), "left by a kill -9");
        string another = _dir.File("m.v2.safetensors.tmp-0123456789ab"); // being written by a run on m.v2.safetensors
        File.WriteAllText(another, "another run's");
        var run = CliRunner.Run(Train(model));
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.False(File.Exists(lockFile));
        Assert.Equal([another], Directory.GetFiles(_dir.Path, "m.*tmp*"));
    }

    [Fact]
    public void Bare_names_in_the_working_directory_clear_temporaries_and_follow_relative_links()
    {
        Directory.CreateDirectory(_dir.File("real"));
        File.WriteAllText(_dir.File("real/m.safetensors"), "old");
        File.CreateSymbolicLink(_dir.File("link.safetensors"), "real/m.safetensors"); // a relative target
        File.WriteAllText(_dir.File("m.safetensors.tmp-0123456789ab"), "left by a kill -9");
        File.WriteAllText(_dir.File("m.safetensors.lock"), "999999999\n"); // no such process

        using (var process = Process.Start(new ProcessStartInfo("dotnet", [CliPath, .. Train("m.safetensors")])
               { WorkingDirectory = _dir.Path, RedirectStandardOutput = true, RedirectStandardError = true })!)
        {
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, error);
        }
        Assert.Empty(Directory.GetFiles(_dir.Path, "m.*tmp*"));

        using (var process = Process.Start(new ProcessStartInfo("dotnet", [CliPath, .. Train("link.safetensors")])
               { WorkingDirectory = _dir.Path, RedirectStandardOutput = true, RedirectStandardError = true })!)
        {
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, error);
        }
        Assert.True(ModelFile.Load(_dir.File("real/m.safetensors")).IsCharacterModel); // the link's folder, not the root's
        Assert.NotNull(new FileInfo(_dir.File("link.safetensors")).LinkTarget);
    }

    [Fact]
    public void Resuming_a_finished_run_says_so_and_changes_nothing()
    {
        string model = _dir.File("m.safetensors");
        Assert.Equal(0, CliRunner.Run(Train(model)).ExitCode);
        byte[] before = File.ReadAllBytes(model), metricsBefore = File.ReadAllBytes(_dir.File("m.metrics.csv"));
        var run = CliRunner.Run("train", "--data", _text, "--resume", model, "--out", model);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal($"the run saved in '{model}' is already complete (step 2 of 2); nothing to do (give --steps to train further)",
            run.Out.Trim());
        Assert.Equal(before, File.ReadAllBytes(model));
        Assert.Equal(metricsBefore, File.ReadAllBytes(_dir.File("m.metrics.csv")));
    }

    public static TheoryData<string[], string> ParseErrors() => new()
    {
        { ["frobnicate"], "'frobnicate' is not a verb of recurrent; the verbs are train, eval, predict, sample, plot, bench, trace, gradients, task, forecast, classify, speech, export, quantize, sweep, demo" },
        { [], "give a verb: train, eval" },
        { ["train", "--data", "demo", "--out", "m.safetensors", "--lr", "inf"], "--lr must be a finite number (got 'inf')" },
        { ["train", "--data", "demo", "--out", "m.safetensors", "--seed", "-1"], "--seed must be a whole number of at least 0 (got '-1')" },
        { ["plot", "--metrics", "m.metrics.csv", "--threads", "2"], "'--threads' is not an option of recurrent plot." },
        { ["train", "--data", "demo", "--out", "m.safetensors", "--frob"], "'--frob' is not an option of recurrent train." },
        { ["predict", "--model", "m.safetensors", "--text", "a", "extra"], "'extra' is not an argument of recurrent predict." },
        { ["train", "--data", "demo", "--out", "m.safetensors", "--decay", "0"], "--decay applies to --schedule step only" },
        { ["train", "--data", "demo", "--out", "m.safetensors", "--schedule", "step", "--decay", "0"], "--decay must be a number above 0 and below 1 (got 0)" },
        { ["train", "--data", "demo", "--out", "m.safetensors", "--warmup=-1"], "--warmup applies to --schedule cosine only" },
        { ["train", "--data", "demo", "--out", "m.safetensors", "--min-lr-factor", "2"], "--min-lr-factor applies to --schedule cosine only" },
        { ["train", "--data", "demo", "--out", "m.safetensors", "--optimizer", "x"], "--optimizer must be sgd, adagrad, rmsprop, adam or adamw" },
    };

    [Theory]
    [MemberData(nameof(ParseErrors))]
    public void Parse_errors_are_said_in_the_tools_words(string[] args, string message) => AssertFails(CliRunner.Run(args), 2, message);

    [Fact]
    public void A_model_of_the_other_kind_is_named_with_the_command_that_reads_it()
    {
        string model = _dir.File("adding.safetensors");
        Assert.Equal(0, CliRunner.Run("task", "adding", "--length", "6", "--hidden", "4", "--steps", "2", "--eval-every", "1", "--test-size", "5",
            "--out", model, "--threads", "1").ExitCode);
        AssertFails(CliRunner.Run("eval", "--model", model, "--data", _text), 1,
            "is an LSTM 1x4 model of 2 real-valued inputs with a regression head of 1 value on the last step (task adding, T = 6); " +
            "`recurrent eval` reads character models, made by `recurrent train` (`recurrent gradients --model` reads task models)");
        AssertFails(CliRunner.Run("train", "--data", _text, "--resume", model, "--out", model), 1,
            $"Cannot resume '{model}' on a text: it is an LSTM 1x4 model of 2 real-valued inputs with a regression head of 1 value on the " +
            "last step (task adding, T = 6), not a character model; `recurrent task --resume` continues task runs.");

        string characters = _dir.File("characters.safetensors");
        Assert.Equal(0, CliRunner.Run("train", "--data", _text, "--out", characters, "--hidden", "4", "--seq-len", "4", "--batch", "2",
            "--steps", "1", "--threads", "1").ExitCode);
        AssertFails(CliRunner.Run("task", "--resume", characters, "--out", characters), 1,
            $"Cannot resume '{characters}' as a task run: it is an LSTM 1x4 character model over");
        AssertFails(CliRunner.Run("task", "--resume", characters, "--out", characters), 1,
            "not a task model; `recurrent train --resume` continues character runs.");
    }
}
