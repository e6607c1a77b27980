// A gate trace as one self-contained HTML page (`recurrent trace --html`): the notes' cell diagram at the current
// step with every gate's units as coloured cells, the text with the current character marked, heatmaps of each
// quantity over all steps, the next-character distribution, and play/pause/step/scrub controls. The page is the
// template GateTracePage.html (an embedded resource: CSS and script inline, nothing fetched) with the trace's
// values, rounded to 4 decimals, in a JSON script block. Its size is bounded (MaxValues, MaxSteps) so that it
// stays small enough to mail and quick to draw.
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Recurrent.Diagnostics;

/// <summary>Writes <see cref="GateTrace"/>s as interactive, self-contained HTML pages.</summary>
public static class GateTracePage
{
    /// <summary>The most steps (characters) a page shows.</summary>
    public const int MaxSteps = 2000;

    /// <summary>The most values (steps × layers × quantities × units) a page holds: about 4 MB of page.</summary>
    public const int MaxValues = 500_000;

    /// <summary>Units shown per layer when none are chosen: all of them up to this many, else this many of the most active.</summary>
    public const int DefaultUnits = 64;

    /// <summary>The page of <paramref name="trace"/>.</summary>
    /// <param name="trace">What the model computed at every step.</param>
    /// <param name="title">The page's title and heading.</param>
    /// <param name="description">A line under it: what the model is.</param>
    /// <param name="layers">The layers the page shows (a choice in the page when more than one); all when null.</param>
    /// <param name="units">The units shown of each layer; when null, all, or the <see cref="DefaultUnits"/> most active of a wider layer.</param>
    /// <exception cref="ArgumentException">A layer or unit does not exist.</exception>
    /// <exception cref="RecurrentException">The trace is too long or too wide for a page (the message gives the limits).</exception>
    public static string Html(GateTrace trace, string title, string description, IReadOnlyList<int>? layers = null,
        Func<int, IReadOnlyList<int>>? units = null)
    {
        ArgumentNullException.ThrowIfNull(trace);
        int[] shownLayers = [.. layers ?? Enumerable.Range(0, trace.Layers)];
        foreach (int k in shownLayers)
            if (k < 0 || k >= trace.Layers)
                throw new ArgumentException($"Layer {k} does not exist: the model has {trace.Layers}.", nameof(layers));
        var shownUnits = shownLayers.Select(k => units?.Invoke(k) ?? DefaultChoice(trace, k)).ToArray();
        foreach (int u in shownUnits.SelectMany(list => list))
            if (u < 0 || u >= trace.Hidden)
                throw new ArgumentException($"Unit {u} does not exist: a layer has {trace.Hidden}.", nameof(units));
        var quantities = GateQuantities.Of(Models.CellKinds.TryParse(trace.Cell, out var cell) ? cell
            : throw new ArgumentException($"Unknown cell '{trace.Cell}'.", nameof(trace)));
        EnsureFits(trace.Steps.Count, quantities.Count, shownUnits.Sum(list => (long)list.Count));

        var data = new JsonObject
        {
            ["title"] = title,
            ["description"] = description,
            ["cell"] = trace.Cell,
            ["hidden"] = trace.Hidden,
            ["quantities"] = new JsonArray([.. quantities.Select(q => (JsonNode)q)]),
            ["sigmoid"] = new JsonArray([.. quantities.Where(GateQuantities.IsSigmoidGate).Select(q => (JsonNode)q)]),
            ["describe"] = new JsonObject(quantities.Select(q => KeyValuePair.Create(q, (JsonNode?)GateQuantities.Describe(q)))),
            ["steps"] = new JsonArray([.. trace.Steps.Select(Step)]),
            ["layers"] = new JsonArray([.. shownLayers.Select((k, n) => Layer(trace, k, shownUnits[n], quantities))]),
        };
        // The default encoder escapes <, > and &, so the JSON can never close its script tag.
        string json = data.ToJsonString();
        return Template().Replace("/*TITLE*/", WebUtility.HtmlEncode(title), StringComparison.Ordinal)
            .Replace("/*TRACE_DATA*/", json, StringComparison.Ordinal);
    }

    /// <summary>All units of a layer up to <see cref="DefaultUnits"/>, else the most active that many, in index order.</summary>
    private static IReadOnlyList<int> DefaultChoice(GateTrace trace, int layer) =>
        trace.Hidden <= DefaultUnits ? [.. Enumerable.Range(0, trace.Hidden)] : [.. UnitActivity.MostActive(trace, layer, DefaultUnits).Order()];

    /// <summary>Throws unless a page of this many steps and values stays within <see cref="MaxSteps"/> and <see cref="MaxValues"/>.</summary>
    /// <exception cref="RecurrentException">It does not; the message gives the counts and the limits.</exception>
    public static void EnsureFits(int steps, int quantities, long units)
    {
        if (steps > MaxSteps)
            throw new RecurrentException(string.Create(CultureInfo.InvariantCulture,
                $"The text has {steps:N0} characters; a page shows at most {MaxSteps:N0}: trace a shorter text."));
        long values = steps * quantities * units;
        if (values > MaxValues)
            throw new RecurrentException(string.Create(CultureInfo.InvariantCulture,
                $"The page would hold {values:N0} values ({steps:N0} steps × {quantities} quantities × {units:N0} units of the layers shown); a page holds at most {MaxValues:N0} (about 4 MB): trace a shorter text, one layer, or fewer units."));
    }

    private static JsonNode Step(GateTraceStep step) => new JsonObject
    {
        ["char"] = step.Char,
        ["index"] = step.Index,
        ["next"] = step.Next is null ? null : new JsonArray([.. step.Next.Select(n => (JsonNode)new JsonArray(n.Char, Math.Round(n.Probability, 4)))]),
    };

    private static JsonNode Layer(GateTrace trace, int layer, IReadOnlyList<int> units, IReadOnlyList<string> quantities)
    {
        var values = new JsonObject();
        var magnitudes = new List<double>();
        foreach (string q in quantities)
        {
            var row = new JsonArray();
            foreach (var step in trace.Steps)
            {
                float[] all = step.Layers[layer][q];
                foreach (int u in units)
                {
                    row.Add(Math.Round((double)all[u], 4));
                    if (q == GateQuantities.Cell)
                        magnitudes.Add(Math.Abs(all[u]));
                }
            }
            values[q] = row;
        }
        return new JsonObject
        {
            ["layer"] = layer,
            ["units"] = new JsonArray([.. units.Select(u => (JsonNode)u)]),
            ["cellScale"] = Math.Round(Math.Max(Percentile95(magnitudes), 1e-4), 4),
            ["values"] = values,
        };
    }

    /// <summary>
    /// The colour scale of the cell state: the 95th percentile of its magnitudes, so that the few units an LSTM drives
    /// far (counters, |C| of 20) do not wash out the rest; 0 when there is no cell state.
    /// </summary>
    private static double Percentile95(List<double> magnitudes)
    {
        if (magnitudes.Count == 0)
            return 0;
        magnitudes.Sort();
        return magnitudes[(int)Math.Ceiling(0.95 * magnitudes.Count) - 1];
    }

    private static string Template()
    {
        using var stream = typeof(GateTracePage).Assembly.GetManifestResourceStream("Recurrent.Diagnostics.GateTracePage.html")
            ?? throw new InvalidOperationException("The page template is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
