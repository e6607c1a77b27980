// The JSON values a model file keeps in its string metadata (a vocabulary, class labels, scalings), serialised by
// a source-generated context: no reflection, so the library also works trimmed or compiled ahead of time.
using System.Text.Json.Serialization;

namespace Recurrent.Models;

/// <summary>A feature scaling as JSON: {"mean": [...], "scale": [...]}.</summary>
internal sealed record ScalingJson(
    [property: JsonPropertyName("mean")] double[] Mean,
    [property: JsonPropertyName("scale")] double[] Scale);

[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(ScalingJson))]
internal sealed partial class MetadataJson : JsonSerializerContext;
