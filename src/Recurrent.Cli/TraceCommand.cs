// `recurrent trace`: what a character model computes while it reads a text, step by step from a zero state: the
// character read and its one-hot index, then per layer an LSTM's f, i, C~, C, o, h (a GRU's r, z, n, h; an RNN's
// h), printed like the notes' worked example, as JSON, drawn as heatmaps, or as a live page (the notes' diagram,
// heatmaps, the next-character distribution and play controls). --worked-example traces the notes' hand-built cell.
// The values come from the model's own Forward (GateTracer); this file only chooses what to show and formats it.
using System.CommandLine;
using System.Globalization;
using Recurrent.Cli.Plotting;
using Recurrent.Diagnostics;

namespace Recurrent.Cli;

public static class TraceCommand
{
    /// <summary>Units per row in the table when --units is not given.</summary>
    public const int DefaultUnits = 8;

    public static Command Create(CliContext context)
    {
        var model = new Option<string?>("--model") { Description = "Checkpoint (.safetensors)" };
        var example = new Option<bool>("--worked-example") { Description = "Trace the notes' worked example (a hand-built LSTM cell over \"help\") instead of a model; --text defaults to \"h\"" };
        var text = new Option<string?>("--text") { Description = "The text read, one character per step, from a zero state" };
        var json = new Option<bool>("--json") { Description = "Print the whole trace as JSON (every layer and unit) instead of a table" };
        var png = new Option<string?>("--png") { Description = "Also draw a heatmap of every quantity over time to this PNG" };
        var layer = new Option<int?>("--layer") { Description = "Show only layer K (from 0) in the table and PNG (default: all)" };
        var html = new Option<string?>("--html") { Description = "Also write a self-contained interactive page: the cell diagram, the text, heatmaps and the next-character distribution, step by step" };
        var units = new Option<int?>("--units") { Description = $"Show the first N units (default: {DefaultUnits} in the table, all in the PNG, up to {GateTracePage.DefaultUnits} in the page)" };
        var active = new Option<int?>("--active") { Description = "In the page, show the N units whose h moves most over the text (in index order) instead of the first N" };
        var command = new Command("trace", "Show the gates and states of a model at every step of a text") { model, example, text, json, png, html, layer, units, active };
        command.SetAction(parsed =>
        {
            bool worked = parsed.GetValue(example);
            if (worked == (parsed.GetValue(model) is not null))
                throw new UsageException(worked ? "--worked-example traces the notes' cell, not a model: leave out --model."
                    : "Give --model (a character model) or --worked-example.");
            string input = parsed.GetValue(text) ?? (worked ? NotesExample.Word[..1]
                : throw new UsageException("Give --text: the trace follows the model through it."));
            if (input.Length == 0)
                throw new UsageException("--text must not be empty: the trace follows the model through it.");
            int? shownUnits = parsed.GetValue(units) is int n ? OptionChecks.AtLeast("--units", n, 1) : null;
            int? activeUnits = parsed.GetValue(active) is int a ? OptionChecks.AtLeast("--active", a, 1) : null;
            if (shownUnits is not null && activeUnits is not null)
                throw new UsageException("Give --units (the first N units) or --active (the N most active), not both.");
            if (activeUnits is not null && parsed.GetValue(html) is null)
                throw new UsageException("--active chooses the units of the page: give --html too.");
            string? pngPath = parsed.GetValue(png);
            if (pngPath is not null)
                pngPath = PngOutput.Check("--png", pngPath);
            string? htmlPath = parsed.GetValue(html) is { } page ? Paths.Output("--html", page) : null;
            string? modelPath = worked ? null : Paths.Input("--model", parsed.GetValue(model));
            var loaded = modelPath is null ? NotesExample.Create() : ModelFiles.LoadCharacterModel(modelPath, "trace");
            int layers = loaded.Network.Spec.Layers;
            int[] shownLayers = parsed.GetValue(layer) is int k
                ? k >= 0 && k < layers ? [k] : throw new UsageException($"--layer must be in [0, {layers - 1}]: the model has {layers} layer(s) (got {k}).")
                : Enumerable.Range(0, layers).ToArray();
            var trace = GateTracer.Trace(loaded, input);
            if (htmlPath is not null) // checked before the table prints, so a text too long for a page prints nothing
                GateTracePage.EnsureFits(trace.Steps.Count, GateQuantities.Of(loaded.Spec.Cell).Count,
                    (long)shownLayers.Length * Math.Min(activeUnits ?? shownUnits ?? GateTracePage.DefaultUnits, trace.Hidden));
            // The page's units: the N most active, the first N, or (null) the page's own default.
            Func<int, IReadOnlyList<int>>? unitsOf = activeUnits is int count ? k => [.. UnitActivity.MostActive(trace, k, count).Order()]
                : shownUnits is int first ? _ => [.. Enumerable.Range(0, Math.Min(first, trace.Hidden))] : null;

            if (parsed.GetValue(json))
                context.Out.WriteLine(GateTraceJson.Write(trace));
            else
                WriteTable(context.Out, trace, shownLayers, shownUnits ?? DefaultUnits);
            if (pngPath is not null)
            {
                GateTracePlot.Write(trace, pngPath, shownLayers, shownUnits ?? trace.Hidden);
                if (!parsed.GetValue(json))
                    context.Out.WriteLine($"wrote {pngPath}");
            }
            if (htmlPath is not null)
            {
                string title = worked ? "The notes' worked example: an LSTM cell reads 'h'" : $"{Path.GetFileName(modelPath)} reads \"{(input.Length > 40 ? input[..40] + "…" : input)}\"";
                string description = worked
                    ? "f = [0.8, 0.3], i = [0.5, 0.7], C~ = [0.2, -0.1], o = [0.9, 0.6] from a zero state: C = f⊙C(t−1) + i⊙C~, h = o⊙tanh(C)"
                    : $"{loaded.Describe()}, from a zero state";
                WholeFile.Write(htmlPath, System.Text.Encoding.UTF8.GetBytes(GateTracePage.Html(trace, title, description, shownLayers, unitsOf)), "the page");
                if (!parsed.GetValue(json))
                    context.Out.WriteLine($"wrote {htmlPath}");
            }
            return CliApp.Ok;
        });
        return command;
    }

