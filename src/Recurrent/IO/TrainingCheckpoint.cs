// A checkpoint that a run can resume from: the model checkpoint (loadable as is by eval, predict, sample
// and PyTorch) plus, under the "train." prefix, the optimizer's state arrays, the hidden state carried into
// the next window, the options of the run and its counters. Written atomically like every checkpoint, and
// free of timings, so an interrupted-then-resumed run writes the same bytes as an uninterrupted one.
using System.Globalization;
using Recurrent.Models;
using Recurrent.Training;

namespace Recurrent.IO;

/// <summary>Saves and restores everything a training run needs to continue exactly.</summary>
public static class TrainingCheckpoint
{
    private const string OptimizerPrefix = "train.optimizer.", Hidden = "train.state.h", Cell = "train.state.c";

    /// <summary>Writes the model, the run's options and progress, the optimizer state and the carried state.</summary>
    /// <exception cref="RecurrentException">The file cannot be written; an existing file is left intact.</exception>
    public static void Save(string path, CharacterModel model, TrainingOptions options, TrainingProgress progress,
        Optimizer<float> optimizer, RecurrentState<float> state)
    {
        var metadata = options.ToMetadata();
        metadata["train.steps_done"] = Invariant(progress.StepsDone);
        metadata["train.optimizer_steps"] = Invariant(progress.OptimizerSteps);
        if (progress.DropoutRngState is { } rng)
            metadata["train.rng"] = string.Join(" ", rng.Select(word => word.ToString("x16", CultureInfo.InvariantCulture)));
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
        metadata["train.data_sha256"] = progress.DataSha256;
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
        Checkpoint.Save(path, model, metadata, tensors);
    }

    /// <summary>Reads a checkpoint written by <see cref="Save"/>: the model, the options and the progress.</summary>
    /// <exception cref="CheckpointException">The file is not a valid checkpoint, or has no training state to resume.</exception>
    public static (CharacterModel Model, TrainingOptions Options, TrainingProgress Progress, SafetensorsContent Content) Load(string path)
    {
        var (model, content) = Checkpoint.Read(path);
        var m = content.Metadata;
        try
        {
            var options = TrainingOptions.FromMetadata(m);
            string Get(string key) => m.TryGetValue(key, out var value) ? value : throw new FormatException($"no \"{key}\"");
            double? Optional(string key) => m.TryGetValue(key, out var value) ? double.Parse(value, CultureInfo.InvariantCulture) : null;
            ulong[]? rng = m.TryGetValue("train.rng", out var words)
                ? words.Split(' ').Select(w => ulong.Parse(w, NumberStyles.HexNumber, CultureInfo.InvariantCulture)).ToArray()
                : null;
            var progress = new TrainingProgress(
                long.Parse(Get("train.steps_done"), CultureInfo.InvariantCulture),
                long.Parse(Get("train.optimizer_steps"), CultureInfo.InvariantCulture),
                rng,
                Optional("train.best_val"),
                m.TryGetValue("train.best_step", out var bestStep) ? long.Parse(bestStep, CultureInfo.InvariantCulture) : 0,
                m.TryGetValue("train.best_path", out var bestPath) ? bestPath : null,
                int.Parse(Get("train.evals_without_improvement"), CultureInfo.InvariantCulture),
                Optional("train.first_loss"),
                Optional("train_loss"),
                Get("train.data_sha256"));
            return (model, options, progress, content);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new CheckpointException(
                $"'{path}' cannot be resumed: its training state is missing or damaged ({e.Message}). " +
                "Only checkpoints written by `recurrent train` can be resumed.", e);
        }
    }

    /// <summary>Copies the saved optimizer state and carried state into freshly built ones of the same shapes.</summary>
    /// <exception cref="CheckpointException">A state tensor is missing or has the wrong size.</exception>
    public static void Restore(SafetensorsContent content, Optimizer<float> optimizer, RecurrentState<float> state)
    {
        foreach (var (name, values) in optimizer.State)
            CopyExact(content, OptimizerPrefix + name, values);
        CopyExact(content, Hidden, state.Hiddens);
        if (state.Cells.Length > 0)
            CopyExact(content, Cell, state.Cells);
    }

    private static void CopyExact(SafetensorsContent content, string name, float[] into)
    {
        if (!content.TryGetTensor(name, out var tensor) || tensor.Data.Length != into.Length)
            throw new CheckpointException($"'{content.Path}' cannot be resumed: the training state \"{name}\" is missing or has the wrong size.");
        tensor.Data.CopyTo(into, 0);
    }

    private static string Invariant(IFormattable value) => value.ToString(value is double ? "R" : null, CultureInfo.InvariantCulture);
}
