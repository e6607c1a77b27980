// The reading of a settings object saved as JSON in a model or checkpoint (audio features, augmentation): each key
// a value of the expected type, and a missing key or a wrong type one line naming the file, the settings and the key.
using System.Text.Json.Nodes;

namespace Recurrent.Audio;

/// <summary>Typed reads of a JSON object of settings, with messages that say what and where.</summary>
internal readonly struct SettingsJson(JsonObject json, string source, string what)
{
    /// <summary>The value of <paramref name="key"/>, or <paramref name="absent"/> when the object lacks it (a key added later, absent from older files).</summary>
    /// <exception cref="RecurrentException">Its value is not a <typeparamref name="T"/>.</exception>
    public T Get<T>(string key, T absent) => json.ContainsKey(key) ? Get<T>(key) : absent;

    /// <summary>The value of <paramref name="key"/> as a <typeparamref name="T"/>.</summary>
    /// <exception cref="RecurrentException">The key is missing, or its value is not a <typeparamref name="T"/>.</exception>
    public T Get<T>(string key)
    {
        try
        {
            return json[key] is JsonValue value ? value.GetValue<T>() : throw new RecurrentException($"{source}: the {what} have no '{key}'.");
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            throw new RecurrentException($"{source}: the {what}' '{key}' is not a {TypeName<T>()}.", e);
        }
    }

    private static string TypeName<T>() => typeof(T) == typeof(bool) ? "boolean" : typeof(T) == typeof(int) ? "whole number"
        : typeof(T) == typeof(double) ? "number" : typeof(T).Name.ToLowerInvariant();
}
