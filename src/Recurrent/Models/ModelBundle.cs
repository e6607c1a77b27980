// A model as users save, load and share it: the network (input -> stack -> head) and what its data needs to be
// read and written: the vocabulary of a token model, the class names of a classifier, the scaling of real-valued
// inputs and of predicted values, plus free-form facts about how it was made (what task, how it was trained).
// ModelFile saves and loads it; a character model is a bundle with a vocabulary and a softmax head at every step.
using System.Globalization;
using Recurrent.Data;

namespace Recurrent.Models;

/// <summary>A float32 model with its vocabulary, class labels, scalings and metadata.</summary>
public sealed record ModelBundle(RecurrentModel<float> Network)
{
    /// <summary>The tokens of a token (one-hot or embedded) model, in index order; null for real-valued inputs.</summary>
    public Vocabulary? Vocabulary { get; init; }

    /// <summary>The names of a classification head's classes, in index order; null when unnamed (or for regression).</summary>
    public IReadOnlyList<string>? Labels { get; init; }

    /// <summary>How real-valued inputs are standardised before the model reads them; null when they are read as they are.</summary>
    public FeatureScaling? InputScaling { get; init; }

    /// <summary>How a regression head's targets were standardised: predictions go back through it; null when not scaled.</summary>
    public FeatureScaling? TargetScaling { get; init; }

    /// <summary>Free-form facts (strings) saved with the model: how it was trained, on what task, its losses.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>The network's architecture.</summary>
    public ModelSpec Spec => Network.Spec;

    /// <summary>A character model: a fresh, zero-weight network of the given shape over <paramref name="vocabulary"/>.</summary>
    public static ModelBundle ForCharacters(CellKind cell, Vocabulary vocabulary, int hidden, int layers, int embedding = 0, double dropout = 0) =>
        new(new RecurrentModel<float>(ModelSpec.ForCharacters(cell, vocabulary.Count, hidden, layers, embedding, dropout)))
        {
            Vocabulary = vocabulary,
        };

    /// <summary>Throws unless the vocabulary, labels and scalings fit the model's input and head (what <see cref="ModelFile"/> checks on load).</summary>
    /// <exception cref="ArgumentException">One of them does not fit; the message says which and why.</exception>
    public ModelBundle Validated() =>
        Mismatch(Spec, Vocabulary, Labels, InputScaling, TargetScaling) is { } mismatch ? throw new ArgumentException(mismatch + ".") : this;

    /// <summary>What does not fit, in a few words, or null when everything does.</summary>
    internal static string? Mismatch(ModelSpec spec, Vocabulary? vocabulary, IReadOnlyList<string>? labels, FeatureScaling? inputScaling,
        FeatureScaling? targetScaling)
    {
        if (vocabulary is not null && (!spec.TakesTokens || vocabulary.Count != spec.InputSize))
            return $"the vocabulary has {vocabulary.Count} characters, but the model reads {(spec.TakesTokens ? $"{spec.InputSize} tokens" : "real values")}";
        if (labels is not null && (spec.Head != HeadKind.Classification || labels.Count != spec.OutputSize))
            return $"the labels name {labels.Count} classes, but the head has {spec.OutputSize} {(spec.Head == HeadKind.Classification ? "classes" : "values")}";
        if (inputScaling is not null && (spec.Input != InputKind.Dense || inputScaling.Features != spec.InputSize))
            return $"the input scaling scales {inputScaling.Features} features, but the model reads {spec.InputSize} {(spec.Input == InputKind.Dense ? "values" : "tokens")}";
        if (targetScaling is not null && (spec.Head != HeadKind.Regression || targetScaling.Features != spec.OutputSize))
            return $"the target scaling scales {targetScaling.Features} values, but the head has {spec.OutputSize} {(spec.Head == HeadKind.Regression ? "values" : "classes")}";
        return null;
    }

    /// <summary>Whether this is a character (language) model: a vocabulary in, a distribution over it out at every step.</summary>
    public bool IsCharacterModel => Vocabulary is not null && Spec.IsLanguageModel;

    /// <summary>
    /// What the model is, in a few words: "an LSTM 2x128 character model over 65 characters", "an LSTM 1x64 model
    /// of 2 real-valued inputs with a regression head of 1 value on the last step (task adding, T = 100)".
    /// </summary>
    public string Describe() =>
        Network.Quantized is { } quantized ? $"{DescribeNetwork()}, {quantized.Bits}-bit weights" : DescribeNetwork();

    private string DescribeNetwork()
    {
        var spec = Spec;
        string shape = string.Create(CultureInfo.InvariantCulture,
            $"{(spec.Bidirectional ? "a bidirectional" : Article(spec.Cell))} {spec.Cell.ToName().ToUpperInvariant()} {spec.Layers}x{spec.Hidden}");
        string task = Metadata.TryGetValue("task", out var name)
            ? $" (task {name}{(Metadata.TryGetValue("length", out var length) ? $", T = {length}" : "")})" : "";
        if (IsCharacterModel)
            return $"{shape} character model over {spec.InputSize} characters{task}";
        string input = spec.Input switch
        {
            InputKind.Dense => $"{spec.InputSize} real-valued input{Plural(spec.InputSize)}",
            InputKind.Embedding => $"embedded tokens over {spec.InputSize}",
            _ => $"one-hot tokens over {spec.InputSize}",
        };
        string head = spec.Head == HeadKind.Classification
            ? $"a classification head of {spec.OutputSize} classes"
            : $"a regression head of {spec.OutputSize} value{Plural(spec.OutputSize)}{LossText(spec)}";
        string steps = spec.Readout switch
        {
            Readout.EveryStep => "at every step",
            Readout.FinalStates => "on the final states",
            Readout.MeanOverSteps => "on the mean over the steps",
            Readout.MaxOverSteps => "on the maximum over the steps",
            _ => spec.ReadoutSteps > 1 ? string.Create(CultureInfo.InvariantCulture, $"on the last {spec.ReadoutSteps} steps") : "on the last step",
        };
        return $"{shape} model of {input} with {head} {steps}{task}";
    }

    /// <summary>" (mean absolute error)", " (quantiles 0.1, 0.5, 0.9)", or nothing for the default mean squared error.</summary>
    private static string LossText(ModelSpec spec) => spec.Loss switch
    {
        RegressionLoss.MeanAbsoluteError => " (mean absolute error)",
        RegressionLoss.Quantile => $" (quantile{Plural(spec.Quantiles.Count)} {string.Join(", ", spec.Quantiles.Select(tau => tau.ToString("R", CultureInfo.InvariantCulture)))})",
        _ => "",
    };

    private static string Article(CellKind cell) => cell == CellKind.Gru ? "a" : "an"; // "an RNN", "an LSTM", "a GRU"

    private static string Plural(int count) => count == 1 ? "" : "s";
}
