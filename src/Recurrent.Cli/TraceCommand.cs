// `recurrent trace`: what a character model computes while it reads a text, step by step from a zero state: the
// character read and its one-hot index, then per layer an LSTM's f, i, C~, C, o, h (a GRU's r, z, n, h; an RNN's
// h), printed like the notes' worked example, as JSON, or drawn as heatmaps. The values come from the model's own
// Forward (GateTracer); this file only chooses what to show and formats it.
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
        var model = new Option<string>("--model") { Description = "Checkpoint (.safetensors)", Required = true };
        var text = new Option<string>("--text") { Description = "The text read, one character per step, from a zero state", Required = true };
        var json = new Option<bool>("--json") { Description = "Print the whole trace as JSON (every layer and unit) instead of a table" };
        var png = new Option<string?>("--png") { Description = "Also draw a heatmap of every quantity over time to this PNG" };
        var layer = new Option<int?>("--layer") { Description = "Show only layer K (from 0) in the table and PNG (default: all)" };
        var units = new Option<int?>("--units") { Description = $"Show the first N units (default: {DefaultUnits} in the table, all in the PNG)" };
        var command = new Command("trace", "Show the gates and states of a model at every step of a text") { model, text, json, png, layer, units };
        command.SetAction(parsed =>
        {
            string input = parsed.GetValue(text)!;
            if (input.Length == 0)
                throw new UsageException("--text must not be empty: the trace follows the model through it.");
            int? shownUnits = parsed.GetValue(units) is int n ? OptionChecks.AtLeast("--units", n, 1) : null;
            string? pngPath = parsed.GetValue(png);
            if (pngPath is not null)
                pngPath = PngOutput.Check("--png", pngPath);
            var loaded = ModelFiles.LoadCharacterModel(Paths.Input("--model", parsed.GetValue(model)), "trace");
            int layers = loaded.Network.Spec.Layers;
            int[] shownLayers = parsed.GetValue(layer) is int k
                ? k >= 0 && k < layers ? [k] : throw new UsageException($"--layer must be in [0, {layers - 1}]: the model has {layers} layer(s) (got {k}).")
                : Enumerable.Range(0, layers).ToArray();
            var trace = GateTracer.Trace(loaded, input);

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
