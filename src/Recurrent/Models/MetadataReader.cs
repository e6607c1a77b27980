// Reads typed values out of a model file's string metadata, each refusal one sentence that names the file and the
// key: "'m.safetensors' is not a valid Recurrent model: "hidden" is "three", not a positive integer."
using System.Globalization;
using System.Text.Json;
using Recurrent.Data;
using Recurrent.IO;

namespace Recurrent.Models;

/// <summary>Typed access to the metadata of one model file, failing with a <see cref="CheckpointException"/>.</summary>
internal sealed class MetadataReader(string path, IReadOnlyDictionary<string, string> metadata)
{
    /// <exception cref="CheckpointException">Always.</exception>
    public void Fail(string what) => throw Error(what);

    /// <summary>The refusal of this file for <paramref name="what"/>, to throw.</summary>
    public CheckpointException Error(string what) => new($"'{path}' is not a valid Recurrent model: {what}.");

    public bool Has(string key) => metadata.ContainsKey(key);

    public string Get(string key) => metadata.TryGetValue(key, out var value) ? value : throw Error($"its metadata has no \"{key}\"");

    public CellKind Cell()
    {
        if (!metadata.TryGetValue("cell", out var name))
            Fail("its metadata has no \"cell\" (a Recurrent model names its cell: rnn, lstm or gru)");
        return CellKinds.TryParse(name, out var cell) ? cell : throw Error($"unknown cell \"{name}\" (this version knows rnn, lstm and gru)");
    }

    public int PositiveInt(string key)
    {
        string text = Get(key);
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value >= 1
            ? value : throw Error($"\"{key}\" is \"{text}\", not a positive integer");
    }

    /// <summary>"true" or "false"; false when the key is absent.</summary>
    public bool Flag(string key)
    {
        if (!metadata.TryGetValue(key, out var text))
            return false;
        return text switch
        {
            "true" => true,
            "false" => false,
            _ => throw Error($"\"{key}\" is \"{text}\", not true or false"),
        };
    }

    public double Dropout() => Probability("dropout");

    /// <summary>A probability in [0, 1) under <paramref name="key"/> (dropout, zoneout); 0 when absent.</summary>
    public double Probability(string key)
    {
        if (!metadata.TryGetValue(key, out var text))
            return 0;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double p) && p >= 0 && p < 1
            ? p : throw Error($"\"{key}\" is \"{text}\", not a probability in [0, 1)");
    }

    /// <summary>A non-empty comma-separated list of finite numbers (invariant culture), as "0.1,0.5,0.9".</summary>
    public double[] Numbers(string key)
    {
        string text = Get(key);
        string[] parts = text.Split(',');
        var values = new double[parts.Length];
        for (int k = 0; k < parts.Length; k++)
            if (!double.TryParse(parts[k], NumberStyles.Float, CultureInfo.InvariantCulture, out values[k]) || !double.IsFinite(values[k]))
                throw Error($"\"{key}\" is \"{text}\", not a comma-separated list of numbers");
        return values;
    }

    public T Choice<T>(string key, params (string Name, T Value)[] choices)
    {
        string text = Get(key);
        foreach (var (name, value) in choices)
            if (name == text)
                return value;
        throw Error($"\"{key}\" is \"{text}\", not one of {string.Join(", ", choices.Select(c => c.Name))}");
    }

    public Vocabulary Vocabulary()
    {
        if (!metadata.ContainsKey("vocab"))
            Fail("its metadata has no \"vocab\" (the characters, a JSON array in index order)");
        string[] symbols = Strings("vocab");
        try
        {
            return new Vocabulary(symbols);
        }
        catch (RecurrentException e)
        {
            throw Error($"\"vocab\" is invalid: {e.Message.TrimEnd('.')}");
        }
    }

    /// <summary>A non-empty JSON array of strings.</summary>
    public string[] Strings(string key)
    {
        string[]? values = null;
        try
        {
            values = JsonSerializer.Deserialize(Get(key), MetadataJson.Default.StringArray);
        }
        catch (JsonException)
        {
        }
        return values is { Length: > 0 } && values.All(v => v is not null)
            ? values : throw Error($"\"{key}\" is not a non-empty JSON array of strings");
    }

    /// <summary>{"mean": [...], "scale": [...]} of the same non-zero length, finite, scales positive.</summary>
    public FeatureScaling Scaling(string key)
    {
        try
        {
            var json = JsonSerializer.Deserialize(Get(key), MetadataJson.Default.ScalingJson);
            if (json?.Mean is not null && json.Scale is not null)
                return new FeatureScaling(json.Mean, json.Scale);
        }
        catch (Exception e) when (e is JsonException or ArgumentException)
        {
        }
        throw Error($"\"{key}\" is not a scaling ({{\"mean\": [...], \"scale\": [...]}}, one finite mean and positive scale per feature)");
    }

}
