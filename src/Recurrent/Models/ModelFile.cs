// A model saved as a safetensors file that PyTorch users can load: float32 tensors under their state_dict names
// (embed.weight, rnn.weight_ih_l0 ... head.bias) and a __metadata__ block that says, in its "recurrent-2" format,
// what the input, the stack and the head are (input, input_size, embed, cell, hidden, layers, dropout, zoneout_hidden and
// zoneout_cell when above 0, head,
// readout, readout_steps when above 1, output_size, bidirectional when true, and loss and quantiles when the loss is not the mean squared error, so that files without
// them read as it) and what the data needs (vocab, labels, input_scaling, target_scaling), plus free-form
// facts. Tensors and keys named "train.*" carry the state a resumed run needs; a model loader ignores them. A quantized
// model ("quantization": "int8" or "int16") stores its weight matrices as I8/I16 tensors with "{name}.scale" row scales.
// Files of the earlier formats load too: "recurrent-char-1" (and files as a PyTorch user writes them: cell, hidden,
// layers, vocab, with no format or another tool's) as character models, "recurrent-task-1" as models with a head on
// the last step.
// Loading checks the metadata against the tensors' shapes before anything is allocated, so a wrong file is refused
// with a reason, never half-loaded. Saving is crash-safe: SafetensorsFile writes a temporary file and renames it.
using System.Globalization;
using System.Text.Json;
using Recurrent.Data;
using Recurrent.IO;

namespace Recurrent.Models;

/// <summary>Saves and loads <see cref="ModelBundle"/>s as safetensors files.</summary>
public static class ModelFile
{
    /// <summary>The metadata value of "format" in files this version writes.</summary>
    public const string FormatName = "recurrent-2";

    /// <summary>The format of character-model files written before <see cref="FormatName"/>; still read.</summary>
    public const string CharacterFormatName = "recurrent-char-1";

    /// <summary>The format of task-model files written before <see cref="FormatName"/>; still read.</summary>
    public const string TaskFormatName = "recurrent-task-1";

    /// <summary>The prefix of tensors and metadata that carry training state (optimizer, carried state, counters).</summary>
    public const string TrainingPrefix = "train.";

    // The metadata's names of each kind, written by Save and read back by Read from the same tables.
    private static readonly (string Name, InputKind Value)[] InputNames =
        [("onehot", InputKind.OneHot), ("embedding", InputKind.Embedding), ("dense", InputKind.Dense)];

    private static readonly (string Name, HeadKind Value)[] HeadNames =
        [("classification", HeadKind.Classification), ("regression", HeadKind.Regression)];

    private static readonly (string Name, Readout Value)[] ReadoutNames = 
    [
        ("every_step", Readout.EveryStep), ("last_step", Readout.LastStep), ("final_states", Readout.FinalStates),
        ("mean_over_steps", Readout.MeanOverSteps), ("max_over_steps", Readout.MaxOverSteps),
    ];

    private static readonly (string Name, RegressionLoss Value)[] LossNames =
        [("mse", RegressionLoss.MeanSquaredError), ("mae", RegressionLoss.MeanAbsoluteError), ("quantile", RegressionLoss.Quantile)];

    private const string ReverseSuffix = "_reverse";

    /// <summary>The metadata keys that describe the model; they are the model's to write, never a caller's.</summary>
    private static readonly string[] ModelKeys =
        ["format", "input", "input_size", "embed", "cell", "hidden", "layers", "dropout", "zoneout_hidden", "zoneout_cell", "head", "readout", "readout_steps", "output_size",
         "bidirectional", "loss", "quantiles", "vocab", "labels", "input_scaling", "target_scaling", QuantizationKey];

    /// <summary>
    /// The metadata key of a quantized model: "int8" or "int16". Its weight matrices are then I8 / I16 tensors under their
    /// own names, each with a "{name}.scale" F32 tensor of one scale per row (W = scale[:, None] · Q in PyTorch).
    /// </summary>
    public const string QuantizationKey = "quantization";

    /// <summary>The suffix of a quantized weight's scales tensor.</summary>
    public const string ScaleSuffix = ".scale";

