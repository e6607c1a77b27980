// A model trained on a long-range task, saved as a safetensors file in the layout of the character checkpoints:
// float32 tensors under PyTorch state_dict names (rnn.*, head.weight, head.bias) and a __metadata__ block saying what
// rebuilding it needs (task, length, cell, hidden, layers, head) and how the run went. Written through
// SafetensorsFile, so a save is crash-safe (temporary file, then rename).
using System.Globalization;
using Recurrent.IO;
using Recurrent.Models;

namespace Recurrent.Tasks;

/// <summary>Saves and loads many-to-one task models.</summary>
public static class TaskModelFile
{
    /// <summary>The metadata value of "format" in these files.</summary>
    public const string FormatName = "recurrent-task-1";

    /// <summary>Writes the model, what it was trained on and the run's final score to <paramref name="path"/>.</summary>
    /// <exception cref="RecurrentException">The file cannot be written; an existing file is left intact.</exception>
    public static void Save(string path, RecurrentModel<float> model, SequenceTask task, TaskOutcome? outcome = null)
    {
        var spec = model.Spec;
        var metadata = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["format"] = FormatName,
            ["task"] = task.Name,
            ["length"] = Invariant(task.Length),
            ["cell"] = spec.Cell.ToName(),
            ["hidden"] = Invariant(spec.Hidden),
            ["layers"] = Invariant(spec.Layers),
            ["input"] = spec.Input == InputKind.Dense ? "dense" : "onehot",
            ["input_size"] = Invariant(spec.InputSize),
            ["head"] = spec.Head == HeadKind.Regression ? "regression" : "classification",
            ["output_size"] = Invariant(spec.OutputSize),
        };
        if (outcome is not null)
        {
            metadata["steps"] = outcome.Steps.ToString(CultureInfo.InvariantCulture);
            metadata["test_solved"] = outcome.Final.Test.Solved.ToString("R", CultureInfo.InvariantCulture);
            metadata["test_loss"] = outcome.Final.Test.Loss.ToString("R", CultureInfo.InvariantCulture);
        }
        var parameters = model.Parameters;
        var tensors = parameters.Parameters
            .Select(info => new SafetensorsTensor(info.Name, (int[])info.Shape.Clone(), parameters.Value(info).ToArray()))
            .ToArray();
        SafetensorsFile.Write(path, tensors, metadata);
    }

    /// <summary>Reads a file written by <see cref="Save"/>: the task it was trained on and the model.</summary>
    /// <exception cref="CheckpointException">The file is malformed, is not a task model, or does not fit its metadata.</exception>
    public static (SequenceTask Task, RecurrentModel<float> Model) Load(string path)
    {
        var content = SafetensorsFile.Read(path);
        var metadata = content.Metadata;
        string Fail(string what) => throw new CheckpointException($"'{path}' is not a valid Recurrent task model: {what}.");
        string Get(string key) => metadata.TryGetValue(key, out var value) ? value : Fail($"its metadata has no \"{key}\"");
        int Positive(string key) =>
            int.TryParse(Get(key), NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0 ? value
                : throw new CheckpointException($"'{path}' is not a valid Recurrent task model: \"{key}\" is not a positive integer.");

        if (Get("format") != FormatName)
            Fail($"its format is \"{Get("format")}\", not {FormatName}");
        string name = TaskCatalog.Normalize(Get("task")) ?? Fail($"unknown task \"{Get("task")}\"");
        int length = Positive("length");
        if (length < TaskCatalog.MinimumLength(name))
            Fail($"a length of {length} is too short for {name}");
        var task = TaskCatalog.Create(name, length);
        if (!CellKinds.TryParse(Get("cell"), out var cell))
            Fail($"unknown cell \"{Get("cell")}\"");
        var model = new RecurrentModel<float>(task.ModelSpec(cell, Positive("hidden"), Positive("layers")));
        foreach (var info in model.Parameters.Parameters)
        {
            if (!content.TryGetTensor(info.Name, out var tensor))
                Fail($"the tensor \"{info.Name}\" is missing");
            if (!tensor!.Shape.SequenceEqual(info.Shape))
                Fail($"\"{info.Name}\" has shape [{string.Join(", ", tensor.Shape)}], expected [{string.Join(", ", info.Shape)}]");
            if (!tensor.Data.All(float.IsFinite))
                Fail($"\"{info.Name}\" contains NaN or infinite values");
            tensor.Data.CopyTo(model.Parameters.Value(info));
        }
        if (content.Tensors.Count != model.Parameters.Parameters.Count)
            Fail("it holds tensors that the model does not have");
        return (task, model);
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
