// Reads a many-to-one reference fixture written by tools/reference/make_fixtures.py (M2O_CASES: PyTorch, float64)
// and builds the matching ManyToOneModel, workspace and initial state from it, in float or double. The file is a
// per-step fixture's twin: "head" names the loss, "outputs" (B × O) replace the per-step logits, and "targets" are
// a (B × O) tensor for regression or a list of B classes for classification.
using System.Numerics;
using Recurrent.Models;

namespace Recurrent.Tests.Reference;

/// <summary>One PyTorch many-to-one case: weights, inputs, targets and what PyTorch computed from them.</summary>
public sealed class ManyToOneFixture(TorchFixture fixture)
{
    public TorchFixture Torch { get; } = fixture;

    public static ManyToOneFixture Load(string name) => new(TorchFixture.Load(name));

    public HeadKind Head => Torch.Root.GetProperty("head").GetString() switch
    {
        "regression" => HeadKind.Regression,
        "classification" => HeadKind.Classification,
        var other => throw new InvalidDataException($"unknown head {other}"),
    };

    public (ManyToOneModel<T> Model, ManyToOneWorkspace<T> Workspace, RecurrentState<T> State) Build<T>()
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var spec = Torch.Spec;
        var model = new ManyToOneModel<T>(spec, Head);
        TorchFixture.LoadParameters(model.Parameters, Torch.Root.GetProperty("params"));
        var workspace = model.CreateWorkspace(Torch.Steps, Torch.Batch);
        if (spec.TakesTokens)
            TorchFixture.Grid(Torch.Root.GetProperty("tokens")).CopyTo(workspace.Tokens, 0);
        else
            TorchFixture.Convert<T>(Torch.Tensor("inputs")).CopyTo(workspace.Inputs, 0);
        var targets = Torch.Root.GetProperty("targets");
        if (Head == HeadKind.Regression)
            TorchFixture.Convert<T>(TorchFixture.Tensor(targets)).CopyTo(workspace.TargetValues, 0);
        else
            targets.EnumerateArray().Select(e => e.GetInt32()).ToArray().CopyTo(workspace.TargetClasses, 0);
        var state = model.CreateState(Torch.Batch);
        TorchFixture.Convert<T>(Torch.Tensor("h0")).CopyTo(state.Hiddens, 0);
        if (Torch.IsLstm)
            TorchFixture.Convert<T>(Torch.Tensor("c0")).CopyTo(state.Cells, 0);
        return (model, workspace, state);
    }
}
