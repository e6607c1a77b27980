// The best model chosen by validation accuracy (classifiers) or by loss (the default): with scores whose loss and
// accuracy disagree, each choice keeps its own best step and file, a tie in accuracy goes to the lower loss, a resumed
// run remembers the best accuracy it must beat, and a validation that measures no accuracy cannot choose by it.
using Recurrent.Data;
using Recurrent.Models;
using Recurrent.Tests.IO;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

public sealed class BestModelMetricTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Scores given in turn, as a validation would measure them.</summary>
    private sealed class ScriptedValidator(params ValidationScore[] scores) : IValidator
    {
        private int _next;

        public ValidationScore Validate() => scores[Math.Min(_next++, scores.Length - 1)];
    }

    private static readonly ValidationScore[] Scores =
    [
        new(1.0, 0.50), new(0.8, 0.60), new(0.9, 0.75), new(0.85, 0.70), new(0.95, 0.75), new(0.70, 0.60),
    ];

    private static (ModelBundle, LabelledSequences) Classifier()
    {
        var spec = new ModelSpec(CellKind.Gru, InputKind.OneHot, 3, 4, 1, 2) { Readout = Readout.LastStep };
        var network = new RecurrentModel<float>(spec);
        network.Initialize(1);
        int[][] sequences = [[0, 1], [1, 2], [2, 0], [0, 0]];
        return (new ModelBundle(network), LabelledSequences.FromTokens(sequences, [0, 1, 0, 1], batch: 2));
    }

    private TrainingSession Start(BestModelMetric metric, IValidator validator, string path, long steps = 6)
    {
        var (model, source) = Classifier();
        return TrainingSession.Start(model, source, validator, new TrainingOptions { Steps = steps, EvalEvery = 1, SelectBy = metric }, path);
    }

    [Theory]
    [InlineData(BestModelMetric.Loss, new[] { true, true, false, false, false, true }, 6)]
    [InlineData(BestModelMetric.Accuracy, new[] { true, true, true, false, false, false }, 3)] // step 5 ties 0.75 with a higher loss
    public void Each_metric_keeps_its_own_best(BestModelMetric metric, bool[] improved, long bestStep)
    {
        string path = _dir.File($"{metric}.safetensors");
        var seen = new List<bool>();
        var outcome = Start(metric, new ScriptedValidator(Scores), path).Run(onValidation: v => seen.Add(v.Improved));
        Assert.Equal(improved, seen);
        Assert.EndsWith($".step{bestStep:D6}.val{Scores[bestStep - 1].Loss:F4}.safetensors", outcome.BestPath);
        Assert.Equal(Scores[bestStep - 1].Loss, outcome.BestValidationLoss);
        Assert.Equal(Scores[bestStep - 1].Accuracy, outcome.BestValidationAccuracy);
    }

    [Fact]
    public void A_tie_in_accuracy_goes_to_the_lower_loss_and_a_resumed_run_remembers_the_best()
    {
        string path = _dir.File("tie.safetensors");
        Start(BestModelMetric.Accuracy, new ScriptedValidator(new(0.9, 0.7), new(0.8, 0.7), new(0.85, 0.7)), path, steps: 2).Run();
        var checkpoint = TrainingCheckpoint.Load(path);
        Assert.Equal(BestModelMetric.Accuracy, checkpoint.Options.SelectBy);
        Assert.Equal((0.8, 0.7, 2L), (checkpoint.Progress.BestValidationLoss!.Value, checkpoint.Progress.BestValidationAccuracy!.Value, checkpoint.Progress.BestStep));

        var (_, source) = Classifier();
        var seen = new List<bool>();
        TrainingSession.Resume(checkpoint, source, new ScriptedValidator(new(0.85, 0.7), new(0.7, 0.65), new(0.9, 0.72)), 5, path)
            .Run(onValidation: v => seen.Add(v.Improved));
        Assert.Equal([false, false, true], seen); // 0.7 with a higher loss, then a lower accuracy, then a higher one
    }

    [Fact]
    public void A_validation_without_accuracy_cannot_choose_by_it()
    {
        var session = Start(BestModelMetric.Accuracy, new ScriptedValidator(new ValidationScore(1.0, null)), _dir.File("none.safetensors"));
        Assert.Contains("measures none; choose it by loss", Assert.Throws<RecurrentException>(() => session.Run()).Message);
    }
}