    /// <summary>Writes the model's parameters and metadata to <paramref name="path"/>, replacing it atomically.</summary>
    /// <param name="path">The file to write: a temporary file is written beside it, then renamed over it.</param>
    /// <param name="model">The network with its vocabulary, class labels, scalings and metadata.</param>
    /// <param name="extra">More metadata (training settings, losses); the model's own keys win over these.</param>
    /// <param name="extraTensors">Training-state tensors, named with the "train." prefix, written after the model's.</param>
    /// <exception cref="RecurrentException">The file cannot be written; an existing file is left intact.</exception>
    public static void Save(string path, ModelBundle model, IReadOnlyDictionary<string, string>? extra = null,
        IReadOnlyList<SafetensorsTensor>? extraTensors = null)
    {
        model.Validated(); // never write a file that Load would refuse
        var metadata = Metadata(model, extra);
        var parameters = model.Network.Parameters;
        var tensors = parameters.Parameters
            .Select(info => new SafetensorsTensor(info.Name, (int[])info.Shape.Clone(), parameters.Value(info).ToArray()))
            .Concat(QuantizedTensors(model))
            .Concat(extraTensors ?? [])
            .ToArray();
        SafetensorsFile.Write(path, tensors, metadata);
    }

    /// <summary>A quantized model's matrices: first every scales tensor (F32, so floats stay 4-byte aligned), then the integers.</summary>
    private static IEnumerable<SafetensorsTensor> QuantizedTensors(ModelBundle model)
    {
        if (model.Network.Quantized is not { } quantized)
            return [];
        var spec = model.Spec;
        var names = QuantizedWeights.Names(spec).ToArray();
        var scales = names.Select(name => new SafetensorsTensor(name + ScaleSuffix, [quantized[spec, name].Rows], quantized[spec, name].Scales.ToArray()));
        var integers = names.Select(name =>
        {
            var weight = quantized[spec, name];
            var values = new float[weight.Rows * weight.Columns];
            weight.CopyIntegersTo(values);
            return new SafetensorsTensor(name, [weight.Rows, weight.Columns], values, weight.Bits == 8 ? SafetensorsDType.I8 : SafetensorsDType.I16);
        });
        return scales.Concat(integers).ToArray();
    }

