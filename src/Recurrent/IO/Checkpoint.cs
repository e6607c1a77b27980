// A character model saved as a safetensors file that PyTorch users can load: tensors under their
// state_dict names (rnn.weight_ih_l0 ... head.bias) in float32, and a __metadata__ block holding what
// rebuilding the model needs (cell, hidden, layers, vocab as a JSON array; embed and dropout when used) plus
// facts about its training. Tensors and keys named "train.*" carry the state a resumed run needs; a model
// loader ignores them.
// Loading checks everything against the metadata, so a wrong file is refused with a reason, never
// half-loaded. Saving is crash-safe: SafetensorsFile writes a temporary file and renames it.
using System.Globalization;
using System.Text.Json;
using Recurrent.Data;
using Recurrent.Models;

namespace Recurrent.IO;

/// <summary>Saves and loads <see cref="CharacterModel"/>s as safetensors checkpoints.</summary>
public static class Checkpoint
{
    /// <summary>The metadata value of "format" in files this library writes.</summary>
    public const string FormatName = "recurrent-char-1";

    /// <summary>The prefix of tensors and metadata that carry training state (optimizer, carried state, counters).</summary>
    public const string TrainingPrefix = "train.";

    /// <summary>Writes the model's parameters and metadata to <paramref name="path"/>, replacing it atomically.</summary>
    /// <param name="extra">More metadata (training settings, losses); the model's own keys win over these.</param>
    /// <param name="extraTensors">Training-state tensors, named with the "train." prefix, written after the model's.</param>
    /// <exception cref="RecurrentException">The file cannot be written; an existing file is left intact.</exception>
    public static void Save(string path, CharacterModel model, IReadOnlyDictionary<string, string>? extra = null,
        IReadOnlyList<SafetensorsTensor>? extraTensors = null)
    {
        var spec = model.Network.Spec;
        // Sorted, so the bytes do not depend on the order in which keys were added (a resumed run's history).
        var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in model.Metadata)
            metadata[key] = value;
        if (extra is not null)
            foreach (var (key, value) in extra)
                metadata[key] = value;
        metadata["format"] = FormatName;
        metadata["cell"] = spec.Cell.ToName();
        metadata["hidden"] = Invariant(spec.Hidden);
        metadata["layers"] = Invariant(spec.Layers);
        metadata["vocab"] = JsonSerializer.Serialize(model.Vocabulary.Symbols);
        metadata.Remove("embed");
        metadata.Remove("dropout");
        if (spec.Input == InputKind.Embedding)
            metadata["embed"] = Invariant(spec.EmbeddingSize);
        if (spec.Dropout > 0)
            metadata["dropout"] = spec.Dropout.ToString("R", CultureInfo.InvariantCulture);

        var parameters = model.Network.Parameters;
        var tensors = parameters.Parameters
            .Select(info => new SafetensorsTensor(info.Name, (int[])info.Shape.Clone(), parameters.Value(info).ToArray()))
            .Concat(extraTensors ?? [])
            .ToArray();
        SafetensorsFile.Write(path, tensors, metadata);
    }

    /// <summary>Reads a checkpoint written by <see cref="Save"/> or by a PyTorch user following the README.</summary>
    /// <exception cref="CheckpointException">
    /// The file is missing, truncated or malformed; the metadata lacks a key or has a bad value; the cell is unknown;
    /// a tensor is missing, unexpected, has the wrong shape or holds NaN/infinity.
    /// </exception>
    public static CharacterModel Load(string path) => Read(path).Model;

    /// <summary>The model and the whole file (with its training-state tensors and metadata, if any).</summary>
    /// <exception cref="CheckpointException">As <see cref="Load"/>.</exception>
    public static (CharacterModel Model, SafetensorsContent Content) Read(string path)
    {
        var content = SafetensorsFile.Read(path);
        var metadata = content.Metadata;
        string Fail(string what) => throw new CheckpointException($"'{path}' is not a valid Recurrent checkpoint: {what}.");

        if (!metadata.TryGetValue("cell", out var cellName))
            Fail("its metadata has no \"cell\" (a Recurrent checkpoint names its cell: rnn, lstm or gru)");
        if (!CellKinds.TryParse(cellName, out var cell))
            Fail($"unknown cell \"{cellName}\" (this version knows rnn, lstm and gru)");
        int hidden = PositiveInt(metadata, "hidden", Fail);
        int layers = PositiveInt(metadata, "layers", Fail);
        int embedding = metadata.ContainsKey("embed") ? PositiveInt(metadata, "embed", Fail) : 0;
        double dropout = 0;
        if (metadata.TryGetValue("dropout", out var dropoutText)
            && (!double.TryParse(dropoutText, NumberStyles.Float, CultureInfo.InvariantCulture, out dropout) || !(dropout >= 0 && dropout < 1)))
            Fail($"\"dropout\" is \"{dropoutText}\", not a probability in [0, 1)");
        var vocabulary = ReadVocabulary(metadata, Fail);

        var network = new RecurrentModel<float>(ModelSpec.ForCharacters(cell, vocabulary.Count, hidden, layers, embedding, dropout));
        var parameters = network.Parameters;
        foreach (var tensor in content.Tensors)
            if (!parameters.Contains(tensor.Name) && !tensor.Name.StartsWith(TrainingPrefix, StringComparison.Ordinal))
                Fail($"it holds a tensor \"{tensor.Name}\" that a {cellName} model with {layers} layer(s) does not have");
        foreach (var info in parameters.Parameters)
        {
            if (!content.TryGetTensor(info.Name, out var tensor))
                Fail($"the tensor \"{info.Name}\" is missing");
            if (!tensor!.Shape.SequenceEqual(info.Shape))
                Fail($"\"{info.Name}\" has shape [{string.Join(", ", tensor.Shape)}], expected [{string.Join(", ", info.Shape)}] " +
                     $"for cell {cellName}, hidden {hidden}, layers {layers} and {vocabulary.Count} characters");
            if (!tensor.Data.All(float.IsFinite))
                Fail($"\"{info.Name}\" contains NaN or infinite values");
            tensor.Data.CopyTo(parameters.Value(info));
        }
        return (new CharacterModel(network, vocabulary, metadata), content);
    }

    private static int PositiveInt(IReadOnlyDictionary<string, string> metadata, string key, Func<string, string> fail)
    {
        if (!metadata.TryGetValue(key, out var text))
            fail($"its metadata has no \"{key}\"");
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < 1)
            fail($"\"{key}\" is \"{text}\", not a positive integer");
        return value;
    }

    private static Vocabulary ReadVocabulary(IReadOnlyDictionary<string, string> metadata, Func<string, string> fail)
    {
        if (!metadata.TryGetValue("vocab", out var json))
            fail("its metadata has no \"vocab\" (the characters, a JSON array in index order)");
        string[]? symbols = null;
        try
        {
            symbols = JsonSerializer.Deserialize<string[]>(json!);
        }
        catch (JsonException)
        {
        }
        if (symbols is null || symbols.Length == 0 || symbols.Any(s => s is null))
            fail("\"vocab\" is not a non-empty JSON array of strings");
        try
        {
            return new Vocabulary(symbols!);
        }
        catch (RecurrentException e)
        {
            fail($"\"vocab\" is invalid: {e.Message.TrimEnd('.')}");
            throw; // unreachable: fail always throws
        }
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
