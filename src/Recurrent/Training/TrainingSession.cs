// A character-model training run that a user can leave running: truncated-BPTT steps with the guards of
// char-rnn (NaN, exploding loss), validation every N steps from a zero state, a resumable checkpoint
// after every validation and at the end, the best model kept under a name that carries its step and
// validation loss, early stopping, and a clean stop on cancellation (Ctrl+C) that saves first.
// The session owns no console: it reports through callbacks.
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Recurrent.Data;
using Recurrent.IO;
using Recurrent.Models;
using Recurrent.Numerics;

namespace Recurrent.Training;

/// <summary>How a run ended.</summary>
public enum TrainingEnd
{
    /// <summary>All steps done.</summary>
    Completed,
    /// <summary>Stopped early: the validation loss had not improved for the patience.</summary>
    EarlyStopped,
    /// <summary>Cancelled (Ctrl+C); the state was saved.</summary>
    Interrupted,
}

/// <summary>A validation: the step, the loss (nats/char) and whether it is the best so far (and where that was saved).</summary>
public readonly record struct Validation(long Step, double Loss, bool Improved, string? BestPath);

/// <summary>What a training run produced; the paths are null when the session writes no files.</summary>
public sealed record TrainingOutcome(TrainingEnd End, long Steps, double? LastLoss, double? LastValidationLoss,
    double? BestValidationLoss, string? BestPath, string? CheckpointPath);

/// <summary>One training run of a character model on a text, new or resumed.</summary>
public sealed class TrainingSession
{
    private readonly TrainingOptions _options;
    private readonly ReadOnlyMemory<int> _validation;
    private Evaluation<float>? _evaluation; // made at the first validation, refreshed in place at every later one
    private readonly Trainer<float> _trainer;
    private readonly string? _checkpointPath; // null: nothing is written (library use without files)
    private readonly string _dataSha256;
    private double? _best, _firstLoss, _lastLoss;
    private long _bestStep;
    private string? _bestPath;
    private int _evaluationsWithoutImprovement;

    private TrainingSession(CharacterModel model, int[] tokens, TrainingOptions options, string? checkpointPath)
    {
        Model = model;
        _options = options;
        _checkpointPath = checkpointPath;
        int trainLength = (int)Math.Floor(tokens.Length * (1 - options.ValFraction));
        TrainCharacters = trainLength;
        _validation = tokens.AsMemory(trainLength);
        Streams = new TextStreams(tokens.AsMemory(0, trainLength), options.Batch, options.SeqLen);
        var optimizer = options.Optimizer.Create<float>(model.Network.Parameters.Count, options.EffectiveLearningRate,
            options.Momentum, options.WeightDecay);
        // The dropout masks come from their own stream, so they do not shift the initial weights' draws.
        var dropoutRng = options.Dropout > 0 ? new Rng(options.Seed ^ 0xD809_0A7E_5EED_0001UL) : null;
        _trainer = new Trainer<float>(model.Network, Streams, optimizer, options.Clip, dropoutRng, options.Schedule);
        _dataSha256 = Convert.ToHexString(SHA256.HashData(MemoryMarshal.AsBytes(tokens.AsSpan()))).ToLowerInvariant();
    }

    /// <summary>A new run: the model initialised from the options' seed; checkpoints go to <paramref name="checkpointPath"/> (null: none).</summary>
    /// <exception cref="RecurrentException">The text is too short for one window.</exception>
    public static TrainingSession Start(Vocabulary vocabulary, int[] tokens, TrainingOptions options, string? checkpointPath = null)
    {
        var network = new RecurrentModel<float>(options.ModelSpec(vocabulary.Count));
        network.Initialize(options.Seed);
        return new TrainingSession(new CharacterModel(network, vocabulary, new Dictionary<string, string>()), tokens, options,
            checkpointPath);
    }

    /// <summary>
    /// Continues the run saved in <paramref name="resumeFrom"/> on <paramref name="text"/> (the text it started on), up
    /// to <paramref name="steps"/> steps in all (null: the saved run's own total).
    /// </summary>
    /// <exception cref="CheckpointException">The checkpoint cannot be resumed.</exception>
    /// <exception cref="RecurrentException">The text's characters differ from the checkpoint's vocabulary.</exception>
    public static TrainingSession Resume(string resumeFrom, string text, long? steps, string? checkpointPath,
        Action<string>? warn = null) => Resume(resumeFrom, EncodedText.FromText(text), steps, checkpointPath, warn);