    /// <summary>
    /// The metadata a model file holds: the model's free-form facts, then <paramref name="extra"/>, then the keys that
    /// describe the model (format, input, cell, sizes, head, vocab, labels, scalings), which win over both.
    /// </summary>
    internal static SortedDictionary<string, string> Metadata(ModelBundle model, IReadOnlyDictionary<string, string>? extra = null)
    {
        var spec = model.Spec;
        // Sorted, so the bytes do not depend on the order in which keys were added (a resumed run's history).
        var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in model.Metadata)
            metadata[key] = value;
        if (extra is not null)
            foreach (var (key, value) in extra)
                metadata[key] = value;
        foreach (string key in ModelKeys)
            metadata.Remove(key);
        metadata["format"] = FormatName;
        metadata["input"] = NameOf(InputNames, spec.Input);
        metadata["input_size"] = Invariant(spec.InputSize);
        if (spec.Input == InputKind.Embedding)
            metadata["embed"] = Invariant(spec.EmbeddingSize);
        metadata["cell"] = spec.Cell.ToName();
        metadata["hidden"] = Invariant(spec.Hidden);
        metadata["layers"] = Invariant(spec.Layers);
        if (spec.Bidirectional)
            metadata["bidirectional"] = "true";
        if (spec.Dropout > 0)
            metadata["dropout"] = spec.Dropout.ToString("R", CultureInfo.InvariantCulture);
        if (spec.ZoneoutHidden > 0) // absent reads as 0: files from before zoneout, and models without it
            metadata["zoneout_hidden"] = spec.ZoneoutHidden.ToString("R", CultureInfo.InvariantCulture);
        if (spec.ZoneoutCell > 0)
            metadata["zoneout_cell"] = spec.ZoneoutCell.ToString("R", CultureInfo.InvariantCulture);
        metadata["head"] = NameOf(HeadNames, spec.Head);
        metadata["readout"] = NameOf(ReadoutNames, spec.Readout);
        if (spec.ReadoutSteps > 1)
            metadata["readout_steps"] = Invariant(spec.ReadoutSteps);
        metadata["output_size"] = Invariant(spec.OutputSize);
        if (spec.Loss != RegressionLoss.MeanSquaredError)
            metadata["loss"] = NameOf(LossNames, spec.Loss);
        if (spec.Quantiles.Count > 0)
            metadata["quantiles"] = string.Join(",", spec.Quantiles.Select(tau => tau.ToString("R", CultureInfo.InvariantCulture)));
        if (model.Vocabulary is { } vocabulary)
            metadata["vocab"] = JsonSerializer.Serialize(vocabulary.Symbols.ToArray(), MetadataJson.Default.StringArray);
        if (model.Labels is { } labels)
            metadata["labels"] = JsonSerializer.Serialize(labels.ToArray(), MetadataJson.Default.StringArray);
        if (model.InputScaling is { } input)
            metadata["input_scaling"] = ScalingText(input);
        if (model.TargetScaling is { } target)
            metadata["target_scaling"] = ScalingText(target);
        if (model.Network.Quantized is { } quantized)
            metadata[QuantizationKey] = $"int{quantized.Bits}";
        return metadata;
    }

    /// <summary>Reads a model file of any format this version knows (see the file's header comment).</summary>
    /// <exception cref="CheckpointException">
    /// The file is missing, truncated or malformed; the format is unknown; the metadata lacks a key or has a bad value;
    /// a tensor is missing, unexpected, has the wrong shape or holds NaN/infinity.
    /// </exception>
    public static ModelBundle Load(string path) => Read(path).Model;

    /// <summary>The model and the whole file (with its training-state tensors and metadata, if any).</summary>
    /// <exception cref="CheckpointException">As <see cref="Load"/>.</exception>
    public static (ModelBundle Model, SafetensorsContent Content) Read(string path)
    {
        var content = SafetensorsFile.Read(path);
        var metadata = content.Metadata;
        var reader = new MetadataReader(path, metadata);
        string format = metadata.TryGetValue("format", out var given) ? given : CharacterFormatName;
        var (spec, vocabulary) = format switch
        {
            FormatName => ReadSpec(reader),
            CharacterFormatName => ReadCharacterSpec(reader),
            TaskFormatName => (ReadTaskSpec(reader), null),
            _ when format.StartsWith("recurrent-", StringComparison.Ordinal) => throw reader.Error(
                $"its format is \"{format}\", which this version does not know (it reads {FormatName}, {CharacterFormatName} and " +
                $"{TaskFormatName}); a newer version of Recurrent may have written it"),
            // Another tool's format tag ("pt", written by safetensors' own savers) over a character model's keys, as a
            // PyTorch user writes them: read it as the first format did, which never looked at the tag.
            _ when reader.Has("cell") && reader.Has("vocab") => ReadCharacterSpec(reader),
            _ => throw reader.Error($"its format is \"{format}\", not a Recurrent model's"),
        };
        try
        {
            spec.Validated();
        }
        catch (ArgumentOutOfRangeException e)
        {
            reader.Fail($"its metadata describes no model that can exist ({e.Message.Split(Environment.NewLine)[0]})");
        }
        if (spec.ParameterCount > Array.MaxLength)
            reader.Fail(spec.ParameterCount == long.MaxValue
                ? "its metadata describes no model that can exist (more parameters than a 64-bit count holds)"
                : $"its metadata describes no model that can exist ({spec.ParameterCount:N0} parameters, over the {Array.MaxLength:N0} one array holds)");
        var labels = metadata.ContainsKey("labels") ? reader.Strings("labels") : null;
        var inputScaling = metadata.ContainsKey("input_scaling") ? reader.Scaling("input_scaling") : null;
        var targetScaling = metadata.ContainsKey("target_scaling") ? reader.Scaling("target_scaling") : null;
        CheckDataFacts(reader, spec, vocabulary, labels, inputScaling, targetScaling);
        int bits = QuantizationBits(reader, metadata);
        CheckTensors(reader, content, spec, bits);

        var network = bits == 0 ? new RecurrentModel<float>(spec) : new RecurrentModel<float>(spec, ReadQuantized(reader, content, spec, bits));
        var parameters = network.Parameters;
        foreach (var info in parameters.Parameters)
        {
            var tensor = content.GetTensor(info.Name);
            if (!tensor.Data.All(float.IsFinite))
                reader.Fail($"\"{info.Name}\" contains NaN or infinite values");
            tensor.Data.CopyTo(parameters.Value(info));
        }
        return (new ModelBundle(network)
        {
            Vocabulary = vocabulary,
            Labels = labels,
            InputScaling = inputScaling,
            TargetScaling = targetScaling,
            Metadata = metadata,
        }, content);
    }

    /// <summary>0 for a float model; 8 or 16 for one whose metadata says "quantization": "int8" or "int16".</summary>
    private static int QuantizationBits(MetadataReader reader, IReadOnlyDictionary<string, string> metadata)
    {
        if (!metadata.TryGetValue(QuantizationKey, out var value))
            return 0;
        return value switch
        {
            "int8" => 8,
            "int16" => 16,
            _ => throw reader.Error($"its \"{QuantizationKey}\" is \"{value}\", not int8 or int16"),
        };
    }

    /// <summary>The quantized matrices from their integer tensors and scales (checked by CheckTensors for shapes and types).</summary>
    private static QuantizedWeights ReadQuantized(MetadataReader reader, SafetensorsContent content, ModelSpec spec, int bits) =>
        QuantizedWeights.Build(spec, bits, (name, shape) =>
        {
            try
            {
                return Numerics.QuantizedWeight.FromIntegers(content.GetTensor(name).Data, content.GetTensor(name + ScaleSuffix).Data,
                    shape[0], shape[1], bits);
            }
            catch (ArgumentException e)
            {
                throw reader.Error($"\"{name}\" is not a valid {bits}-bit weight ({e.Message.Split(" (Parameter")[0]})");
            }
        });

    /// <summary>The spec of a "recurrent-2" file, and its vocabulary when it reads tokens.</summary>
    private static (ModelSpec, Vocabulary?) ReadSpec(MetadataReader reader)
    {
        var input = reader.Choice("input", InputNames);
        var spec = new ModelSpec(reader.Cell(), input, reader.PositiveInt("input_size"), reader.PositiveInt("hidden"),
            reader.PositiveInt("layers"), reader.PositiveInt("output_size"))
        {
            EmbeddingSize = input == InputKind.Embedding ? reader.PositiveInt("embed") : 0,
            Dropout = reader.Dropout(),
            ZoneoutHidden = reader.Probability("zoneout_hidden"),
            ZoneoutCell = reader.Probability("zoneout_cell"),
            Head = reader.Choice("head", HeadNames),
            Readout = reader.Choice("readout", ReadoutNames),
            ReadoutSteps = reader.Has("readout_steps") ? reader.PositiveInt("readout_steps") : 1,
            Bidirectional = reader.Flag("bidirectional"),
            Loss = reader.Has("loss") ? reader.Choice("loss", LossNames) : RegressionLoss.MeanSquaredError,
            Quantiles = reader.Has("quantiles") ? reader.Numbers("quantiles") : [],
        };
        return (spec, reader.Has("vocab") ? reader.Vocabulary() : null); // a task's abstract symbols have none
    }

    /// <summary>A character model of the first format (or a PyTorch user's file): cell, hidden, layers, vocab, and embed, dropout when used.</summary>
    private static (ModelSpec, Vocabulary?) ReadCharacterSpec(MetadataReader reader)
    {
        var cell = reader.Cell();
        int hidden = reader.PositiveInt("hidden"), layers = reader.PositiveInt("layers");
        int embedding = reader.Has("embed") ? reader.PositiveInt("embed") : 0;
        double dropout = reader.Dropout();
        var vocabulary = reader.Vocabulary();
        return (ModelSpec.ForCharacters(cell, vocabulary.Count, hidden, layers, embedding, dropout) with
        {
            ZoneoutHidden = reader.Probability("zoneout_hidden"),
            ZoneoutCell = reader.Probability("zoneout_cell"),
        }, vocabulary);
    }

    /// <summary>A task model of the first format: dense or one-hot input, a regression or classification head on the last step.</summary>
    private static ModelSpec ReadTaskSpec(MetadataReader reader) =>
        new(reader.Cell(), reader.Choice("input", ("onehot", InputKind.OneHot), ("dense", InputKind.Dense)), reader.PositiveInt("input_size"),
            reader.PositiveInt("hidden"), reader.PositiveInt("layers"), reader.PositiveInt("output_size"))
        {
            Head = reader.Choice("head", HeadNames),
            Readout = Readout.LastStep,
        };

    /// <summary>The vocabulary, labels and scalings must fit the sizes of the input and the head.</summary>
    private static void CheckDataFacts(MetadataReader reader, ModelSpec spec, Vocabulary? vocabulary, IReadOnlyList<string>? labels,
        FeatureScaling? inputScaling, FeatureScaling? targetScaling)
    {
        if (ModelBundle.Mismatch(spec, vocabulary, labels, inputScaling, targetScaling) is { } mismatch)
            reader.Fail(mismatch);
    }

    /// <summary>
    /// Every parameter of the spec is a tensor of its shape, and no other tensor is there but training state; nothing is
    /// allocated by the spec's size before this holds (metadata claiming a million layers is refused by a count).
    /// </summary>
    private static void CheckTensors(MetadataReader reader, SafetensorsContent content, ModelSpec spec, int bits)
    {
        var parameters = content.Tensors.Where(tensor => !tensor.Name.StartsWith(TrainingPrefix, StringComparison.Ordinal)).ToArray();
        foreach (var tensor in parameters)
            if (!IsParameterOf(spec, tensor.Name) && !(bits > 0 && tensor.Name.EndsWith(ScaleSuffix, StringComparison.Ordinal)
                    && QuantizedWeights.IsQuantized(spec, tensor.Name[..^ScaleSuffix.Length])))
                reader.Fail($"it holds a tensor \"{tensor.Name}\" that {Describe(spec)} does not have" + (!spec.Bidirectional
                    && tensor.Name.EndsWith(ReverseSuffix, StringComparison.Ordinal) && IsParameterOf(spec with { Bidirectional = true }, tensor.Name)
                    ? $" (a bidirectional model's, but its metadata does not say \"bidirectional\": \"true\")" : ""));
        long expected = (spec.Input == InputKind.Embedding ? 1 : 0) + 4L * spec.Layers * spec.Directions + 2;
        if (expected - parameters.Length > 64)
            reader.Fail($"it holds {parameters.Length} parameter tensors, but {Describe(spec)} has {expected}");
        foreach (var (name, shape) in RecurrentModel<float>.Layout(spec))
        {
            if (!content.TryGetTensor(name, out var tensor))
                reader.Fail($"the tensor \"{name}\" is missing" + (name.EndsWith(ReverseSuffix, StringComparison.Ordinal)
                    ? " (its metadata says \"bidirectional\": \"true\", and every layer of a bidirectional model has a reverse direction)" : ""));
            if (!tensor!.Shape.SequenceEqual(shape))
                reader.Fail($"\"{name}\" has shape [{string.Join(", ", tensor.Shape)}], expected [{string.Join(", ", shape)}] for {Describe(spec)}");
            bool quantized = bits > 0 && QuantizedWeights.IsQuantized(spec, name);
            var dtype = !quantized ? SafetensorsDType.F32 : bits == 8 ? SafetensorsDType.I8 : SafetensorsDType.I16;
            bool integer = tensor.DType is SafetensorsDType.I8 or SafetensorsDType.I16;
            if (integer != quantized || (quantized && tensor.DType != dtype))
                reader.Fail(quantized
                    ? $"\"{name}\" is stored as {tensor.DType}, but its metadata says \"{QuantizationKey}\": \"int{bits}\" ({dtype} integers)"
                    : $"\"{name}\" is stored as {tensor.DType} integers, which only a quantized model's weight matrices are");
            if (!quantized)
                continue;
            if (!content.TryGetTensor(name + ScaleSuffix, out var scales))
                reader.Fail($"the tensor \"{name}{ScaleSuffix}\" is missing (a quantized weight's row scales)");
            if (!scales!.Shape.SequenceEqual([shape[0]]) || scales.DType is SafetensorsDType.I8 or SafetensorsDType.I16)
                reader.Fail($"\"{name}{ScaleSuffix}\" has shape [{string.Join(", ", scales.Shape)}] of {scales.DType}, expected [{shape[0]}] floats");
        }
    }

    /// <summary>Whether a model of <paramref name="spec"/> has a parameter of that name (without listing them all).</summary>
    private static bool IsParameterOf(ModelSpec spec, string name)
    {
        if (name is ParameterNames.HeadWeight or ParameterNames.HeadBias)
            return true;
        if (name == ParameterNames.EmbeddingWeight)
            return spec.Input == InputKind.Embedding;
        if (spec.Bidirectional && name.EndsWith(ReverseSuffix, StringComparison.Ordinal))
            name = name[..^ReverseSuffix.Length];
        foreach (string prefix in new[] { "rnn.weight_ih_l", "rnn.weight_hh_l", "rnn.bias_ih_l", "rnn.bias_hh_l" })
            if (name.StartsWith(prefix, StringComparison.Ordinal)
                && int.TryParse(name.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out int layer)
                && layer < spec.Layers && name.Length - prefix.Length == Invariant(layer).Length)
                return true;
        return false;
    }

    private static string Describe(ModelSpec spec) => string.Create(CultureInfo.InvariantCulture,
        $"a {(spec.Bidirectional ? "bidirectional " : "")}{spec.Cell.ToName()} model with {spec.Layers} layer(s) of {spec.Hidden}, {spec.InputSize} input(s) and {spec.OutputSize} output(s)");

    private static string NameOf<T>((string Name, T Value)[] names, T value) where T : struct, Enum =>
        names.First(name => EqualityComparer<T>.Default.Equals(name.Value, value)).Name;

    private static string ScalingText(FeatureScaling scaling) =>
        JsonSerializer.Serialize(new ScalingJson([.. scaling.Mean], [.. scaling.Scale]), MetadataJson.Default.ScalingJson);

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
