// Trains a model with a head on the last step on a long-range task, through the one TrainingSession: a fresh batch
// from the task's generator every step (TaskBatches), the held-out set as the validator (TaskEvaluator: loss and
// fraction solved), a validation before the first step and every N steps, until the held-out set is solved to the
// target, the steps or the time run out, or the run is cancelled. With a checkpoint path it gets what every run
// gets: resumable checkpoints, the best model, the metrics log; Resume continues it exactly (the task and its
// settings are in the checkpoint). The run owns no console: it reports through a callback.
using System.Diagnostics;
using System.Globalization;
using Recurrent.IO;
using Recurrent.Models;
using Recurrent.Numerics;
using Recurrent.Training;

namespace Recurrent.Tasks;

/// <summary>One training run of a model on a <see cref="SequenceTask"/>, new or resumed.</summary>
public sealed class TaskRun
{
    /// <summary>Mixed into the seed for the training sequences, so they are not drawn from the weights' stream.</summary>
    public const ulong TrainingStreamMix = 0x7A5C_D47A_0000_0001UL;

    /// <summary>Mixed into the seed for the chrono biases.</summary>
    public const ulong ChronoMix = 0xC4_0000_0000_0001UL;

    private readonly TaskEvaluator<float> _evaluator;

    /// <summary>
    /// A new run: a model for <paramref name="task"/> initialised from the options' seed (with chrono biases when
    /// asked), a stream of fresh training batches, and a training session that validates on the held-out set.
    /// </summary>
    /// <param name="task">The task to train on; it sets the model's input and head.</param>
    /// <param name="options">The model's sizes, the batch, the held-out size and the training session's options.</param>
    /// <param name="heldOut">The held-out set (null: <see cref="TaskOptions.TestSize"/> sequences from the default held-out seed).</param>
    /// <param name="checkpointPath">Where to write resumable checkpoints and the best model (null: no files).</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public TaskRun(SequenceTask task, TaskOptions options, HeldOutSet? heldOut = null, string? checkpointPath = null)
    {
        Task = task;
        Options = options.Validated();
        ulong seed = options.Training.Seed;
        var model = new RecurrentModel<float>(task.ModelSpec(options.Cell, options.Hidden, options.Layers)
            with { ZoneoutHidden = options.ZoneoutHidden, ZoneoutCell = options.ZoneoutCell });
        model.Initialize(seed);
        if (options.Chrono)
            ChronoInitializer.Initialize(model.Parameters, model.Spec, task.Length, new Rng(seed ^ ChronoMix));
        HeldOut = heldOut ?? new HeldOutSet(task, options.TestSize);
        _evaluator = new TaskEvaluator<float>(model, HeldOut);
        Session = TrainingSession.Start(TaskModels.Bundle(model, task), new TaskBatches(task, options.Batch, new Rng(seed ^ TrainingStreamMix)),
            _evaluator, options.Training, checkpointPath, RunMetadata(options));
    }

    private TaskRun(SequenceTask task, TaskOptions options, HeldOutSet heldOut, TaskEvaluator<float> evaluator, TrainingSession session)
    {
        Task = task;
        Options = options;
        HeldOut = heldOut;
        _evaluator = evaluator;
        Session = session;
    }

