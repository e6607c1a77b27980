// A tiny float64 many-to-one model with random weights (±0.6), a random nonzero initial state (±0.5), random
// inputs and targets (values ±1 or classes), and what a gradient check needs: the loss as a function of the
// buffers it reads, and Backward. The twin of ModelCase for the last-step head.
using Recurrent.Models;
using Recurrent.Numerics;
using Xunit.Abstractions;

namespace Recurrent.Tests.GradientChecks;

/// <summary>Model, workspace and initial state of one many-to-one gradient check.</summary>
public sealed class ManyToOneCase
{
    public const int DenseInputs = 3, Outputs = 2, Classes = 4, Vocabulary = 5, EmbeddingSize = 2, Hidden = 3, Steps = 5, Batch = 2;

    private ManyToOneCase(ModelSpec spec, HeadKind head, ulong seed)
    {
        Rng = new Rng(seed);
        Model = new ManyToOneModel<double>(spec, head);
        TestValues.Fill(Rng, Model.Parameters.Values, TestValues.Weight);
        Workspace = Model.CreateWorkspace(Steps, Batch);
        State = Model.CreateState(Batch);
        if (Model.Spec.TakesTokens)
            TestValues.FillIntegers(Rng, Workspace.Tokens, Model.Spec.InputSize);
        else
            TestValues.Fill(Rng, Workspace.Inputs, TestValues.Input);
        TestValues.Fill(Rng, Workspace.TargetValues, TestValues.Input);
        TestValues.FillIntegers(Rng, Workspace.TargetClasses, Model.Spec.OutputSize);
        if (spec.Dropout > 0)
            Model.SampleDropoutMasks(Workspace, Steps, Rng); // fixed masks: the loss is then a smooth function
        TestValues.Fill(Rng, State.Hiddens, TestValues.State);
        TestValues.Fill(Rng, State.Cells, TestValues.State);
    }

    public Rng Rng { get; }
    public ManyToOneModel<double> Model { get; }
    public ManyToOneWorkspace<double> Workspace { get; }
    public RecurrentState<double> State { get; }

    public static ManyToOneCase Create(CellKind cell, InputKind input, int layers, HeadKind head, ulong seed)
    {
        int outputs = head == HeadKind.Regression ? Outputs : Classes;
        var spec = input switch
        {
            InputKind.OneHot => new ModelSpec(cell, InputKind.OneHot, Vocabulary, Hidden, layers, outputs),
            InputKind.Embedding => new ModelSpec(cell, InputKind.Embedding, Vocabulary, Hidden, layers, outputs)
            {
                EmbeddingSize = EmbeddingSize,
                Dropout = 0.3,
            },
            _ => new ModelSpec(cell, InputKind.Dense, DenseInputs, Hidden, layers, outputs),
        };
        return new ManyToOneCase(spec, head, seed);
    }

    /// <summary>Forward over the sequences from <see cref="State"/>, then the loss.</summary>
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
        var results = new List<GradientCheckResult>();
        var parameters = Model.Parameters;
        foreach (var info in parameters.Parameters)
            results.Add(FiniteDifference.Check(info.Name, Loss, parameters.Values, info.Offset, parameters.Gradient(info), output));
        int size = Batch * Hidden;
        for (int k = 0; k < Model.Spec.Layers; k++)
        {
            results.Add(FiniteDifference.Check($"h0 (layer {k})", Loss, State.Hiddens, k * size, Workspace.InitialHiddenGradient(k), output));
            if (Model.Cell.HasCellState)
                results.Add(FiniteDifference.Check($"c0 (layer {k})", Loss, State.Cells, k * size, Workspace.InitialCellGradient(k), output));
        }
        if (!Model.Spec.TakesTokens)
            results.Add(FiniteDifference.Check("inputs", Loss, Workspace.Inputs, 0,
                Workspace.InputGradient.AsSpan(0, Steps * Batch * Model.Spec.InputSize), output));
        return results;
    }
}
