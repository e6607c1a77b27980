// Training on tasks: a training step on generated batches allocates nothing; a small run solves an easy task and stops
// there, with its learning curve starting before the first step; the time and step limits stop a run; the held-out
// set is the same for every run and never the training stream; the evaluator's numbers; chrono initialisation;
// a saved task model loads back the same.
using Recurrent.Models;
using Recurrent.Numerics;
using Recurrent.Tasks;
using Recurrent.Tests.IO;
using Recurrent.Training;
using Recurrent.Tests.Training;

namespace Recurrent.Tests.Tasks;

public sealed class TaskRunTests
{
    [Theory]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    public void A_training_step_on_a_task_allocates_nothing(CellKind cell)
    {
        var task = new AddingTask(12);
        var model = new RecurrentModel<float>(task.ModelSpec(cell, 8, 2));
        model.Initialize(1);
        var trainer = new Trainer<float>(model, new TaskBatches(task, 4, new Rng(2)), new Adam<float>(model.Parameters.Count, 1e-3), clip: 1);
        Assert.Equal(0, StepAllocations.Of(trainer));
        Assert.Equal(8, trainer.StepsDone);
    }

    [Fact]
    public void A_small_lstm_solves_recall_and_stops_when_solved()
    {
        var task = new RecallTask(8);
        var options = new TaskOptions
        {
            Hidden = 16, Batch = 16, Chrono = true, TestSize = 200,
            Training = TaskOptions.DefaultTraining with { LearningRate = 1e-2, EvalEvery = 25, Minutes = 1, Steps = 3000 },
        };
        var outcome = new TaskRun(task, options).Run();
        Assert.Equal(TaskEnd.Solved, outcome.End);
        Assert.True(outcome.Final.Test.Accuracy >= 0.95);
        Assert.Equal(0, outcome.History[0].Step);
        Assert.True(double.IsNaN(outcome.History[0].TrainLoss));
        Assert.InRange(outcome.History[0].Test.Accuracy, 0, 0.3); // untrained: near chance
        Assert.Same(outcome.Final, outcome.History[^1]);
        Assert.Equal(outcome.Final, outcome.FirstSolved(0.95));
        Assert.All(outcome.History.Skip(1), e => Assert.Equal(0, e.Step % 25));
    }

    [Fact]
    public void The_step_limit_stops_a_run_with_an_evaluation_of_the_last_step()
    {
        var options = new TaskOptions { Cell = CellKind.Rnn, Hidden = 4, Batch = 2, TestSize = 10, Training = TaskOptions.DefaultTraining with { Steps = 7, EvalEvery = 5 } };
        var outcome = new TaskRun(new AddingTask(6), options).Run();
        Assert.Equal(TaskEnd.StepsDone, outcome.End);
        Assert.Equal(7, outcome.Steps);
        Assert.Equal([0L, 5L, 7L], outcome.History.Select(e => e.Step));
        Assert.True(double.IsFinite(outcome.Final.Test.ConstantMse));
    }

    [Fact]
    public void Cancellation_stops_a_run_after_an_evaluation()
    {
        using var cancellation = new CancellationTokenSource();
        var options = new TaskOptions { Hidden = 4, Batch = 2, TestSize = 10, Training = TaskOptions.DefaultTraining with { EvalEvery = 1000 } };
        var outcome = new TaskRun(new RecallTask(4), options).Run(e =>
        {
            if (e.Step == 0)
                cancellation.Cancel();
        }, cancellation.Token);
        Assert.Equal(TaskEnd.Interrupted, outcome.End);
        Assert.Equal(0, outcome.Steps);
    }

    [Fact]
    public void The_held_out_set_is_fixed_and_is_not_the_training_stream()
    {
        var task = new AddingTask(10);
        var a = new HeldOutSet(task, 250);
        var b = new HeldOutSet(task, 250);
        Assert.Equal([100, 100, 50], a.Batches.Select(x => x.Batch));
        Assert.Equal(a.Batches[2].Inputs, b.Batches[2].Inputs);
        var training = task.NewBatch(new Rng(1 ^ TaskRun.TrainingStreamMix), 100);
        Assert.Empty(training.TargetValues.Intersect(a.Batches.SelectMany(x => x.TargetValues)));
    }

