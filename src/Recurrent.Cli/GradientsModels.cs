// The saved models `recurrent gradients --model` measures: character models read random characters of their
// vocabulary or windows of --text; task models (a "task" in their metadata) read sequences drawn from their task's
// generator, as they were trained on. Any other model is refused in one line that says what it is.
using System.Globalization;
using Recurrent.Diagnostics;
using Recurrent.IO;
using Recurrent.Models;
using Recurrent.Tasks;

namespace Recurrent.Cli;

internal static class GradientsModels
{
    /// <summary>One measured file: its result and the line that says what it is and what it read.</summary>
    internal sealed record Measured(GradientFlowResult Result, string Description);

    /// <summary>
    /// T for a set of files: <paramref name="length"/> when given, else the length of the task models' task
    /// (which must agree), else <paramref name="fallback"/>.
    /// </summary>
    /// <exception cref="UsageException">Task models of different lengths and no --length.</exception>
    public static int Length(IReadOnlyList<string> paths, int? length, int fallback)
    {
        if (length is int given)
            return given;
        int[] lengths = paths.Select(TaskLength).OfType<int>().Distinct().ToArray();
        return lengths.Length switch
        {
            0 => fallback,
            1 => lengths[0],
            _ => throw new UsageException($"the task models have different lengths ({string.Join(", ", lengths)}): give --length."),
        };
    }

    /// <summary>Loads the file, measures it in double precision over <paramref name="steps"/> steps and describes it.</summary>
    /// <exception cref="UsageException">The model is neither a character nor a task model, --text is given for a task model, or T is too short for its task.</exception>
    /// <exception cref="CheckpointException">The file is missing or malformed.</exception>
    public static Measured Measure(string path, int steps, int samples, ulong seed, string? text)
    {
        var model = ModelFile.Load(path);
        if (model.Network.Quantized is not null)
            throw new UsageException($"--model {path} is {model.Describe()}; gradients need the float model it was quantized from.");
        if (model.Spec.Bidirectional)
            throw new UsageException($"--model {path} is {model.Describe()}; gradients follows one direction back from the last step.");
        if (TaskModels.IsTaskModel(model))
            return MeasureTaskModel(path, model, steps, samples, seed, text);
        if (model.IsCharacterModel)
            return MeasureCharacterModel(path, model, steps, samples, seed, text);
        throw new UsageException($"--model {path} is {model.Describe()}; gradients reads character models and task models.");
    }

    private static Measured MeasureCharacterModel(string path, ModelBundle loaded, int steps, int samples, ulong seed, string? text)
    {
        int[]? tokens = null;
        if (text is not null)
        {
            tokens = loaded.Vocabulary!.Encode(text);
            if (tokens.Length < steps)
                throw new UsageException($"--text has {tokens.Length} characters, fewer than --length {steps}.");
        }
        var result = GradientFlow.Measure(loaded.Network.Convert<double>(), steps, samples, seed, tokens);
        var spec = loaded.Network.Spec;
        return new Measured(result, Invariant($"{path}: {spec.Cell.ToName()}, H = {spec.Hidden}, L = {spec.Layers}, ")
            + $"reading {(tokens is null ? "random characters of its vocabulary" : "windows of --text")}");
    }

    private static Measured MeasureTaskModel(string path, ModelBundle model, int steps, int samples, ulong seed, string? text)
    {
        if (text is not null)
            throw new UsageException($"--text is read by character models; {path} is a task model, which reads its task's sequences.");
        var trained = TaskModels.TaskOf(model, path);
        int minimum = TaskCatalog.MinimumLength(trained.Name);
        if (steps < minimum)
            throw new UsageException($"--length must be at least {minimum} for the {trained.Name} task of {path} (got {steps}).");
        var task = steps == trained.Length ? trained : TaskCatalog.Create(trained.Name, steps);
        var result = GradientFlow.Measure(model.Network.Convert<double>(), task, samples, seed);
        var spec = model.Spec;
        return new Measured(result, Invariant($"{path}: {trained.Name} task model trained at T = {trained.Length}{Outcome(model.Metadata)}, ")
            + Invariant($"{spec.Cell.ToName()}, H = {spec.Hidden}, L = {spec.Layers}, reading sequences of its task"));
    }

    /// <summary>", 2100 steps, 96.1% of the held-out set solved" when the file says so.</summary>
    private static string Outcome(IReadOnlyDictionary<string, string> metadata)
    {
        string note = "";
        if (metadata.TryGetValue("steps", out var steps))
            note += $", {steps} steps";
        // "val_accuracy": the held-out fraction solved at the last validation of the run that saved the file;
        // "test_solved": the same in task models of the first format.
        if ((metadata.TryGetValue("val_accuracy", out var solvedText) || metadata.TryGetValue("test_solved", out solvedText))
            && double.TryParse(solvedText, NumberStyles.Float, CultureInfo.InvariantCulture, out double solved))
            note += Invariant($", {solved * 100:0.0}% of the held-out set solved");
        return note;
    }

    /// <summary>The length of the task a file's model was trained on, or null when it is not a task model.</summary>
    private static int? TaskLength(string path)
    {
        var metadata = SafetensorsFile.Read(path).Metadata;
        return metadata.ContainsKey("task") && metadata.TryGetValue("length", out var text)
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int length) ? length : null;
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
