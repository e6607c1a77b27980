// A training run that a user can leave running, for any model and any data: steps of the one Trainer on a batch
// source, the guards of char-rnn (NaN, exploding loss), a validation every N steps (and at the end), a resumable
// checkpoint after every validation and at the end, the best model (by validation loss, or accuracy) kept under a
// name that carries its step and validation loss, early stopping, a target accuracy, a time limit, and a clean stop on cancellation (Ctrl+C) that
// saves first. With an averaged copy of the weights (EMA or SWA), validation, the best model and every checkpoint's
// model read the average, the checkpoint also keeps the trained weights to resume from, and the model holds the
// average once the run ends. Front ends (CharacterTraining for texts, TaskRun for long-range tasks) build the model, the source
// and the validator, and hand the session their "run metadata": what rebuilds their data on resume. The session
// owns no console: it reports through callbacks.
using System.Globalization;
using Recurrent.Data;
using Recurrent.Models;
using Recurrent.Numerics;

namespace Recurrent.Training;

/// <summary>One training run of a model on a batch source, new or resumed.</summary>
public sealed class TrainingSession
{
    /// <summary>Mixed into the seed for the dropout masks, so that they do not shift the initial weights' draws.</summary>
    public const ulong DropoutStreamMix = 0xD809_0A7E_5EED_0001UL;

    private readonly TrainingOptions _options;
    private readonly Trainer<float> _trainer;
    private readonly IValidator? _validator;
    private readonly string? _checkpointPath; // null: nothing is written (library use without files)
    private readonly IReadOnlyDictionary<string, string> _runMetadata;
    private readonly bool _resumed;
    private readonly WeightAveraging? _averaging;
    private double? _best, _bestAccuracy, _firstLoss, _lastLoss, _lastAccuracy;
    private long _bestStep;
    private string? _bestPath;
    private int _evaluationsWithoutImprovement;

    private TrainingSession(ModelBundle model, IBatchSource source, IValidator? validator, TrainingOptions options,
        string? checkpointPath, IReadOnlyDictionary<string, string>? runMetadata, bool resumed)
    {
        model.Network.EnsureFloatWeights();
        Model = model;
        _options = options.Validated();
        _validator = validator;
        _checkpointPath = checkpointPath;
        _runMetadata = runMetadata ?? new Dictionary<string, string>();
        if (_runMetadata.Keys.FirstOrDefault(key => !key.StartsWith(ModelFile.TrainingPrefix, StringComparison.Ordinal)) is { } bad)
            throw new ArgumentException($"Run metadata keys start with \"{ModelFile.TrainingPrefix}\" (got \"{bad}\").", nameof(runMetadata));
        _resumed = resumed;
        model.Validated();
        if (options.Schedule is LearningRateSchedule.StepDecay && source.WindowsPerEpoch == 0)
            throw new ArgumentException("A step schedule decays the rate once per epoch, and this batch source has no epochs (it draws fresh batches " +
                "every step); use a constant or cosine schedule.", nameof(options));
        var network = model.Network;
        var optimizer = options.Optimizer.Create<float>(network.Parameters.Count, options.EffectiveLearningRate, options.Momentum, options.WeightDecay);
        if (options.LockedDropout && network.Spec.Dropout == 0)
            throw new RecurrentException("lockedDropout draws the model's dropout masks once per sequence, and this model has no dropout; give it a dropout rate.",
                "lockedDropout");
        var dropped = new DroppedWeights<float>(network, options.WeightDrop, options.EmbeddingDropout);
        // One generator draws every mask: the dropout's, the zoneout's, then the dropped weights'; its state is in every checkpoint.
        var dropoutRng = network.Spec.Dropout > 0 || network.Spec.HasZoneout || dropped.Active ? new Rng(options.Seed ^ DropoutStreamMix) : null;
        _trainer = new Trainer<float>(network, source, optimizer, options.Clip, dropoutRng, options.Schedule,
            lockedDropout: options.LockedDropout, droppedWeights: dropped, activationPenalty: options.ActivationPenalty,
            temporalPenalty: options.TemporalPenalty);
        if (options.AveragesWeights)
            _averaging = new WeightAveraging(network.Parameters.Count, options.EmaDecay, options.SwaStart);
        if (options.ClassWeights is { } weights)
        {
            if (network.Spec.Head != HeadKind.Classification || weights.Count != network.Spec.OutputSize)
                throw new ArgumentException($"Class weights are one per class of a classification head ({network.Spec.OutputSize}); {weights.Count} were given.",
                    nameof(options));
            _trainer.Workspace.ClassWeights = weights;
        }
    }

