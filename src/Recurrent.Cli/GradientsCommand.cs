// `recurrent gradients`: how much of the gradient of a loss on the last step reaches the steps before it, for a
// trained model or for fresh models at initialisation (RNN, LSTM and GRU side by side). The loss is u·h(T-1) with
// u a random unit vector per sequence, so ‖dL/dh(T-1)‖ = 1 and each row says what fraction is left k steps back;
// the measure itself is GradientFlow's. A table, JSON, and a log-scale PNG.
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Recurrent.Cli.Plotting;
using Recurrent.Diagnostics;
using Recurrent.IO;
using Recurrent.Models;

namespace Recurrent.Cli;

public static class GradientsCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static Command Create(CliContext context)
    {
        var model = new Option<string?>("--model") { Description = "Measure this checkpoint (default: fresh models at initialisation)" };
        var cell = new Option<string>("--cell") { Description = "Fresh model: rnn, lstm, gru or all", DefaultValueFactory = _ => "all" };
        var hidden = new Option<int>("--hidden") { Description = "Fresh model: hidden units H", DefaultValueFactory = _ => 64 };
        var layers = new Option<int>("--layers") { Description = "Fresh model: stacked layers L", DefaultValueFactory = _ => 1 };
        var vocab = new Option<int>("--vocab") { Description = "Fresh model: one-hot input over V random tokens", DefaultValueFactory = _ => 64 };
        var forgetBias = new Option<double?>("--forget-bias") { Description = "Fresh model: bias of the LSTM's forget gate and the GRU's update gate (default: PyTorch's init, near 0)" };
        var length = new Option<int>("--length") { Description = "Sequence length T", DefaultValueFactory = _ => 100 };
        var samples = new Option<int>("--samples") { Description = "Random sequences to average over (geometric mean)", DefaultValueFactory = _ => 16 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the initialisation, the sequences and the loss vectors", DefaultValueFactory = _ => 1 };
        var text = new Option<string?>("--text") { Description = "With --model: read windows of this text instead of random characters" };
        var png = new Option<string?>("--png") { Description = "Also draw the norms against k on a log scale to this PNG" };
        var json = new Option<bool>("--json") { Description = "Print every norm as JSON instead of a table" };
        var allRows = new Option<bool>("--all-rows") { Description = "Print every k (default: a selection)" };
        var command = new Command("gradients", "Measure how the gradient of a loss on the last step vanishes going back in time")
        {
            model, cell, hidden, layers, vocab, forgetBias, length, samples, seed, text, png, json, allRows,
        };
        command.SetAction(parsed =>
        {
            int steps = OptionChecks.AtLeast("--length", parsed.GetValue(length), 2);
            int count = OptionChecks.AtLeast("--samples", parsed.GetValue(samples), 1);
            ulong seedValue = parsed.GetValue(seed);
            string? pngPath = parsed.GetValue(png);
            if (pngPath is not null)
                PngOutput.Check("--png", pngPath);
            string? modelPath = parsed.GetValue(model);
            string? textValue = parsed.GetValue(text);
            string description, title;
            var results = new List<GradientFlowResult>();
            if (modelPath is not null)
            {
                if (new Option[] { cell, hidden, layers, vocab, forgetBias }.FirstOrDefault(o => parsed.GetResult(o) is { Implicit: false }) is { } fresh)
                    throw new UsageException($"{fresh.Name} describes a fresh model; with --model the checkpoint says what the model is.");
                var loaded = Checkpoint.Load(modelPath);
                int[]? tokens = null;
                if (textValue is not null)
                {
                    tokens = loaded.Vocabulary.Encode(textValue);
                    if (tokens.Length < steps)
                        throw new UsageException($"--text has {tokens.Length} characters, fewer than --length {steps}.");
                }
                results.Add(GradientFlow.Measure(GradientFlow.InDouble(loaded.Network), steps, count, seedValue, tokens));
                var spec = loaded.Network.Spec;
                description = Invariant($"{modelPath}: {spec.Cell.ToName()}, H = {spec.Hidden}, L = {spec.Layers}, ")
                    + $"reading {(tokens is null ? "random characters of its vocabulary" : "windows of --text")}";
                title = Invariant($"Gradient flow of {Path.GetFileName(modelPath)}, T = {steps}");
            }
            else
            {
                if (textValue is not null)
                    throw new UsageException("--text is read by a trained model: give --model too.");
                int h = OptionChecks.AtLeast("--hidden", parsed.GetValue(hidden), 1);
                int l = OptionChecks.AtLeast("--layers", parsed.GetValue(layers), 1);
                int v = OptionChecks.AtLeast("--vocab", parsed.GetValue(vocab), 1);
                double? bias = parsed.GetValue(forgetBias) is double b ? OptionChecks.InRange("--forget-bias", b, -20, 20) : null;
                string cellName = parsed.GetValue(cell)!;
                CellKind[] cells = string.Equals(cellName, "all", StringComparison.OrdinalIgnoreCase)
                    ? [CellKind.Rnn, CellKind.Lstm, CellKind.Gru] : [Cell(cellName)];
                foreach (var kind in cells)
                {
                    var network = new RecurrentModel<double>(ModelSpec.ForCharacters(kind, v, h, l));
                    network.Initialize(seedValue);
                    if (bias is double value)
                        MemoryGateBias.Set(network, value);
                    results.Add(GradientFlow.Measure(network, steps, count, seedValue));
                }
                string biasNote = bias is double set ? Invariant($", forget/update-gate bias {set}") : "";
                description = Invariant($"fresh models at initialisation (PyTorch's{biasNote}): H = {h}, L = {l}, one-hot input over {v} random tokens, seed {seedValue}");
                title = Invariant($"Gradient flow at initialisation{biasNote}, T = {steps}, H = {h}");
            }

            bool asJson = parsed.GetValue(json);
            if (asJson)
                context.Out.WriteLine(JsonSerializer.Serialize(new
                {
                    loss = "u·h(T-1), u a random unit vector per sequence",
                    average = "geometric mean over the sequences",
                    length = steps,
                    samples = count,
                    seed = seedValue,
                    results,
                }, Json));
            else
                WriteTable(context.Out, results, description, parsed.GetValue(allRows));
            if (pngPath is not null)
            {
                GradientFlowPlot.Write(results, pngPath, title);
                if (!asJson)
                    context.Out.WriteLine($"wrote {pngPath}");
            }
            return CliApp.Ok;
        });
        return command;
    }

    /// <summary>A header, then a row per shown distance k with ‖dL/dh‖ and ‖dL/dx‖ for each cell, then the k = 50 (or T-1) over k = 1 ratios.</summary>
    internal static void WriteTable(TextWriter output, IReadOnlyList<GradientFlowResult> results, string description, bool allRows)
    {
        int steps = results[0].Length;
        output.WriteLine(Invariant($"loss u·h(T-1) on the last of T = {steps} steps (u a random unit vector); norms are geometric means over {results[0].Samples} sequences"));
        output.WriteLine(description);
        var header = new System.Text.StringBuilder("    k");
        foreach (var result in results)
            header.Append($"{result.Cell.ToName() + " dh",12}{result.Cell.ToName() + " dx",12}");
        output.WriteLine(header.ToString());
        foreach (int k in ShownDistances(steps, allRows))
        {
            var row = new System.Text.StringBuilder(Invariant($"{k,5}"));
            foreach (var result in results)
                row.Append($"{Scientific(result.HiddenNorms[k]),12}{Scientific(result.InputNorms[k]),12}");
            output.WriteLine(row.ToString());
        }
        int far = Math.Min(50, steps - 1);
        if (far > 1)
            output.WriteLine(Invariant($"dh(k={far}) / dh(k=1): ")
                + string.Join("  ", results.Select(r => $"{r.Cell.ToName()} {Scientific(r.HiddenRatio(far))}")));
    }

    /// <summary>0-5, then every 5 to 30, then every 10, and the last (T-1); or every k.</summary>
    internal static IEnumerable<int> ShownDistances(int steps, bool all)
    {
        for (int k = 0; k < steps; k++)
            if (all || k <= 5 || (k <= 30 && k % 5 == 0) || k % 10 == 0 || k == steps - 1)
                yield return k;
    }

    private static CellKind Cell(string name) =>
        CellKinds.TryParse(name, out var kind) ? kind : throw new UsageException($"--cell must be rnn, lstm, gru or all (got '{name}').");

    private static string Scientific(double value) => value.ToString("0.000e+00", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
