// The one training session for every head: a regression at every step and on the last step (windows of a series;
// the mean squared error, the absolute error, quantiles), a classifier on the last step (labelled sequences), and
// the task runs (regression and classification on the last step, generated batches with a random state to restore). Each gets validation, the best checkpoint and a resume
// that ends with the uninterrupted run's bytes.
using Recurrent.Data;
using Recurrent.Models;
using Recurrent.Numerics;
using Recurrent.Tasks;
using Recurrent.Tests.IO;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

public sealed class EveryHeadSessionTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly TrainingOptions Options = new()
    {
        Steps = 20, Optimizer = OptimizerKind.Adam, LearningRate = 0.01, Schedule = new LearningRateSchedule.Cosine(3, 20), EvalEvery = 5, Seed = 4,
    };

    /// <summary>Two noisy sines, 300 rows of 2 features; the second column is the target.</summary>
    private static double[] Series()
    {
        var rng = new Rng(8);
        var series = new double[300 * 2];
        for (int r = 0; r < 300; r++)
        {
            series[2 * r] = Math.Sin(r * 0.3) + 0.1 * rng.NextNormal();
            series[2 * r + 1] = Math.Cos(r * 0.21) + 0.1 * rng.NextNormal();
        }
        return series;
    }

    /// <summary>A model, a training source and a validation of one head, over the given model (fresh or resumed).</summary>
    private static (IBatchSource Source, IValidator Validator) Data(string head, RecurrentModel<float> network)
    {
        switch (head)
        {
            case "series-every-step":
            case "series-last-step":
            case "series-quantiles":
            case "series-absolute":
            {
                bool every = head is "series-every-step" or "series-absolute";
                int[] targets = head == "series-quantiles" ? [1, 1, 1] : [1]; // the target once per quantile
                double[] series = Series();
                var train = new SeriesWindows(series[..(240 * 2)], 2, targets, steps: 12, batch: 8, every, seed: 3);
                var held = new SeriesWindows(series[(240 * 2)..], 2, targets, steps: 12, batch: 8, every, shuffle: false);
                return (train, new ExampleValidation<float>(network, held, batch: 16));
            }
            default:
            {
                // Does a string of 9 tokens a and b hold more b's than a's?
                var rng = new Rng(5);
                int[][] strings = Enumerable.Range(0, 160).Select(_ => Enumerable.Range(0, 9).Select(_ => rng.NextInt(2)).ToArray()).ToArray();
                int[] parity = strings.Select(s => s.Sum() > 4 ? 1 : 0).ToArray();
                var train = LabelledSequences.FromTokens(strings[..128], parity[..128], batch: 16, seed: 2);
                var held = LabelledSequences.FromTokens(strings[128..], parity[128..], batch: 16, shuffle: false);
                return (train, new ExampleValidation<float>(network, held, batch: 10));
            }
        }
    }

    private static ModelBundle Model(string head)
    {
        var spec = head switch
        {
            "series-every-step" => new ModelSpec(CellKind.Lstm, InputKind.Dense, 2, 8, 2, 1) { Head = HeadKind.Regression, Dropout = 0.1 },
            "series-last-step" => new ModelSpec(CellKind.Gru, InputKind.Dense, 2, 8, 1, 1) { Head = HeadKind.Regression, Readout = Readout.LastStep },
            "series-quantiles" => new ModelSpec(CellKind.Lstm, InputKind.Dense, 2, 8, 1, 3)
            {
                Head = HeadKind.Regression, Readout = Readout.LastStep, Loss = RegressionLoss.Quantile, Quantiles = [0.1, 0.5, 0.9],
            },
            "series-absolute" => new ModelSpec(CellKind.Rnn, InputKind.Dense, 2, 8, 2, 1) { Head = HeadKind.Regression, Loss = RegressionLoss.MeanAbsoluteError },
            _ => new ModelSpec(CellKind.Lstm, InputKind.Embedding, 2, 8, 1, 2) { EmbeddingSize = 3, Readout = Readout.LastStep, Dropout = 0.2 },
        };
        var network = new RecurrentModel<float>(spec);
        network.Initialize(Options.Seed);
        return new ModelBundle(network) { Labels = spec.Head == HeadKind.Classification ? ["more a", "more b"] : null };
    }

    private static TrainingSession Start(string head, string path)
    {
        var model = Model(head);
        var (source, validator) = Data(head, model.Network);
        return TrainingSession.Start(model, source, validator, Options, path, new Dictionary<string, string> { ["train.head_case"] = head });
    }

    private static TrainingSession Resume(string path)
    {
        var checkpoint = TrainingCheckpoint.Load(path);
        var (source, validator) = Data(checkpoint.Metadata["train.head_case"], checkpoint.Model.Network);
        return TrainingSession.Resume(checkpoint, source, validator, null, path);
    }

    [Theory]
    [InlineData("series-every-step", 7)]
    [InlineData("series-last-step", 10)]
    [InlineData("series-quantiles", 6)]
    [InlineData("series-absolute", 12)]
    [InlineData("majority-classifier", 3)]
    public void Every_head_validates_keeps_its_best_and_resumes_to_the_same_bytes(string head, int interruptAfter)
    {
        Directory.CreateDirectory(_dir.File("a"));
        Directory.CreateDirectory(_dir.File("b"));
        string a = _dir.File("a/m.safetensors"), b = _dir.File("b/m.safetensors");
        var validations = new List<Validation>();
        var straight = Start(head, a).Run(onValidation: validations.Add);
        Assert.Equal(TrainingEnd.Completed, straight.End);
        Assert.Equal([5L, 10L, 15L, 20L], validations.Select(v => v.Step));
        Assert.All(validations, v => Assert.Equal(head == "majority-classifier", v.Score.Accuracy is not null));

        using var cancellation = new CancellationTokenSource();
        var interrupted = Start(head, b).Run(step =>
        {
            if (step.Step == interruptAfter)
                cancellation.Cancel();
        }, cancellation: cancellation.Token);
        Assert.Equal((TrainingEnd.Interrupted, (long)interruptAfter), (interrupted.End, interrupted.Steps));
        var outcome = Resume(b).Run();
        Assert.Equal(20, outcome.Steps);
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        Assert.Equal(File.ReadAllBytes(straight.BestPath!), File.ReadAllBytes(outcome.BestPath!));
        var saved = ModelFile.Load(a);
        Assert.Equal(Model(head).Spec, saved.Spec);
        Assert.Equal(Model(head).Labels, saved.Labels);
    }

    [Fact]
    public void A_classifier_learns_which_token_is_in_the_majority()
    {
        var model = Model("majority-classifier");
        var (source, validator) = Data("majority-classifier", model.Network);
        var session = TrainingSession.Start(model, source, validator, Options with { Steps = 400, EvalEvery = 100, LearningRate = 0.02, Schedule = new LearningRateSchedule.Constant() });
        var outcome = session.Run();
        Assert.True(outcome.LastValidation!.Value.Score.Accuracy >= 0.9, $"accuracy {outcome.LastValidation.Value.Score.Accuracy}");
    }

    [Theory]
    [InlineData("adding", 5, 0.0, 0.0)]
    [InlineData("temporal-order", 10, 0.0, 0.0)]
    [InlineData("adding", 5, 0.1, 0.3)]
    public void A_task_run_with_files_resumes_to_the_same_bytes(string name, int interruptAfter, double zoneoutHidden, double zoneoutCell)
    {
        Directory.CreateDirectory(_dir.File("a"));
        Directory.CreateDirectory(_dir.File("b"));
        string a = _dir.File("a/m.safetensors"), b = _dir.File("b/m.safetensors");
        var task = TaskCatalog.Create(name, 12);
        var options = new TaskOptions
        {
            Hidden = 6, Batch = 8, TestSize = 30, ZoneoutHidden = zoneoutHidden, ZoneoutCell = zoneoutCell,
            Training = TaskOptions.DefaultTraining with { Steps = 15, EvalEvery = 5, TargetAccuracy = 2, Minutes = 0 },
        };
        var straight = new TaskRun(task, options, checkpointPath: a).Run();
        Assert.Equal((zoneoutHidden, zoneoutCell), (ModelFile.Load(a).Spec.ZoneoutHidden, ModelFile.Load(a).Spec.ZoneoutCell));
        Assert.Equal([0L, 5L, 10L, 15L], straight.History.Select(e => e.Step));

        using var cancellation = new CancellationTokenSource();
        var interrupted = new TaskRun(task, options, checkpointPath: b).Run(cancellation: cancellation.Token, onEvaluation: e =>
        {
            if (e.Step == interruptAfter)
                cancellation.Cancel();
        });
        Assert.Equal((TaskEnd.Interrupted, (long)interruptAfter), (interrupted.End, interrupted.Steps));
        var resumed = TaskRun.Resume(b, steps: null, b);
        Assert.Equal(task.Name, resumed.Task.Name);
        Assert.Equal((zoneoutHidden, zoneoutCell), (resumed.Options.ZoneoutHidden, resumed.Options.ZoneoutCell));
        var outcome = resumed.Run();
        Assert.Equal(15, outcome.Steps);
        Assert.Equal(straight.Final.Test, outcome.Final.Test);
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
    }
}