    /// <summary>
    /// A new run of <paramref name="model"/> (initialised by the caller) on <paramref name="source"/>, validated by
    /// <paramref name="validator"/> (null: never); checkpoints go to <paramref name="checkpointPath"/> (null: none).
    /// </summary>
    /// <param name="model">The model to train, with its vocabulary, labels, scalings and metadata; its weights change in place.</param>
    /// <param name="source">The training batches, one per step; its batch shape sizes the workspace.</param>
    /// <param name="validator">Scores the model on held-out data every <see cref="TrainingOptions.EvalEvery"/> steps and at the end; null: no validation.</param>
    /// <param name="options">Optimizer, schedule, clipping, validation, stops and guards.</param>
    /// <param name="checkpointPath">Where the resumable checkpoint is written (the best model beside it); null: no files.</param>
    /// <param name="runMetadata">What the caller needs to rebuild its source and validator on resume ("train." keys), saved in every checkpoint.</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">A run metadata key lacks the "train." prefix.</exception>
    public static TrainingSession Start(ModelBundle model, IBatchSource source, IValidator? validator, TrainingOptions options,
        string? checkpointPath = null, IReadOnlyDictionary<string, string>? runMetadata = null) =>
        new(model, source, validator, options, checkpointPath, runMetadata, resumed: false);