    /// <summary>
    /// Continues the task run saved in <paramref name="resumeFrom"/> up to <paramref name="steps"/> steps in all (null:
    /// the saved total): the same task, model, batches, held-out set and options.
    /// </summary>
    /// <exception cref="CheckpointException">The file is not a resumable checkpoint of a task run.</exception>
    /// <exception cref="ModelKindException">The checkpoint holds another kind of model than a task model.</exception>
    public static TaskRun Resume(string resumeFrom, long? steps, string? checkpointPath)
    {
        var checkpoint = TrainingCheckpoint.Load(resumeFrom);
        if (!TaskModels.IsTaskModel(checkpoint.Model))
            throw new ModelKindException(
                $"Cannot resume '{resumeFrom}' as a task run: it is {checkpoint.Model.Describe()}, not a task model.", checkpoint.Model);
        var task = TaskModels.TaskOf(checkpoint.Model, resumeFrom);
        var spec = checkpoint.Model.Spec;
        TaskOptions options;
        try
        {
            var m = checkpoint.Metadata;
            options = new TaskOptions
            {
                Cell = spec.Cell,
                Hidden = spec.Hidden,
                Layers = spec.Layers,
                Chrono = m["train.chrono"] == "true",
                ZoneoutHidden = spec.ZoneoutHidden,
                ZoneoutCell = spec.ZoneoutCell,
                Batch = int.Parse(m["train.batch"], CultureInfo.InvariantCulture),
                TestSize = int.Parse(m["train.test_size"], CultureInfo.InvariantCulture),
                Training = steps is long total ? checkpoint.Options with { Steps = total } : checkpoint.Options,
            }.Validated();
        }
        catch (Exception e) when (e is KeyNotFoundException or FormatException or OverflowException or ArgumentOutOfRangeException)
        {
            throw new CheckpointException($"'{resumeFrom}' cannot be resumed as a task run: its task settings are missing or damaged.", e);
        }
        var heldOut = new HeldOutSet(task, options.TestSize);
        var evaluator = new TaskEvaluator<float>(checkpoint.Model.Network, heldOut);
        var source = new TaskBatches(task, options.Batch, new Rng(options.Training.Seed ^ TrainingStreamMix));
        var session = TrainingSession.Resume(checkpoint, source, evaluator, steps, checkpointPath);
        return new TaskRun(task, options, heldOut, evaluator, session);
    }

    /// <summary>The task the model is trained on.</summary>
    public SequenceTask Task { get; }

    /// <summary>The run's options, validated (those saved in the checkpoint for a resumed run).</summary>
    public TaskOptions Options { get; }

    /// <summary>The fixed sequences the run is validated on.</summary>
    public HeldOutSet HeldOut { get; }

    /// <summary>The training session the run drives.</summary>
    public TrainingSession Session { get; }

    /// <summary>The model being trained.</summary>
    public RecurrentModel<float> Model => Session.Model.Network;

    /// <summary>
    /// Trains until solved, out of steps, out of time, stopped early or cancelled; calls <paramref name="onEvaluation"/>
    /// after every evaluation, the first before any step of a new run. The last evaluation is of the last step taken.
    /// </summary>
    /// <exception cref="RecurrentException">The training loss became NaN or infinite (or exploded, with the guard on).</exception>
    public TaskOutcome Run(Action<TaskEvaluation>? onEvaluation = null, CancellationToken cancellation = default, MetricsLog? metrics = null)
    {
        var clock = Stopwatch.StartNew();
        var history = new List<TaskEvaluation>();
        double lossSum = 0;
        long lossCount = 0;

        void Record(long step, ValidationScore score)
        {
            var evaluation = new TaskEvaluation(step, clock.Elapsed.TotalSeconds, lossCount > 0 ? lossSum / lossCount : double.NaN,
                new TaskScore(score.Loss, score.Accuracy ?? double.NaN, _evaluator.ConstantMseOfSet));
            lossSum = 0;
            lossCount = 0;
            history.Add(evaluation);
            onEvaluation?.Invoke(evaluation);
        }

        var outcome = Session.Run(step =>
        {
            lossSum += step.Loss;
            lossCount++;
        }, validation => Record(validation.Step, validation.Score), cancellation, metrics, validateFirst: true);
        if (history.Count == 0 || history[^1].Step != outcome.Steps)
            Record(outcome.Steps, _evaluator.Validate()); // a cancelled run ends between validations: score where it stopped
        var end = outcome.End switch
        {
            TrainingEnd.TargetReached => TaskEnd.Solved,
            TrainingEnd.TimeUp => TaskEnd.TimeUp,
            TrainingEnd.Interrupted => TaskEnd.Interrupted,
            TrainingEnd.EarlyStopped => TaskEnd.EarlyStopped,
            _ => TaskEnd.StepsDone,
        };
        return new TaskOutcome(end, outcome.Steps, clock.Elapsed.TotalSeconds, history[^1], history, outcome);
    }

    private static Dictionary<string, string> RunMetadata(TaskOptions options) => new()
    {
        ["train.batch"] = options.Batch.ToString(CultureInfo.InvariantCulture),
        ["train.test_size"] = options.TestSize.ToString(CultureInfo.InvariantCulture),
        ["train.chrono"] = options.Chrono ? "true" : "false",
    };
}
