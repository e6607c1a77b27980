// Trains a many-to-one model on a long-range task: a fresh batch from the task's generator every step, Adam,
// gradient clipping, an evaluation on the held-out set every N steps (and before the first step and after the
// last), until the held-out set is solved to the target, the steps run out, the time budget runs out, or the
// run is cancelled. Float32, as the character trainer. The run owns no console: it reports through a callback.
using System.Diagnostics;
using Recurrent.Models;
using Recurrent.Numerics;
using Recurrent.Training;

namespace Recurrent.Tasks;

/// <summary>One training run of a fresh model on a <see cref="SequenceTask"/>.</summary>
public sealed class TaskRun
{
    /// <summary>Mixed into --seed for the training sequences, so they are not drawn from the weights' stream.</summary>
    public const ulong TrainingStreamMix = 0x7A5C_D47A_0000_0001UL;

    /// <summary>Mixed into --seed for the chrono biases.</summary>
    public const ulong ChronoMix = 0xC4_0000_0000_0001UL;

    private readonly Trainer<float> _trainer;
    private readonly TaskEvaluator<float> _evaluator;

    /// <param name="heldOut">The held-out set (null: <see cref="TaskOptions.TestSize"/> sequences from the default held-out seed).</param>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public TaskRun(SequenceTask task, TaskOptions options, HeldOutSet? heldOut = null)
    {
        Task = task;
        Options = options.Validated();
        Model = new RecurrentModel<float>(task.ModelSpec(options.Cell, options.Hidden, options.Layers));
        Model.Initialize(options.Seed);
        if (options.Chrono)
            ChronoInitializer.Initialize(Model.Parameters, Model.Spec, task.Length, new Rng(options.Seed ^ ChronoMix));
        HeldOut = heldOut ?? new HeldOutSet(task, options.TestSize);
        _evaluator = new TaskEvaluator<float>(Model, HeldOut);
        _trainer = new Trainer<float>(Model, new TaskBatches(task, options.Batch, new Rng(options.Seed ^ TrainingStreamMix)),
            new Adam<float>(Model.Parameters.Count, options.LearningRate), options.Clip);
    }

    public SequenceTask Task { get; }
    public TaskOptions Options { get; }
    public RecurrentModel<float> Model { get; }
    public HeldOutSet HeldOut { get; }

    /// <summary>
    /// Trains until solved, out of steps, out of time or cancelled; calls <paramref name="onEvaluation"/> after every
    /// evaluation, the first before any step.
    /// </summary>
    /// <exception cref="RecurrentException">The training loss became NaN or infinite.</exception>
    public TaskOutcome Run(Action<TaskEvaluation>? onEvaluation = null, CancellationToken cancellation = default)
    {
        var clock = Stopwatch.StartNew();
        var history = new List<TaskEvaluation>();
        double lossSum = 0;
        long lossCount = 0;

        TaskEvaluation Evaluate()
        {
            var evaluation = new TaskEvaluation(_trainer.StepsDone, clock.Elapsed.TotalSeconds,
                lossCount > 0 ? lossSum / lossCount : double.NaN, _evaluator.Evaluate());
            lossSum = 0;
            lossCount = 0;
            history.Add(evaluation);
            onEvaluation?.Invoke(evaluation);
            return evaluation;
        }

        var last = Evaluate();
        TaskEnd end;
        while (true)
        {
            if (last.Test.Solved >= Options.Target) { end = TaskEnd.Solved; break; }
            if (_trainer.StepsDone >= Options.Steps) { end = TaskEnd.StepsDone; break; }
            if (Options.Minutes > 0 && clock.Elapsed.TotalMinutes >= Options.Minutes) { end = TaskEnd.TimeUp; break; }
            if (cancellation.IsCancellationRequested) { end = TaskEnd.Interrupted; break; }

            var step = _trainer.Step();
            lossSum += step.Loss;
            lossCount++;
            bool due = step.Step % Options.EvalEvery == 0 || step.Step == Options.Steps
                || (Options.Minutes > 0 && clock.Elapsed.TotalMinutes >= Options.Minutes) || cancellation.IsCancellationRequested;
            if (due)
                last = Evaluate();
        }
        return new TaskOutcome(end, _trainer.StepsDone, clock.Elapsed.TotalSeconds, last, history);
    }
}