    /// <summary>
    /// Continues the run saved in <paramref name="checkpoint"/> with the source and validator the caller rebuilt from it
    /// (over <c>checkpoint.Model</c>), up to <paramref name="steps"/> steps in all (null: the saved run's own total).
    /// </summary>
    /// <exception cref="Recurrent.IO.CheckpointException">The saved optimizer or carried state does not fit the model or the source.</exception>
    /// <param name="checkpoint">The run as saved (<see cref="TrainingCheckpoint.Load"/>).</param>
    /// <param name="source">The batches, rebuilt as the run that saved the checkpoint made them.</param>
    /// <param name="validator">The held-out data over <c>checkpoint.Model</c>, or null.</param>
    /// <param name="steps">The new total of steps, or null for the saved one.</param>
    /// <param name="checkpointPath">Where the continued run saves (usually the checkpoint it resumes), or null for no files.</param>
    /// <param name="runMetadata">
    /// Run metadata that replaces the saved values of the same keys (a front end's fresh facts about its data, such as
    /// the fingerprint of the text it now reads); the other saved keys are kept.
    /// </param>
    public static TrainingSession Resume(TrainingCheckpoint checkpoint, IBatchSource source, IValidator? validator, long? steps,
        string? checkpointPath, IReadOnlyDictionary<string, string>? runMetadata = null)
    {
        var options = steps is long total ? checkpoint.Options with { Steps = total } : checkpoint.Options;
        var saved = checkpoint.Metadata
            .Where(pair => pair.Key.StartsWith(ModelFile.TrainingPrefix, StringComparison.Ordinal) && !TrainingCheckpoint.IsSessionKey(pair.Key))
            .ToDictionary(pair => pair.Key, pair => pair.Value);
        foreach (var (key, value) in runMetadata ?? new Dictionary<string, string>())
            saved[key] = value;
        var session = new TrainingSession(checkpoint.Model, source, validator, options, checkpointPath, saved, resumed: true);
        var progress = checkpoint.Progress;
        checkpoint.Restore(session._trainer.Optimizer, session._trainer.State);
        session._trainer.Optimizer.RestoreStepCount(progress.OptimizerSteps);
        session._trainer.RestoreProgress(progress.StepsDone);
        if (session._averaging is { } averaging)
            checkpoint.RestoreAverage(averaging, checkpoint.Model.Network.Parameters.Values);
        try
        {
            if (progress.DropoutRngState is { } rngState && session._trainer.DropoutRng is { } rng)
                rng.SetState(rngState);
            if (progress.SourceState is { } sourceState)
                source.SetState(sourceState);
        }
        catch (ArgumentException e)
        {
            throw new Recurrent.IO.CheckpointException(
                $"'{checkpoint.Content.Path}' cannot be resumed with these batches: {e.Message.TrimEnd('.')}. Resume it with the data it was trained on.", e);
        }
        session._best = progress.BestValidationLoss;
        session._bestStep = progress.BestStep;
        // Only a file beside the checkpoint that bears the run's own best-file name: a crafted name must not make
        // training delete some other file when it replaces its best.
        session._bestPath = progress.BestPath is { } name && checkpointPath is not null && IsBestFileName(name, checkpointPath)
            ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(checkpointPath))!, name) : null;
        session._lastAccuracy = progress.LastValidationAccuracy;
        session._bestAccuracy = progress.BestValidationAccuracy;
        session._evaluationsWithoutImprovement = progress.EvaluationsWithoutImprovement;
        session._firstLoss = progress.FirstLoss;
        session._lastLoss = progress.LastLoss;
        return session;
    }

    /// <summary>Whether <paramref name="name"/> is a best-file name of the run checkpointed to <paramref name="checkpointPath"/> (a bare name, STEM.stepN.valL.safetensors).</summary>
    private static bool IsBestFileName(string name, string checkpointPath) =>
        Path.GetFileName(name) == name
        && name.StartsWith(Path.GetFileNameWithoutExtension(checkpointPath) + ".step", StringComparison.Ordinal)
        && name.EndsWith(".safetensors", StringComparison.Ordinal);

    /// <summary>The model being trained, with its vocabulary, labels, scalings and metadata.</summary>
    public ModelBundle Model { get; }

    /// <summary>The run's options, validated; for a resumed run, the saved ones with any new step total.</summary>
    public TrainingOptions Options => _options;

    /// <summary>Where the batches come from.</summary>
    public IBatchSource Source => _trainer.Source;

    /// <summary>The held-out data, or null when the run does not validate.</summary>
    public IValidator? Validator => _validator;

    /// <summary>The front end's settings saved in every checkpoint ("train." keys).</summary>
    public IReadOnlyDictionary<string, string> RunMetadata => _runMetadata;

    /// <summary>Steps taken so far, a resumed run's earlier steps included.</summary>
    public long StepsDone => _trainer.StepsDone;

    /// <summary>Where the resumable checkpoint is written (null when the session writes no files).</summary>
    public string? CheckpointPath => _checkpointPath;

    /// <summary>Whether this is a resumed run that has already taken all its steps: <see cref="Run"/> then changes nothing.</summary>
    public bool IsComplete => _resumed && _trainer.StepsDone >= _options.Steps;

    /// <summary>
    /// Runs until the total steps, early stopping, the target, the time limit, or cancellation; saves a resumable
    /// checkpoint on every way out but an error (and but a resumed run that was already complete, which changes nothing).
    /// With <paramref name="metrics"/>, each step appends one record (with the validation loss on validation steps)
    /// before the checkpoint of that step is written, so a resume at step S finds S's record in the log. With
    /// <paramref name="validateFirst"/>, a new run validates once before its first step (step 0 of the learning curve).
    /// </summary>
    /// <exception cref="RecurrentException">
    /// The loss became NaN or infinite, or exploded: training stops and the last checkpoint written stays as it was.
    /// </exception>
    public TrainingOutcome Run(Action<TrainingStep>? onStep = null, Action<Validation>? onValidation = null,
        CancellationToken cancellation = default, MetricsLog? metrics = null, bool validateFirst = false)
    {
        if (IsComplete)
            return Outcome(TrainingEnd.AlreadyComplete, null);
        Validation? lastValidation = null;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        double elapsedBefore = metrics?.Last?.ElapsedSeconds ?? 0, stepStarted = 0;
        long tokensPerStep = (long)Source.Batch * Source.Steps;

        Validation? Validate()
        {
            if (Measure() is not { } validation)
                return null;
            lastValidation = validation;
            onValidation?.Invoke(validation);
            return validation;
        }

        if (validateFirst && !_resumed && _trainer.StepsDone == 0 && Validate() is { } first)
        {
            metrics?.Append(new MetricsRecord(0, 0, double.NaN, first.Loss, _options.EffectiveLearningRate, double.NaN, 0,
                elapsedBefore + clock.Elapsed.TotalSeconds));
            if (first.Score.Accuracy >= _options.TargetAccuracy)
            {
                Save();
                return Outcome(TrainingEnd.TargetReached, first);
            }
        }
        bool anyStep = false;
        while (_trainer.StepsDone < _options.Steps)
        {
            if (cancellation.IsCancellationRequested)
            {
                Save();
                return Outcome(TrainingEnd.Interrupted, lastValidation);
            }
            var step = _trainer.Step();
            _averaging?.Update(step.Step, Model.Network.Parameters.Values);
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
            bool timeUp = _options.Minutes > 0 && clock.Elapsed.TotalMinutes >= _options.Minutes;
            bool due = last || timeUp || (_options.EvalEvery > 0 && _trainer.StepsDone % _options.EvalEvery == 0);
            Validation? validation = due ? Validate() : null;
            metrics?.Append(new MetricsRecord(step.Step, step.Epoch, step.Loss, validation?.Loss, step.LearningRate, step.GradientNorm,
                tokensPerStep / Math.Max(stepSeconds, 1e-9), elapsedBefore + clock.Elapsed.TotalSeconds));
            if (!due)
                continue;
            Save();
            if (validation is { Score.Accuracy: double accuracy } && accuracy >= _options.TargetAccuracy)
                return Outcome(TrainingEnd.TargetReached, lastValidation);
            if (!last && timeUp)
                return Outcome(TrainingEnd.TimeUp, lastValidation);
            if (!last && _options.Patience > 0 && _evaluationsWithoutImprovement >= _options.Patience)
                return Outcome(TrainingEnd.EarlyStopped, lastValidation);
        }
        if (!anyStep)
        {
            // Nothing to train (steps 0): measure and save what there is.
            if (lastValidation is null)
                Validate();
            Save();
        }
        return Outcome(TrainingEnd.Completed, lastValidation);
    }

    /// <summary>A validation now: its score, and the best model saved when it improved; null without a validator.</summary>
    private Validation? Measure()
    {
        if (_validator is null)
            return null;
        ValidationScore score = default!;
        WithAverage(_ => score = _validator.Validate());
        _lastAccuracy = score.Accuracy;
        long step = _trainer.StepsDone;
        if (_options.SelectBy == BestModelMetric.Accuracy && score.Accuracy is null)
            throw new RecurrentException("The best model is chosen by validation accuracy, and this validation measures none; choose it by loss.");
        bool improved = _best is null || (_options.SelectBy == BestModelMetric.Accuracy
            ? score.Accuracy > _bestAccuracy || (score.Accuracy == _bestAccuracy && score.Loss < _best.Value)
            : score.Loss < _best.Value);
        if (!improved)
        {
            _evaluationsWithoutImprovement++;
            return new Validation(step, score, false, _bestPath);
        }
        _best = score.Loss;
        _bestAccuracy = score.Accuracy;
        _bestStep = step;
        _evaluationsWithoutImprovement = 0;
        if (_checkpointPath is null)
            return new Validation(step, score, true, null);
        string bestPath = BestPathFor(step, score.Loss);
        SaveTo(bestPath);
        if (_bestPath is not null && _bestPath != bestPath && File.Exists(_bestPath))
            File.Delete(_bestPath); // keep one best file: the newest best
        _bestPath = bestPath;
        return new Validation(step, score, true, bestPath);
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
        if (_checkpointPath is null)
            return;
        SaveTo(_checkpointPath);
        if (!_resumed && !_staleBestFilesRemoved)
            RemoveStaleBestFiles();
    }

    private bool _staleBestFilesRemoved;

    /// <summary>
    /// Once a new run has replaced an earlier run's checkpoint at the same path, that run's best files beside it (its
    /// own names, STEM.stepNNNNNN.valL.safetensors) go too: a later `--model STEM.step*` must find this run's best only.
    /// </summary>
    private void RemoveStaleBestFiles()
    {
        _staleBestFilesRemoved = true;
        string full = Path.GetFullPath(_checkpointPath!), folder = Path.GetDirectoryName(full)!;
        var pattern = new System.Text.RegularExpressions.Regex(
            "^" + System.Text.RegularExpressions.Regex.Escape(Path.GetFileNameWithoutExtension(full)) + @"\.step[0-9]{6,}\.val[0-9.]+\.safetensors$");
        foreach (string file in Directory.EnumerateFiles(folder))
            if (pattern.IsMatch(Path.GetFileName(file)) && (_bestPath is null || Path.GetFullPath(file) != Path.GetFullPath(_bestPath)))
                File.Delete(file);
    }

    private void SaveTo(string path)
    {
        var progress = new TrainingProgress(_trainer.StepsDone, _trainer.Optimizer.StepCount, _trainer.DropoutRng?.GetState(),
            Source.GetState(), _best, _bestStep, _bestPath is null ? null : Path.GetFileName(_bestPath), _evaluationsWithoutImprovement,
            _firstLoss, _lastLoss, _lastAccuracy, _bestAccuracy);
        WithAverage(trained => TrainingCheckpoint.Save(path, Model, _options, progress, _runMetadata, _trainer.Optimizer, _trainer.State, trained,
            _averaging?.Updates ?? 0));
    }

    /// <summary>Runs <paramref name="action"/> on the averaged weights when the run keeps an average (given the trained ones), else on the weights as they are (given null).</summary>
    private void WithAverage(Action<float[]?> action)
    {
        if (_averaging is { } averaging)
            averaging.WithAverage(Model.Network.Parameters.Values, action);
        else
            action(null);
    }

    private TrainingOutcome Outcome(TrainingEnd end, Validation? lastValidation)
    {
        // The run is over: the model holds what its files hold, the average (a later Run continues from the checkpoint).
        if (_averaging is { Updates: > 0 } averaging)
            averaging.Average.CopyTo(Model.Network.Parameters.Values, 0);
        return new(end, _trainer.StepsDone, _lastLoss, lastValidation, _best, _bestPath, _checkpointPath, _bestAccuracy);
    }
}
