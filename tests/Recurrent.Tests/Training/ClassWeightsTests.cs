// Class weights in a classifier's loss (torch's cross_entropy(weight=)): every gradient of the weighted loss against
// finite differences (its values against PyTorch are in the class-weight fixtures); equal weights give the plain
// mean bit for bit; a training run applies its options' weights to training only (validation stays unweighted), keeps
// them through a checkpoint, and refuses weights that do not fit the head.
using Recurrent.Data;
using Recurrent.Models;
using Recurrent.Tests.GradientChecks;
using Recurrent.Training;
using Xunit.Abstractions;

namespace Recurrent.Tests.Training;

public sealed class ClassWeightsTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(Readout.MaxOverSteps, true)]
    [InlineData(Readout.EveryStep, false)]
    public void Every_gradient_of_a_weighted_loss_matches_finite_differences(Readout readout, bool bidirectional)
    {
        var spec = new ModelSpec(CellKind.Lstm, InputKind.Dense, ModelCase.DenseInputs, ModelCase.Hidden, 1, ModelCase.DenseClasses)
        {
            Readout = readout, Bidirectional = bidirectional,
        };
        var test = ModelCase.Create(spec, seed: 7400);
        test.Workspace.ClassWeights = [.. Enumerable.Range(0, spec.OutputSize).Select(c => 0.5 + c)];
        int[] lengths = [3, 4];
        lengths.CopyTo(test.Workspace.Lengths, 0);
        test.Backward();
        var results = test.CheckEverything(output);
        FiniteDifference.Summarize(results, output, $"class weights, {readout}, bidirectional={bidirectional}");
        Assert.All(results, r => Assert.True(r.MaxNumeric > 0, $"{r.What}: the gradient is identically zero, the check proves nothing"));
    }

    [Fact]
    public void Equal_weights_give_the_plain_mean_and_unequal_ones_another_loss()
    {
        var spec = new ModelSpec(CellKind.Gru, InputKind.Dense, ModelCase.DenseInputs, ModelCase.Hidden, 1, ModelCase.DenseClasses) { Readout = Readout.LastStep };
        var test = ModelCase.Create(spec, seed: 7401);
        test.Backward(); // a Forward: the loss below is of its outputs
        double plain = test.Model.Loss(test.Workspace);
        Assert.True(double.IsFinite(plain));
        test.Workspace.ClassWeights = [.. Enumerable.Repeat(2.5, spec.OutputSize)];
        Assert.Equal(plain, test.Model.Loss(test.Workspace), 15);
        test.Workspace.ClassWeights = [.. Enumerable.Range(0, spec.OutputSize).Select(c => 1.0 + 3 * c)];
        Assert.NotEqual(plain, test.Model.Loss(test.Workspace), 6);
        Assert.Throws<ArgumentException>(() => test.Workspace.ClassWeights = [1.0]);
        Assert.Throws<ArgumentException>(() => test.Workspace.ClassWeights = [.. Enumerable.Repeat(0.0, spec.OutputSize)]);
    }

    [Fact]
    public void A_run_weighs_its_training_loss_only_and_keeps_the_weights_in_its_checkpoint()
    {
        var spec = new ModelSpec(CellKind.Lstm, InputKind.OneHot, 3, 4, 1, 2) { Readout = Readout.FinalStates };
        var network = new RecurrentModel<float>(spec);
        network.Initialize(1);
        int[][] sequences = [[0, 1], [1, 2, 0], [2], [0, 0, 1]];
        var source = LabelledSequences.FromTokens(sequences, [0, 1, 0, 1], batch: 2);
        var validation = new ExampleValidation<float>(network, LabelledSequences.FromTokens(sequences, [0, 1, 0, 1], batch: 4, shuffle: false));
        var options = new TrainingOptions { Steps = 2, EvalEvery = 1, ClassWeights = [1.0, 4.0] };
        var session = TrainingSession.Start(new ModelBundle(network), source, validation, options);
        Assert.Equal([1.0, 4.0], session.Options.ClassWeights!);
        double unweighted = validation.Validate().Loss, weightedStep = session.Run().LastLoss!.Value;
        Assert.True(double.IsFinite(unweighted) && double.IsFinite(weightedStep));

        var back = TrainingOptions.FromMetadata(options.ToMetadata());
        Assert.Equal([1.0, 4.0], back.ClassWeights!);
        Assert.Null(TrainingOptions.FromMetadata(new TrainingOptions().ToMetadata()).ClassWeights);
        Assert.Throws<ArgumentException>(() => TrainingSession.Start(new ModelBundle(network), source, null, options with { ClassWeights = [1.0, 2.0, 3.0] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => (options with { ClassWeights = [1.0, -1.0] }).Validated());
    }
}
