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
    private readonly int[] _validation;
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
        _validation = tokens[trainLength..];
        Streams = new TextStreams(tokens[..trainLength], options.Batch, options.SeqLen);
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
    /// Continues the run saved in <paramref name="resumeFrom"/> on the text whose characters are <paramref name="text"/>,
    /// up to <paramref name="steps"/> steps in all (null: the saved run's own total).
    /// </summary>
    /// <exception cref="CheckpointException">The checkpoint cannot be resumed.</exception>
    /// <exception cref="RecurrentException">The text's characters differ from the checkpoint's vocabulary.</exception>
    public static TrainingSession Resume(string resumeFrom, string text, long? steps, string checkpointPath,
        Action<string>? warn = null)
    {
        var (model, options, progress, content) = TrainingCheckpoint.Load(resumeFrom);
        var textVocabulary = Vocabulary.FromText(text);
        var added = textVocabulary.Symbols.Except(model.Vocabulary.Symbols).ToArray();
        var missing = model.Vocabulary.Symbols.Except(textVocabulary.Symbols).ToArray();
        if (added.Length > 0 || missing.Length > 0)
            throw new RecurrentException(
                $"Cannot resume '{resumeFrom}' on this text: its characters differ from the checkpoint's vocabulary " +
                $"({Describe(added, "new")}{(added.Length > 0 && missing.Length > 0 ? "; " : "")}{Describe(missing, "missing")}). " +
                "Resume with the text the run started on.");
        if (steps is long total)
            options = options with { Steps = total };
        var session = new TrainingSession(model, model.Vocabulary.Encode(text), options, checkpointPath);
        if (session._dataSha256 != progress.DataSha256)
            warn?.Invoke($"the text differs from the one '{resumeFrom}' was trained on; continuing on this one.");
        TrainingCheckpoint.Restore(content, session._trainer.Optimizer, session._trainer.State);
        session._trainer.Optimizer.RestoreStepCount(progress.OptimizerSteps);
        session._trainer.RestoreProgress(progress.StepsDone);
        if (progress.DropoutRngState is { } rngState && session._trainer.DropoutRng is { } rng)
            rng.SetState(rngState);
        session._best = progress.BestValidationLoss;
        session._bestStep = progress.BestStep;
        session._bestPath = progress.BestPath is null ? null
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

    /// <summary>Runs until the total steps, early stopping, or cancellation; saves a resumable checkpoint on every way out but an error.</summary>
    /// <exception cref="RecurrentException">
    /// The loss became NaN or infinite, or exploded: training stops and the last checkpoint written stays as it was.
    /// </exception>
    public TrainingOutcome Run(Action<TrainingStep>? onStep = null, Action<Validation>? onValidation = null,
        CancellationToken cancellation = default)
    {
        double? lastValidation = null;
        while (_trainer.StepsDone < _options.Steps)
        {
            if (cancellation.IsCancellationRequested)
            {
                Save();
                return Outcome(TrainingEnd.Interrupted, lastValidation);
            }
            var step = _trainer.Step();
            _firstLoss ??= step.Loss;
            _lastLoss = step.Loss;
            if (_options.ExplodeFactor > 0 && step.Loss > _options.ExplodeFactor * _firstLoss.Value)
                throw new RecurrentException(string.Create(CultureInfo.InvariantCulture,
                    $"The training loss exploded at step {step.Step}: {step.Loss:F4} is more than {_options.ExplodeFactor} times the first loss " +
                    $"({_firstLoss:F4}); training stopped. Try a lower --lr, a --clip value, or --explode-factor 0 to turn this guard off."));
            onStep?.Invoke(step);
            bool last = _trainer.StepsDone == _options.Steps;
            if (!last && _options.EvalEvery > 0 && _trainer.StepsDone % _options.EvalEvery == 0)
            {
                var validation = Validate();
                lastValidation = validation?.Loss ?? lastValidation;
                if (validation is { } v)
                    onValidation?.Invoke(v);
                Save();
                if (_options.Patience > 0 && _evaluationsWithoutImprovement >= _options.Patience)
                    return Outcome(TrainingEnd.EarlyStopped, lastValidation);
            }
        }
        if (_trainer.StepsDone > 0 || _validation.Length >= 2)
        {
            var final = Validate();
            lastValidation = final?.Loss ?? lastValidation;
            if (final is { } f)
                onValidation?.Invoke(f);
        }
        Save();
        return Outcome(TrainingEnd.Completed, lastValidation);
    }

    private Validation? Validate()
    {
        if (_validation.Length < 2)
            return null;
        double loss = Evaluation.MeanCrossEntropy(Model.Network, _validation);
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

    private static string Describe(string[] symbols, string what) =>
        symbols.Length == 0 ? "" : $"{symbols.Length} {what}: " +
            string.Join(" ", symbols.Take(10).Select(s => Vocabulary.Describe(System.Text.Rune.GetRuneAt(s, 0)))) +
            (symbols.Length > 10 ? " ..." : "");
}
