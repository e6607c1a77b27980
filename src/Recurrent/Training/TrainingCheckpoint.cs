// A checkpoint that a run can resume from: the model file (loadable as is by every command that reads a model, and
// by PyTorch) plus, under the "train." prefix, the optimizer's state arrays, the hidden state carried into the next
// window, the run's options and counters, and what the front end that started it needs to rebuild its data (its
// "run metadata": batching, the data's fingerprint, a task's settings). Written atomically like every model file,
// and free of timings, so an interrupted-then-resumed run writes the same bytes as an uninterrupted one.
using System.Globalization;
using Recurrent.IO;
using Recurrent.Models;

namespace Recurrent.Training;

/// <summary>A resumable checkpoint as read back: the model, the run's options and progress, its run metadata and the file.</summary>
public sealed record TrainingCheckpoint(ModelBundle Model, TrainingOptions Options, TrainingProgress Progress,
    IReadOnlyDictionary<string, string> Metadata, SafetensorsContent Content)
{
    private const string OptimizerPrefix = "train.optimizer.", Hidden = "train.state.h", Cell = "train.state.c";
    private const string TrainedWeights = "train.weights", AverageUpdates = "train.average_updates";

    /// <summary>
    /// Writes the model, the run's options and progress, the front end's run metadata ("train." keys that rebuild its
    /// data), the optimizer state and the carried state. With an average of the weights, the model's tensors are the
    /// average (what every command then reads) and <paramref name="trainedWeights"/> the weights training goes on from.
    /// </summary>
    /// <exception cref="RecurrentException">The file cannot be written; an existing file is left intact.</exception>
    public static void Save(string path, ModelBundle model, TrainingOptions options, TrainingProgress progress,
        IReadOnlyDictionary<string, string> runMetadata, Optimizer<float> optimizer, RecurrentState<float> state,
        float[]? trainedWeights = null, long averageUpdates = 0)
    {
        var metadata = new Dictionary<string, string>(runMetadata);
        foreach (var (key, value) in options.ToMetadata())
            metadata[key] = value;
        metadata["train.steps_done"] = Invariant(progress.StepsDone);
        metadata["train.optimizer_steps"] = Invariant(progress.OptimizerSteps);
        if (progress.DropoutRngState is { } rng)
            metadata["train.rng"] = Words(rng);
        if (progress.SourceState is { } source)
            metadata["train.source_state"] = Words(source);
        if (progress.BestValidationLoss is double best)
        {
            metadata["train.best_val"] = Invariant(best);
            metadata["train.best_step"] = Invariant(progress.BestStep);
            if (progress.BestPath is not null)
                metadata["train.best_path"] = progress.BestPath;
        }
        metadata["train.evals_without_improvement"] = Invariant(progress.EvaluationsWithoutImprovement);
        if (progress.FirstLoss is double first)
            metadata["train.first_loss"] = Invariant(first);
        if (progress.BestValidationAccuracy is double bestAccuracy)
            metadata["train.best_val_accuracy"] = Invariant(bestAccuracy);
        if (progress.LastValidationAccuracy is double accuracy)
        {
            metadata["train.last_val_accuracy"] = Invariant(accuracy);
            metadata["val_accuracy"] = Invariant(accuracy);
        }
        // What a reader of the file wants to know at a glance, without the prefix.
        metadata["steps"] = Invariant(progress.StepsDone);
        if (progress.LastLoss is double last)
            metadata["train_loss"] = Invariant(last);
        if (progress.BestValidationLoss is double bestLoss)
            metadata["val_loss"] = Invariant(bestLoss);

        var tensors = new List<SafetensorsTensor>();
        foreach (var (name, values) in optimizer.State)
            tensors.Add(new SafetensorsTensor(OptimizerPrefix + name, [values.Length], values));
        tensors.Add(new SafetensorsTensor(Hidden, [state.Layers, state.Batch, state.Hidden], state.Hiddens));
        if (state.Cells.Length > 0)
            tensors.Add(new SafetensorsTensor(Cell, [state.Layers, state.Batch, state.Hidden], state.Cells));
        if (trainedWeights is not null)
        {
            tensors.Add(new SafetensorsTensor(TrainedWeights, [trainedWeights.Length], trainedWeights));
            metadata[AverageUpdates] = Invariant(averageUpdates);
        }
        ModelFile.Save(path, model with { Metadata = ModelFacts(model.Metadata) }, metadata, tensors);
    }

    /// <summary>Reads a checkpoint written by <see cref="Save"/> (or by an earlier version's `recurrent train`).</summary>
    /// <exception cref="CheckpointException">The file is not a valid model, or has no training state to resume.</exception>
    public static TrainingCheckpoint Load(string path)
    {
        var (model, content) = ModelFile.Read(path);
        if (model.Network.Quantized is { } quantized)
            throw new CheckpointException($"'{path}' is a quantized model ({quantized.Bits}-bit weights): it serves inference only and holds no training state to resume.");
        var m = content.Metadata;
        try
        {
            var options = TrainingOptions.FromMetadata(m).Validated();
            string Get(string key) => m.TryGetValue(key, out var value) ? value : throw new FormatException($"no \"{key}\"");
            double? Optional(string key) => m.TryGetValue(key, out var value) ? double.Parse(value, CultureInfo.InvariantCulture) : null;
            long Count(string key) => long.Parse(Get(key), CultureInfo.InvariantCulture) is >= 0 and var count
                ? count : throw new FormatException($"\"{key}\" is negative");
            var progress = new TrainingProgress(
                Count("train.steps_done"),
                Count("train.optimizer_steps"),
                m.TryGetValue("train.rng", out var rng) ? ParseGenerator(rng) : null,
                m.TryGetValue("train.source_state", out var source) ? ParseWords(source) : null,
                Optional("train.best_val"),
                m.ContainsKey("train.best_step") ? Count("train.best_step") : 0,
                m.TryGetValue("train.best_path", out var bestPath) ? bestPath : null,
                (int)Math.Min(int.MaxValue, Count("train.evals_without_improvement")),
                Optional("train.first_loss"),
                Optional("train_loss"),
                Optional("train.last_val_accuracy"),
                Optional("train.best_val_accuracy"));
            return new TrainingCheckpoint(model with { Metadata = ModelFacts(model.Metadata) }, options, progress, m, content);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentOutOfRangeException)
        {
            throw new CheckpointException(
                $"'{path}' cannot be resumed: its training state is missing or damaged ({e.Message.Split(Environment.NewLine)[0].TrimEnd('.')}). " +
                "Only checkpoints written by a training run can be resumed.", e);
        }
    }

    /// <summary>Whether a "train." key is the session's own (options, counters, generator states), not a front end's run metadata.</summary>
    public static bool IsSessionKey(string key) =>
        TrainingOptions.MetadataKeys.Contains(key) || key.StartsWith(OptimizerPrefix, StringComparison.Ordinal) || key is Hidden or Cell
        || key is "train.steps_done" or "train.optimizer_steps" or "train.rng" or "train.source_state" or "train.best_val" or "train.best_step"
            or "train.best_path" or "train.evals_without_improvement" or "train.first_loss" or "train.last_val_accuracy" or AverageUpdates;

    /// <summary>
    /// Continues a run's weight average: when the checkpoint holds one, the model's weights (<paramref name="weights"/>,
    /// loaded from the file) are the average and go into <paramref name="averaging"/>, and the trained weights saved
    /// beside them come back into <paramref name="weights"/>; a checkpoint saved before the first average changes nothing.
    /// </summary>
    /// <exception cref="CheckpointException">The trained weights are missing or have the wrong size, or the update count is bad.</exception>
    public void RestoreAverage(WeightAveraging averaging, float[] weights)
    {
        if (!Metadata.TryGetValue(AverageUpdates, out var text))
            return;
        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long updates))
            throw new CheckpointException($"'{Content.Path}' cannot be resumed: \"{AverageUpdates}\" is not a count ({text}).");
        averaging.Restore(weights, updates);
        CopyExact(TrainedWeights, weights);
    }

    /// <summary>
    /// The weights a run trains, which a checkpoint keeps beside their average when the run averages them (<c>--ema</c>,
    /// <c>--swa-start</c>; its model tensors are then the average); null when the file keeps none.
    /// </summary>
    public static float[]? TrainedWeightsOf(SafetensorsContent content) =>
        content.TryGetTensor(TrainedWeights, out var tensor) ? tensor.Data : null;

    /// <summary>Copies the saved optimizer state and carried state into freshly built ones of the same shapes.</summary>
    /// <exception cref="CheckpointException">A state tensor is missing or has the wrong size.</exception>
    public void Restore(Optimizer<float> optimizer, RecurrentState<float> state)
    {
        foreach (var (name, values) in optimizer.State)
            CopyExact(OptimizerPrefix + name, values);
        CopyExact(Hidden, state.Hiddens);
        if (state.Cells.Length > 0)
            CopyExact(Cell, state.Cells);
    }

    /// <summary>
    /// The metadata that describes the model, without the run's own facts (the "train." keys and the summary keys a
    /// checkpoint rewrites at every save): what a best-model file or a resumed run carries over.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ModelFacts(IReadOnlyDictionary<string, string> metadata) =>
        metadata.Where(pair => !pair.Key.StartsWith(ModelFile.TrainingPrefix, StringComparison.Ordinal)
                               && pair.Key is not ("steps" or "train_loss" or "val_loss"))
            .ToDictionary(pair => pair.Key, pair => pair.Value);

    private void CopyExact(string name, float[] into)
    {
        if (!Content.TryGetTensor(name, out var tensor) || tensor.Data.Length != into.Length)
            throw new CheckpointException($"'{Content.Path}' cannot be resumed: the training state \"{name}\" is missing or has the wrong size.");
        tensor.Data.CopyTo(into, 0);
    }

    private static string Words(ulong[] words) => string.Join(" ", words.Select(word => word.ToString("x16", CultureInfo.InvariantCulture)));

    private static ulong[] ParseWords(string text) =>
        text.Split(' ').Select(w => ulong.Parse(w, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>A generator's state: four words, not all zero.</summary>
    private static ulong[] ParseGenerator(string text) =>
        ParseWords(text) is { Length: 4 } words && words.Any(word => word != 0) ? words
            : throw new FormatException("\"train.rng\" is not a generator state (four words, not all zero)");

    private static string Invariant(IFormattable value) => TrainingOptions.Invariant(value);
}