    /// <inheritdoc cref="Resume(string, string, long?, string?, Action{string}?)"/>
    /// <remarks>The text's tokens are renumbered in place to the checkpoint's vocabulary.</remarks>
    public static TrainingSession Resume(string resumeFrom, EncodedText text, long? steps, string? checkpointPath,
        Action<string>? warn = null)
    {
        var (loaded, options, progress, content) = TrainingCheckpoint.Load(resumeFrom);
        // The file's own facts about the run are rewritten at every save; keep only what describes the model.
        var model = loaded with
        {
            Metadata = loaded.Metadata.Where(pair => !IsRunMetadata(pair.Key)).ToDictionary(pair => pair.Key, pair => pair.Value),
        };
        var textVocabulary = text.Vocabulary;
        var added = textVocabulary.Symbols.Except(model.Vocabulary.Symbols).ToArray();
        var missing = model.Vocabulary.Symbols.Except(textVocabulary.Symbols).ToArray();
        if (added.Length > 0 || missing.Length > 0)
            throw new RecurrentException(
                $"Cannot resume '{resumeFrom}' on this text: its characters differ from the checkpoint's vocabulary " +
                $"({Describe(added, "new")}{(added.Length > 0 && missing.Length > 0 ? "; " : "")}{Describe(missing, "missing")}). " +
                "Resume with the text the run started on.");
        if (steps is long total)
            options = options with { Steps = total };
        int[] renumber = textVocabulary.Symbols.Select(symbol => model.Vocabulary.Encode(symbol)[0]).ToArray();
        int[] tokens = text.Tokens;
        for (int k = 0; k < tokens.Length; k++)
            tokens[k] = renumber[tokens[k]];
        var session = new TrainingSession(model, tokens, options, checkpointPath);
        if (session._dataSha256 != progress.DataSha256)
            warn?.Invoke($"the text differs from the one '{resumeFrom}' was trained on; continuing on this one.");
        TrainingCheckpoint.Restore(content, session._trainer.Optimizer, session._trainer.State);
        session._trainer.Optimizer.RestoreStepCount(progress.OptimizerSteps);
        session._trainer.RestoreProgress(progress.StepsDone);
        if (progress.DropoutRngState is { } rngState && session._trainer.DropoutRng is { } rng)
            rng.SetState(rngState);
        session._best = progress.BestValidationLoss;
        session._bestStep = progress.BestStep;
        session._bestPath = progress.BestPath is null || checkpointPath is null ? null
            : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(checkpointPath))!, progress.BestPath);
        session._evaluationsWithoutImprovement = progress.EvaluationsWithoutImprovement;
        session._firstLoss = progress.FirstLoss;
        session._lastLoss = progress.LastLoss;
        return session;
    }

    public CharacterModel Model { get; }
    public TrainingOptions Options => _options;
    public TextStreams Streams { get; }
    public int TrainCharacters { get; }
    public int ValidationCharacters => _validation.Length;
    public long StepsDone => _trainer.StepsDone;

    /// <summary>Where the resumable checkpoint is written (empty when the session writes no files).</summary>
    public string CheckpointPathOrEmpty() => _checkpointPath ?? "";

    /// <summary>
    /// Runs until the total steps, early stopping, or cancellation; saves a resumable checkpoint on every way out but an
    /// error. With <paramref name="metrics"/>, each step appends one record (with the validation loss on validation
    /// steps) before the checkpoint of that step is written, so a resume at step S finds S's record in the log.
    /// </summary>
    /// <exception cref="RecurrentException">
    /// The loss became NaN or infinite, or exploded: training stops and the last checkpoint written stays as it was.
    /// </exception>
    public TrainingOutcome Run(Action<TrainingStep>? onStep = null, Action<Validation>? onValidation = null,
        CancellationToken cancellation = default, MetricsLog? metrics = null)
    {
        double? lastValidation = null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        double elapsedBefore = metrics?.Last?.ElapsedSeconds ?? 0, stepStarted = 0;
        long tokensPerStep = (long)_options.Batch * _options.SeqLen;
        bool anyStep = false;
        while (_trainer.StepsDone < _options.Steps)
        {
            if (cancellation.IsCancellationRequested)
            {
                Save();
                return Outcome(TrainingEnd.Interrupted, lastValidation);
            }
            var step = _trainer.Step();
            anyStep = true;
            _firstLoss ??= step.Loss;
            _lastLoss = step.Loss;
            if (_options.ExplodeFactor > 0 && step.Loss > _options.ExplodeFactor * _firstLoss.Value)
                throw new RecurrentException(string.Create(CultureInfo.InvariantCulture,
                    $"The training loss exploded at step {step.Step}: {step.Loss:F4} is more than {_options.ExplodeFactor} times the first loss " +
                    $"({_firstLoss:F4}); training stopped. Try a lower learningRate, a clip value, or explodeFactor 0 to turn this guard off."),
                    "learningRate", "clip", "explodeFactor");
            double now = clock.Elapsed.TotalSeconds, stepSeconds = now - stepStarted;
            stepStarted = now;
            onStep?.Invoke(step);

            bool last = _trainer.StepsDone == _options.Steps;
            Validation? validation = last || (_options.EvalEvery > 0 && _trainer.StepsDone % _options.EvalEvery == 0) ? Validate() : null;
            metrics?.Append(new MetricsRecord(step.Step, step.Epoch, step.Loss, validation?.Loss, step.LearningRate, step.GradientNorm,
                tokensPerStep / Math.Max(stepSeconds, 1e-9), elapsedBefore + clock.Elapsed.TotalSeconds));
            if (validation is { } v)
            {
                lastValidation = v.Loss;
                onValidation?.Invoke(v);
            }
            if (last || (_options.EvalEvery > 0 && _trainer.StepsDone % _options.EvalEvery == 0))
            {
                Save();
                if (!last && _options.Patience > 0 && _evaluationsWithoutImprovement >= _options.Patience)
                    return Outcome(TrainingEnd.EarlyStopped, lastValidation);
            }
        }
        if (!anyStep)
        {
            // Nothing to train (--steps 0, or a finished run resumed): measure and save what there is.
            if (Validate() is { } final)
            {
                lastValidation = final.Loss;
                onValidation?.Invoke(final);
            }
            Save();
        }
        return Outcome(TrainingEnd.Completed, lastValidation);
    }

    private Validation? Validate()
    {
        if (_validation.Length < 2)
            return null;
        _evaluation ??= new Evaluation<float>(Model.Network, Math.Min(Evaluation.DefaultChunk, _validation.Length - 1));
        double loss = _evaluation.MeanCrossEntropy(_validation.Span);
        long step = _trainer.StepsDone;
        bool improved = _best is null || loss < _best.Value;
        if (!improved)
        {
            _evaluationsWithoutImprovement++;
            return new Validation(step, loss, false, _bestPath);
        }
        _best = loss;
        _bestStep = step;
        _evaluationsWithoutImprovement = 0;
        if (_checkpointPath is null)
            return new Validation(step, loss, true, null);
        string bestPath = BestPathFor(step, loss);
        SaveTo(bestPath);
        if (_bestPath is not null && _bestPath != bestPath && File.Exists(_bestPath))
            File.Delete(_bestPath); // keep one best file: the newest best
        _bestPath = bestPath;
        return new Validation(step, loss, true, bestPath);
    }

    /// <summary>MODEL.step001000.val1.2345.safetensors beside the checkpoint: the name carries the step and loss.</summary>
    private string BestPathFor(long step, double loss)
    {
        string full = Path.GetFullPath(_checkpointPath!);
        string stem = Path.GetFileNameWithoutExtension(full);
        return Path.Combine(Path.GetDirectoryName(full)!,
            string.Create(CultureInfo.InvariantCulture, $"{stem}.step{step:D6}.val{loss:F4}.safetensors"));
    }

    private void Save()
    {
        if (_checkpointPath is not null)
            SaveTo(_checkpointPath);
    }

    private void SaveTo(string path)
    {
        var progress = new TrainingProgress(_trainer.StepsDone, _trainer.Optimizer.StepCount, _trainer.DropoutRng?.GetState(),
            _best, _bestStep, _bestPath is null ? null : Path.GetFileName(_bestPath), _evaluationsWithoutImprovement,
            _firstLoss, _lastLoss, _dataSha256);
        TrainingCheckpoint.Save(path, Model, _options, progress, _trainer.Optimizer, _trainer.State);
    }

    private TrainingOutcome Outcome(TrainingEnd end, double? lastValidation) =>
        new(end, _trainer.StepsDone, _lastLoss, lastValidation, _best, _bestPath, _checkpointPath);

    private static bool IsRunMetadata(string key) =>
        key.StartsWith(Checkpoint.TrainingPrefix, StringComparison.Ordinal) || key is "steps" or "train_loss" or "val_loss";

    private static string Describe(string[] symbols, string what) =>
        symbols.Length == 0 ? "" : $"{symbols.Length} {what}: " +
            string.Join(" ", symbols.Take(10).Select(s => Vocabulary.Describe(System.Text.Rune.GetRuneAt(s, 0)))) +
            (symbols.Length > 10 ? " ..." : "");
}
