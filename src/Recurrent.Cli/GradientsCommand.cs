// `recurrent gradients`: how much of the gradient of a loss on the last step reaches the steps before it, for
// saved models (character checkpoints or task models, several side by side; see GradientsModels) or for fresh
// models at initialisation (RNN, LSTM and GRU side by side). The loss is u·h(T-1) with
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

    /// <summary>T when neither --length nor a task model says otherwise.</summary>
    private const int DefaultLength = 100;

    public static Command Create(CliContext context)
    {
        var model = new Option<string[]>("--model")
        {
            Description = "Measure this saved model, a character checkpoint or a task model; repeat it to put models side by side (default: fresh models at initialisation)",
            AllowMultipleArgumentsPerToken = false,
        };
        var cell = new Option<string>("--cell") { Description = "Fresh model: rnn, lstm, gru or all", DefaultValueFactory = _ => "all" };
        var hidden = new Option<int>("--hidden") { Description = "Fresh model: hidden units H", DefaultValueFactory = _ => 64 };
        var layers = new Option<int>("--layers") { Description = "Fresh model: stacked layers L", DefaultValueFactory = _ => 1 };
        var vocab = new Option<int>("--vocab") { Description = "Fresh model: one-hot input over V random tokens", DefaultValueFactory = _ => 64 };
        var forgetBias = new Option<double?>("--forget-bias") { Description = "Fresh model: bias of the LSTM's forget gate and the GRU's update gate (default: PyTorch's init, near 0)" };
        var length = new Option<int?>("--length") { Description = "Sequence length T (default 100; task models: their task's length)" };
        var samples = new Option<int>("--samples") { Description = "Random sequences to average over (geometric mean)", DefaultValueFactory = _ => 16 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the initialisation, the sequences and the loss vectors", DefaultValueFactory = _ => 1 };
        var text = new Option<string?>("--text") { Description = "With --model, character checkpoints: read windows of this text instead of random characters" };
        var png = new Option<string?>("--png") { Description = "Also draw the norms against k on a log scale to this PNG" };
        var json = new Option<bool>("--json") { Description = "Print every norm as JSON instead of a table" };
        var allRows = new Option<bool>("--all-rows") { Description = "Print every k (default: a selection)" };
        var command = new Command("gradients", "Measure how the gradient of a loss on the last step vanishes going back in time")
        {
            model, cell, hidden, layers, vocab, forgetBias, length, samples, seed, text, png, json, allRows,
        };
        command.SetAction(parsed =>
        {
            int? givenLength = parsed.GetValue(length) is int l0 ? OptionChecks.AtLeast("--length", l0, 2) : null;
            int count = OptionChecks.AtLeast("--samples", parsed.GetValue(samples), 1);
            ulong seedValue = parsed.GetValue(seed);
            string? pngPath = parsed.GetValue(png);
            if (pngPath is not null)
                pngPath = PngOutput.Check("--png", pngPath);
            string[] modelPaths = (parsed.GetValue(model) ?? []).Select(path => Paths.Input("--model", path)).ToArray();
            string? textValue = parsed.GetValue(text);
            string description, title;
            int steps;
            var results = new List<GradientFlowResult>();
            if (modelPaths.Length > 0)
            {
                if (new Option[] { cell, hidden, layers, vocab, forgetBias }.FirstOrDefault(o => parsed.GetResult(o) is { Implicit: false }) is { } fresh)
                    throw new UsageException($"{fresh.Name} describes a fresh model; with --model the file says what the model is.");
                steps = GradientsModels.Length(modelPaths, givenLength, DefaultLength);
                var measured = modelPaths.Select(path => GradientsModels.Measure(path, steps, count, seedValue, textValue)).ToArray();
                string[] labels = Labels(modelPaths);
                for (int m = 0; m < measured.Length; m++)
                    results.Add(modelPaths.Length == 1 ? measured[m].Result : measured[m].Result with { Label = labels[m] });
                description = string.Join("\n", measured.Select(m => m.Description));
                title = modelPaths.Length == 1
                    ? Invariant($"Gradient flow of {Path.GetFileName(modelPaths[0])}, T = {steps}")
                    : Invariant($"Gradient flow of {string.Join(", ", labels)}, T = {steps}");
            }
            else
            {
                if (textValue is not null)
                    throw new UsageException("--text is read by a trained model: give --model too.");
                steps = givenLength ?? DefaultLength;
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

    /// <summary>
    /// A header, then a row per shown distance k with ‖dL/dh‖ and ‖dL/dx‖ for each cell (or model), then the k = 50
    /// (or T-1) over k = 1 ratios. <paramref name="description"/> may span several lines, one per model.
    /// </summary>
    internal static void WriteTable(TextWriter output, IReadOnlyList<GradientFlowResult> results, string description, bool allRows)
    {
        int steps = results[0].Length;
        output.WriteLine(Invariant($"loss u·h(T-1) on the last of T = {steps} steps (u a random unit vector); norms are geometric means over {results[0].Samples} sequences"));
        foreach (string line in description.Split('\n'))
            output.WriteLine(line);
        int[] widths = results.Select(r => Math.Max(12, r.Name.Length + 5)).ToArray();
        var header = new System.Text.StringBuilder("    k");
        for (int r = 0; r < results.Count; r++)
            header.Append((results[r].Name + " dh").PadLeft(widths[r])).Append((results[r].Name + " dx").PadLeft(widths[r]));
        output.WriteLine(header.ToString());
        foreach (int k in ShownDistances(steps, allRows))
        {
            var row = new System.Text.StringBuilder(Invariant($"{k,5}"));
            for (int r = 0; r < results.Count; r++)
                row.Append(Scientific(results[r].HiddenNorms[k]).PadLeft(widths[r])).Append(Scientific(results[r].InputNorms[k]).PadLeft(widths[r]));
            output.WriteLine(row.ToString());
        }
        int far = Math.Min(50, steps - 1);
        if (far > 1)
            output.WriteLine(Invariant($"dh(k={far}) / dh(k=1): ")
                + string.Join("  ", results.Select(r => $"{r.Name} {Scientific(r.HiddenRatio(far))}")));
    }

    /// <summary>What the table and the plot call each file: its name without the extension, or its path when two names clash.</summary>
    private static string[] Labels(string[] paths)
    {
        string[] names = paths.Select(Path.GetFileNameWithoutExtension).Select(n => n ?? "").ToArray();
        return names.Distinct(StringComparer.Ordinal).Count() == names.Length ? names : paths;
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
