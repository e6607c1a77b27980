// A gate trace as JSON, for machine use (`recurrent trace --json`):
//   {"cell":"lstm","hidden":2,"layers":1,"steps":[{"t":0,"char":"h","index":0,
//     "layers":[{"f":[0.8,0.3],"i":[0.5,0.7],"C~":[0.2,-0.1],"C":[0.1,-0.07],"o":[0.9,0.6],"h":[0.0897,-0.0419]}],
//     "next":[{"char":"e","probability":0.25},...]}]}
// ("next", the most likely next characters, only for a language model).
// Floats are written in their shortest round-trip form, so reading gives back the same bits.
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Recurrent.Diagnostics;

/// <summary>Writes and reads <see cref="GateTrace"/>s with System.Text.Json.</summary>
public static class GateTraceJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = false,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull, // "next" only for language models
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // characters as they are, not \u escapes: this is no HTML
    };

    /// <summary>The trace as one line of JSON.</summary>
    public static string Write(GateTrace trace) => JsonSerializer.Serialize(trace, Options);

    /// <summary>A trace from JSON written by <see cref="Write"/>.</summary>
    /// <exception cref="RecurrentException">The text is not a gate trace.</exception>
    public static GateTrace Read(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<GateTrace>(json, Options)
                ?? throw new RecurrentException("The JSON is null, not a gate trace.");
        }
        catch (JsonException e)
        {
            throw new RecurrentException($"The JSON is not a gate trace: {e.Message}", e);
        }
    }
}
