// The per-step dL/dh record is off unless asked for, and asking changes nothing that training computes.
using Recurrent.Models;
using Recurrent.Tests.GradientChecks;

namespace Recurrent.Tests.Diagnostics;

public sealed class StepHiddenGradientsTests
{
    [Theory]
    [InlineData(CellKind.Lstm)]
    [InlineData(CellKind.Gru)]
    public void Recording_leaves_every_gradient_as_it_was(CellKind cell)
    {
        var plain = ModelCase.Create(cell, InputKind.OneHot, layers: 2, seed: 5);
        var recording = ModelCase.Create(cell, InputKind.OneHot, layers: 2, seed: 5);
        Assert.All(recording.Workspace.Layers, layer => Assert.Empty(layer.StepHiddenGradients));
        foreach (var layer in recording.Workspace.Layers)
            layer.RecordStepHiddenGradients();

        plain.Backward();
        recording.Backward();

        Assert.Equal(plain.Model.Parameters.Gradients, recording.Model.Parameters.Gradients);
        int size = ModelCase.Batch * ModelCase.Hidden, last = (ModelCase.Steps - 1) * size;
        foreach (var layer in recording.Workspace.Layers)
        {
            Assert.Equal(ModelCase.Steps * size, layer.StepHiddenGradients.Length);
            // Nothing comes from later steps at the last one: its total dL/dh is what came from above.
            Assert.Equal(layer.DHiddens.AsSpan(last, size).ToArray(), layer.StepHiddenGradients.AsSpan(last, size).ToArray());
            Assert.Contains(layer.StepHiddenGradients.AsSpan(0, last).ToArray(), v => v != 0);
        }
        Assert.All(plain.Workspace.Layers, layer => Assert.Empty(layer.StepHiddenGradients));
    }
}