    [Fact]
    public void The_evaluator_scores_regression_and_classification()
    {
        var adding = new AddingTask(10);
        var set = new HeldOutSet(adding, 150);
        var model = new RecurrentModel<float>(adding.ModelSpec(CellKind.Lstm, 4, 1));
        // Zero weights and a head bias of 0.5: the constant predictor itself.
        model.Parameters.Value(ParameterNames.HeadBias)[0] = 0.5f;
        var score = new TaskEvaluator<float>(model, set).Evaluate();
        double constant = TaskEvaluator<float>.ConstantMse(set);
        Assert.Equal(constant, score.ConstantMse);
        Assert.Equal(constant, score.Loss, 6);
        double solved = set.Batches.SelectMany(x => x.TargetValues).Count(y => Math.Abs(y - 0.5) < 0.04) / 150.0;
        Assert.Equal(solved, score.Solved, 12);

        var recall = new RecallTask(3);
        var classifier = new RecurrentModel<float>(recall.ModelSpec(CellKind.Gru, 4, 1));
        classifier.Parameters.Value(ParameterNames.HeadBias)[2] = 1; // always class 2
        var recallSet = new HeldOutSet(recall, 120);
        var accuracy = new TaskEvaluator<float>(classifier, recallSet).Evaluate();
        Assert.Equal(recallSet.Batches.SelectMany(x => x.TargetClasses).Count(c => c == 2) / 120.0, accuracy.Accuracy, 12);
        Assert.True(double.IsNaN(accuracy.ConstantMse));
        Assert.Throws<ArgumentException>(() => new TaskEvaluator<float>(classifier, set)); // a recall model on the adding task
    }

    [Fact]
    public void Chrono_initialisation_sets_forget_and_input_biases_from_log_uniform_lags()
    {
        var task = new AddingTask(100);
        var model = new RecurrentModel<float>(task.ModelSpec(CellKind.Lstm, 32, 2));
        model.Initialize(1);
        ChronoInitializer.Initialize(model.Parameters, model.Spec, 100, new Rng(3));
        for (int k = 0; k < 2; k++)
        {
            var ih = model.Parameters.Value(ParameterNames.BiasIh(k)).ToArray();
            var hh = model.Parameters.Value(ParameterNames.BiasHh(k)).ToArray();
            for (int j = 0; j < 32; j++)
            {
                Assert.InRange(ih[32 + j], 0, Math.Log(99) + 1e-6); // forget: log(u), u in [1, 99]
                Assert.Equal(-ih[32 + j], ih[j]);                  // input: −log(u)
                Assert.Equal(0, hh[j]);
                Assert.Equal(0, hh[32 + j]);
            }
            Assert.True(ih[32..64].Max() > 3, "some units should start with long memories");
        }
        var rnn = new RecurrentModel<float>(task.ModelSpec(CellKind.Rnn, 4, 1));
        Assert.Throws<ArgumentException>(() => ChronoInitializer.Initialize(rnn.Parameters, rnn.Spec, 100, new Rng(3)));
    }

    [Fact]
    public void A_saved_task_model_loads_back_the_same()
    {
        using var dir = new TempDirectory();
        string path = dir.File("adding.safetensors");
        var task = new TemporalOrderTask(20);
        var model = new RecurrentModel<float>(task.ModelSpec(CellKind.Gru, 6, 2));
        model.Initialize(9);
        ModelFile.Save(path, TaskModels.Bundle(model, task));
        var bundle = ModelFile.Load(path);
        var (loadedTask, loaded) = (TaskModels.TaskOf(bundle, path), bundle.Network);
        Assert.IsType<TemporalOrderTask>(loadedTask);
        Assert.Equal(20, loadedTask.Length);
        Assert.Equal(model.Spec, loaded.Spec);
        Assert.Equal(HeadKind.Classification, loaded.Spec.Head);
        Assert.Equal(model.Parameters.Values, loaded.Parameters.Values);
        Assert.Equal(["adding.safetensors"], dir.ListFiles());
        string interop = Path.Combine(AppContext.BaseDirectory, "Fixtures", "interop_lstm.safetensors");
        Assert.Throws<Recurrent.IO.CheckpointException>(() => TaskModels.TaskOf(ModelFile.Load(interop), interop));
    }
}
