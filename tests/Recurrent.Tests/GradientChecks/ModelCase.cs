// A tiny float64 model with random weights (±0.6), a random nonzero initial state (±0.5), random inputs and targets
// for its head (classes, or values in ±1), and the two things a gradient check needs: the loss as a function of the
// buffers it reads, and Backward. Any input, any head, any readout.
using Recurrent.Models;
using Recurrent.Numerics;
using Xunit.Abstractions;

namespace Recurrent.Tests.GradientChecks;

/// <summary>Model, workspace and initial state of one gradient check; the loss reads Parameters.Values, the state and the inputs.</summary>
public sealed class ModelCase
{
    public const int DenseInputs = 3, DenseClasses = 4, Values = 2, Vocabulary = 5, EmbeddingSize = 2, Hidden = 3, Steps = 4, Batch = 2;

    private ModelCase(ModelSpec spec, ulong seed)
    {
        Rng = new Rng(seed);
        Model = new RecurrentModel<double>(spec);
        TestValues.Fill(Rng, Model.Parameters.Values, TestValues.Weight);
        Workspace = Model.CreateWorkspace(Steps, Batch);
        State = Model.CreateState(Batch);
        FillWindow();
        if (spec.Dropout > 0)
            Model.SampleDropoutMasks(Workspace, Steps, Rng); // fixed masks: the loss is then a smooth function
        TestValues.Fill(Rng, State.Hiddens, TestValues.State);
        TestValues.Fill(Rng, State.Cells, TestValues.State);
    }

    public Rng Rng { get; }
    public RecurrentModel<double> Model { get; }
    public ModelWorkspace<double> Workspace { get; }

    /// <summary>The initial state of the window; Forward only reads it.</summary>
    public RecurrentState<double> State { get; set; }

    /// <summary>
    /// A case of the given input and head: token inputs over a vocabulary of 5 (embedded ones with dropout 0.3 between
    /// layers and before the head), or 3 real values; 5 classes after tokens or 4 after vectors, or 2 values.
    /// </summary>
    public static ModelCase Create(CellKind cell, InputKind input, int layers, ulong seed,
        HeadKind head = HeadKind.Classification, Readout readout = Readout.EveryStep)
    {
        bool tokens = input != InputKind.Dense;
        int outputs = head == HeadKind.Regression ? Values : tokens ? Vocabulary : DenseClasses;
        var spec = new ModelSpec(cell, input, tokens ? Vocabulary : DenseInputs, Hidden, layers, outputs)
        {
            EmbeddingSize = input == InputKind.Embedding ? EmbeddingSize : 0,
            Dropout = input == InputKind.Embedding ? 0.3 : 0,
            Head = head,
            Readout = readout,
        };
        return new ModelCase(spec, seed);
    }

    /// <summary>A case of any spec (its head's outputs and loss as given), with the same random weights, state and window.</summary>
    public static ModelCase Create(ModelSpec spec, ulong seed) => new(spec.Validated(), seed);

    /// <summary>New random inputs (tokens or vectors in ±1) and targets (classes or values in ±1) for the workspace's window.</summary>
    public void FillWindow()
    {
        if (Model.Spec.TakesTokens)
            TestValues.FillIntegers(Rng, Workspace.Tokens, Model.Spec.InputSize);
        else
            TestValues.Fill(Rng, Workspace.Inputs, TestValues.Input);
        if (Model.Spec.Head == HeadKind.Classification)
            TestValues.FillIntegers(Rng, Workspace.Targets, Model.Spec.OutputSize);
        else
            TestValues.Fill(Rng, Workspace.TargetValues, TestValues.Input);
    }

    /// <summary>Forward over the window from <see cref="State"/>, then the loss.</summary>
    public double Loss()
    {
        Model.Forward(Workspace, Steps, State, training: Model.Spec.Dropout > 0);
        return Model.Loss(Workspace);
    }

    /// <summary>Loss, then Backward into zeroed gradients; returns the loss.</summary>
    public double Backward()
    {
        double loss = Loss();
        Model.Parameters.ZeroGradients();
        Model.Backward(Workspace);
        return loss;
    }

    /// <summary>Every parameter, the initial state of every layer and (dense) the inputs, against central differences.</summary>
    public List<GradientCheckResult> CheckEverything(ITestOutputHelper output)
    {
        var results = CheckParameters(output);
        results.AddRange(CheckInitialState(output));
        if (!Model.Spec.TakesTokens)
            results.Add(CheckInputs(output));
        return results;
    }

    /// <summary>Checks every parameter's gradient against central differences (call <see cref="Backward"/> first).</summary>
    public List<GradientCheckResult> CheckParameters(ITestOutputHelper output)
    {
        var results = new List<GradientCheckResult>();
        var parameters = Model.Parameters;
        foreach (var info in parameters.Parameters)
            results.Add(FiniteDifference.Check(info.Name, Loss, parameters.Values, info.Offset, parameters.Gradient(info), output));
        return results;
    }

    /// <summary>
    /// Checks dL/dh0 (and dL/dC0 for an LSTM) of every entry of the state, each layer's (each direction's, when
    /// bidirectional) (call <see cref="Backward"/> first).
    /// </summary>
    public List<GradientCheckResult> CheckInitialState(ITestOutputHelper output)
    {
        var results = new List<GradientCheckResult>();
        int size = Batch * Hidden;
        for (int k = 0; k < State.Layers; k++)
        {
            results.Add(FiniteDifference.Check($"h0 (layer {k})", Loss, State.Hiddens, k * size,
                Workspace.InitialHiddenGradient(k), output));
            if (Model.Cell.HasCellState)
                results.Add(FiniteDifference.Check($"c0 (layer {k})", Loss, State.Cells, k * size,
                    Workspace.InitialCellGradient(k), output));
        }
        return results;
    }

    /// <summary>Checks dL/d(inputs) of a dense model (call <see cref="Backward"/> first).</summary>
    public GradientCheckResult CheckInputs(ITestOutputHelper output) =>
        FiniteDifference.Check("inputs", Loss, Workspace.Inputs, 0,
            Workspace.InputGradient.AsSpan(0, Steps * Batch * Model.Spec.InputSize), output);
}