    /// <summary>
    /// A header, then per step "t=2 'l' (index 2)" and one row per quantity of each shown layer with the first
    /// <paramref name="units"/> values, e.g. "  f     0.8000  0.3000".
    /// </summary>
    internal static void WriteTable(TextWriter output, GateTrace trace, IReadOnlyList<int> layers, int units)
    {
        int shown = Math.Min(units, trace.Hidden);
        string unitsNote = shown < trace.Hidden ? $"; showing units 0-{shown - 1} of {trace.Hidden}" : "";
        output.WriteLine(Invariant($"{trace.Cell}, {Count(trace.Layers, "layer")} of {Count(trace.Hidden, "unit")}, {Count(trace.Steps.Count, "step")} from a zero state{unitsNote}"));
        bool nameLayers = trace.Layers > 1;
        var names = GateQuantities.Of(Models.CellKinds.TryParse(trace.Cell, out var cell) ? cell
            : throw new ArgumentException($"Unknown cell '{trace.Cell}'.", nameof(trace)));
        foreach (var step in trace.Steps)
        {
            output.WriteLine(Invariant($"t={step.T} {CharDisplay.Quote(step.Char)} (index {step.Index})"));
            foreach (int layer in layers)
            {
                string indent = nameLayers ? "    " : "  ";
                if (nameLayers)
                    output.WriteLine(Invariant($"  layer {layer}"));
                foreach (string name in names)
                    output.WriteLine(indent + Row(name, step.Layers[layer][name], shown));
            }
        }
    }

    private static string Row(string name, float[] values, int shown)
    {
        var row = new System.Text.StringBuilder(name.PadRight(3));
        for (int u = 0; u < shown; u++)
            row.Append(' ').Append(values[u].ToString("F4", CultureInfo.InvariantCulture).PadLeft(8));
        if (shown < values.Length)
            row.Append(Invariant($"  … (+{values.Length - shown})"));
        return row.ToString();
    }

    private static string Count(int n, string noun) => Invariant($"{n} {noun}{(n == 1 ? "" : "s")}");

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
