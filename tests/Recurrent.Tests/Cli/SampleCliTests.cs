// `recurrent sample` with the sampling options: greedy, top-k, top-p, seeds, no prime, streamed
// output, Ctrl+C, and one-line errors for values that mean nothing.
using System.Text;
using Recurrent.Models;
using Recurrent.Cli;
using Recurrent.IO;
using Recurrent.Tests.Generation;
using Recurrent.Tests.IO;

namespace Recurrent.Tests.Cli;

public sealed class SampleCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _model;

    public SampleCliTests()
    {
        _model = _dir.File("tiny.safetensors");
        ModelFile.Save(_model, TinyModels.Random());
    }

    public void Dispose() => _dir.Dispose();

    private CliRun Sample(params string[] extra) => CliRunner.Run(["sample", "--model", _model, .. extra]);

    private static string Text(CliRun run)
    {
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.EndsWith("\n", run.Out);
        return run.Out[..^1];
    }

    public static TheoryData<string[], string> BadValues() => new()
    {
        { ["--top-k=-1"], "--top-k must be at least 0 (got -1)" },
        { ["--top-k", "many"], "many" },
        { ["--top-p", "0"], "--top-p must be a number above 0 and at most 1 (got 0)" },
        { ["--top-p", "1.5"], "--top-p must be a number above 0 and at most 1 (got 1.5)" },
        { ["--top-p=-0.2"], "--top-p must be" },
        { ["--top-p", "NaN"], "--top-p must be" },
        { ["--temperature", "NaN"], "--temperature must be" },
        { ["--temperature", "Infinity"], "--temperature must be" },
        { ["--seed=-1"], "-1" },
        { ["--greedy", "maybe"], "maybe" },
    };

    [Theory]
    [MemberData(nameof(BadValues))]
    public void Bad_values_are_one_line_errors(string[] extra, string message) =>
        CliRunner.AssertUserError(Sample(extra), message);

    [Fact]
    public void Greedy_top_k_one_and_temperature_zero_write_the_same_text()
    {
        string greedy = Text(Sample("--prime", "ab", "--length", "80", "--greedy", "--seed", "3"));
        Assert.Equal(82, greedy.Length);
        Assert.StartsWith("ab", greedy);
        Assert.Equal(greedy, Text(Sample("--prime", "ab", "--length", "80", "--top-k", "1", "--temperature", "2", "--seed", "4")));
        Assert.Equal(greedy, Text(Sample("--prime", "ab", "--length", "80", "--temperature", "0", "--seed", "5")));
        Assert.Equal(greedy, Text(Sample("--prime", "ab", "--length", "80", "--top-p", "1e-9", "--seed", "6")));
        Assert.NotEqual(greedy, Text(Sample("--prime", "ab", "--length", "80", "--seed", "6")));
    }

    [Fact]
    public void The_same_seed_gives_the_same_text_and_another_seed_another()
    {
        string[] options = ["--prime", "a", "--length", "100", "--temperature", "0.9", "--top-k", "8", "--top-p", "0.95"];
        string first = Text(Sample([.. options, "--seed", "21"]));
        Assert.Equal(first, Text(Sample([.. options, "--seed", "21"])));
        Assert.NotEqual(first, Text(Sample([.. options, "--seed", "22"])));
    }

    [Fact]
    public void Without_a_prime_it_writes_exactly_length_characters()
    {
        string text = Text(Sample("--length", "50", "--top-k", "3", "--seed", "9"));
        Assert.Equal(50, text.Length);
        Assert.Equal("", Text(Sample("--length", "0")));
    }

    [Fact]
    public void Output_is_flushed_while_it_is_generated()
    {
        var output = new FlushRecorder();
        int code = CliApp.Run(["sample", "--model", _model, "--prime", "a", "--length", "300", "--seed", "2"],
            new CliContext(output, new StringWriter()));
        Assert.Equal(CliApp.Ok, code);
        Assert.Equal(302, output.ToString().Length); // prime, 300 characters, newline
        Assert.True(output.FlushedLengths.Count >= 5, $"flushed at {string.Join(", ", output.FlushedLengths)}");
        Assert.True(output.FlushedLengths[1] <= 65, $"first characters were held back: {output.FlushedLengths[1]}");
        Assert.Equal(302, output.FlushedLengths[^1]);
    }

    [Fact]
    public void Ctrl_c_stops_cleanly_with_what_was_written()
    {
        using var cancellation = new CancellationTokenSource();
        var output = new FlushRecorder(cancelAfter: 10, cancellation);
        var error = new StringWriter();
        int code = CliApp.Run(["sample", "--model", _model, "--prime", "ab", "--length", "100000"],
            new CliContext(output, error, cancellation.Token));
        Assert.Equal(CliApp.Interrupted, code);
        Assert.Equal("", error.ToString());
        string text = output.ToString();
        Assert.StartsWith("ab", text);
        Assert.EndsWith("\n", text);
        Assert.InRange(text.Length, 11, 13); // "ab", 8 or so characters, newline
        Assert.Equal(text.Length, output.FlushedLengths[^1]);
    }

    /// <summary>Records how much had been written at each Flush; optionally cancels after some characters.</summary>
    private sealed class FlushRecorder(int cancelAfter = int.MaxValue, CancellationTokenSource? cancellation = null) : StringWriter
    {
        public List<int> FlushedLengths { get; } = [];

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            base.Write(value);
            if (GetStringBuilder().Length >= cancelAfter)
                cancellation?.Cancel();
        }

        public override void Write(string? value)
        {
            foreach (char c in value ?? "")
                Write(c);
        }

        public override void Flush()
        {
            FlushedLengths.Add(GetStringBuilder().Length);
            base.Flush();
        }
    }
}
