// How a classifier of numeric sequences read its table: the id, step and label columns, the feature columns in order,
// and the windows and label rule. Saved with the model, so that evaluation reads a new table exactly as training read
// its own (the same features in the same order, the same windows), and a table read another way is refused rather
// than scored on the wrong inputs.
using System.Text.Json.Nodes;

namespace Recurrent.Classification;

/// <summary>The columns (features resolved to names) and options a <see cref="SequenceTable"/> was read with.</summary>
public sealed record SequenceLayout(SequenceColumns Columns, SequenceOptions Options)
{
    /// <summary>The key of the layout in a model file's metadata.</summary>
    public const string MetadataKey = "classifier.sequences";

    /// <summary>The layout as JSON.</summary>
    public string ToJson() => new JsonObject
    {
        ["id"] = Columns.Id,
        ["step"] = Columns.Step,
        ["label"] = Columns.Label,
        ["features"] = new JsonArray([.. Columns.Features.Select(f => (JsonNode?)f)]),
        ["window"] = Options.Window,
        ["stride"] = Options.Stride,
        ["label_from"] = Options.LabelFrom.ToString(),
        ["normal"] = Options.Normal,
    }.ToJsonString();

    /// <summary>The layout saved by <see cref="ToJson"/>.</summary>
    /// <exception cref="FormatException">The text is not such a layout.</exception>
    public static SequenceLayout FromJson(string text)
    {
        try
        {
            var json = JsonNode.Parse(text)!.AsObject();
            var columns = new SequenceColumns
            {
                Id = json["id"]?.GetValue<string>(),
                Step = json["step"]?.GetValue<string>(),
                Label = json["label"]!.GetValue<string>(),
                Features = [.. json["features"]!.AsArray().Select(f => f!.GetValue<string>())],
            };
            var options = new SequenceOptions
            {
                Window = json["window"]?.GetValue<int>(),
                Stride = json["stride"]!.GetValue<int>(),
                LabelFrom = Enum.TryParse<SequenceLabel>(json["label_from"]!.GetValue<string>(), out var rule) && Enum.IsDefined(rule)
                    ? rule : throw new FormatException("unknown label rule"),
                Normal = json["normal"]?.GetValue<string>(),
            };
            return new SequenceLayout(columns, options);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or NullReferenceException or ArgumentException)
        {
            throw new FormatException($"the sequence layout is damaged ({e.Message})", e);
        }
    }

    /// <summary>What differs between this layout and <paramref name="other"/>, in a few words, or null when they read alike.</summary>
    public string? Difference(SequenceLayout other)
    {
        if (!Columns.Features.SequenceEqual(other.Columns.Features))
            return $"the features {string.Join(",", other.Columns.Features)}, not {string.Join(",", Columns.Features)}";
        if (Columns.Id != other.Columns.Id || Columns.Step != other.Columns.Step || Columns.Label != other.Columns.Label)
            return $"the id, step and label columns {other.Columns.Id ?? "(none)"}, {other.Columns.Step ?? "(none)"}, {other.Columns.Label}, " +
                $"not {Columns.Id ?? "(none)"}, {Columns.Step ?? "(none)"}, {Columns.Label}";
        if (Options.Window != other.Options.Window || Options.Stride != other.Options.Stride)
            return $"windows of {other.Options.Window?.ToString() ?? "whole sequences"} every {other.Options.Stride}, not {Options.Window?.ToString() ?? "whole sequences"} every {Options.Stride}";
        if (Options.LabelFrom != other.Options.LabelFrom || Options.Normal != other.Options.Normal)
            return $"labels from {other.Options.LabelFrom}, not {Options.LabelFrom}";
        return null;
    }
}
