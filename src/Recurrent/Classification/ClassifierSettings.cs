// How a classifier reads its examples and is given them in training, beside the network's sizes and the optimiser:
// texts lowercased or not, a maximum length and which end it keeps, the summary of a sequence its head reads, the
// stratified share held out for validation, batches grouped by length and balanced classes, and what happens to
// repeated and conflicting examples. Saved with the model (as JSON), so that evaluation and prediction read texts
// exactly as training did.
using System.Globalization;
using System.Text.Json.Nodes;
using Recurrent.Data;
using Recurrent.Models;

namespace Recurrent.Classification;

/// <summary>The reading, summary, split and batching settings of a sequence classifier.</summary>
public sealed record ClassifierSettings
{
    /// <summary>The key of the settings in a model file's metadata.</summary>
    public const string MetadataKey = "classifier";

    /// <summary>Whether texts are lowercased (invariant culture) before they are read.</summary>
    public bool Lowercase { get; init; }

    /// <summary>The most steps a sequence keeps (0: no limit), cut as <see cref="Truncation"/> says.</summary>
    public int MaxLength { get; init; }

    /// <summary>The end of an over-long sequence that is kept.</summary>
    public Truncation Truncation { get; init; } = Truncation.KeepHead;

    /// <summary>What the head reads of each sequence: its final states (the default), the mean or the maximum over its steps, or its last step.</summary>
    public Readout Pooling { get; init; } = Readout.FinalStates;

    /// <summary>The share of each class held out for validation (stratified); 0 trains on everything without validation.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>How training batches are drawn (by default grouped by similar length).</summary>
    public SequenceBatching Batching { get; init; } = new(ByLength: true);

    /// <summary>Keep every repeat of an example (false: the first of each).</summary>
    public bool KeepRepeats { get; init; }

    /// <summary>Keep texts that appear under two labels (false: leave them all out).</summary>
    public bool KeepConflicts { get; init; }

    /// <summary>Throws if a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The maximum length is negative, the fraction is not in [0, 1), or a kind is unknown.</exception>
    public ClassifierSettings Validated()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MaxLength);
        if (!Enum.IsDefined(Truncation))
            throw new ArgumentOutOfRangeException(nameof(Truncation), Truncation, "Unknown truncation.");
        if (Pooling is not (Readout.FinalStates or Readout.MeanOverSteps or Readout.MaxOverSteps or Readout.LastStep))
            throw new ArgumentOutOfRangeException(nameof(Pooling), Pooling, "A classifier's head reads the final states, the mean or the maximum over the steps, or the last step.");
        if (!(ValidationFraction >= 0 && ValidationFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(ValidationFraction), ValidationFraction, "The validation fraction must be in [0, 1).");
        return this;
    }

    /// <summary>
    /// The settings as JSON, saved with the model: the reading ones (lowercasing, maximum length, truncation) are what
    /// evaluation and prediction need again; the others say how it was trained, and what a resumed run needs.
    /// </summary>
    public string ToJson() => new JsonObject
    {
        ["lowercase"] = Lowercase,
        ["max_length"] = MaxLength,
        ["truncation"] = Truncation == Truncation.KeepTail ? "tail" : "head",
        ["validation_fraction"] = ValidationFraction,
        ["by_length"] = Batching.ByLength,
        ["balanced_classes"] = Batching.BalancedClasses,
        ["keep_repeats"] = KeepRepeats,
        ["keep_conflicts"] = KeepConflicts,
    }.ToJsonString();

    /// <summary>The settings saved by <see cref="ToJson"/>, with <paramref name="pooling"/> (the model's readout).</summary>
    /// <exception cref="FormatException">The text is not such settings.</exception>
    public static ClassifierSettings FromJson(string text, Readout pooling)
    {
        try
        {
            var json = JsonNode.Parse(text)!.AsObject();
            return new ClassifierSettings
            {
                Lowercase = json["lowercase"]!.GetValue<bool>(),
                MaxLength = json["max_length"]!.GetValue<int>(),
                Truncation = json["truncation"]!.GetValue<string>() switch
                {
                    "head" => Truncation.KeepHead,
                    "tail" => Truncation.KeepTail,
                    var other => throw new FormatException($"unknown truncation '{other}'"),
                },
                Pooling = pooling,
                ValidationFraction = json["validation_fraction"]!.GetValue<double>(),
                Batching = new SequenceBatching(json["by_length"]!.GetValue<bool>(), json["balanced_classes"]!.GetValue<bool>()),
                KeepRepeats = json["keep_repeats"]!.GetValue<bool>(),
                KeepConflicts = json["keep_conflicts"]!.GetValue<bool>(),
            }.Validated();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or NullReferenceException
            or ArgumentException or FormatException) // ArgumentException: a key given twice, or a value out of range
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"the classifier settings are damaged ({e.Message})"), e);
        }
    }
}
