// An inference workspace (forBackward: false) keeps less, two slots of C and one step of the GRU's recurrent part,
// but must compute exactly what a training workspace computes, window after window, and refuse Backward.
using Recurrent.Models;
using Recurrent.Numerics;

namespace Recurrent.Tests.Training;

public sealed class InferenceWorkspaceTests
{
    [Theory]
    [InlineData(CellKind.Lstm, 1)]
    [InlineData(CellKind.Lstm, 4)]
    [InlineData(CellKind.Gru, 3)]
    [InlineData(CellKind.Rnn, 5)]
    public void Logits_and_carried_state_equal_the_training_workspace_bit_for_bit(CellKind cell, int steps)
    {
        const int vocabulary = 11, batch = 3;
        var model = new RecurrentModel<float>(ModelSpec.ForCharacters(cell, vocabulary, hidden: 13, layers: 2));
        model.Initialize(seed: 2);
        var training = model.CreateWorkspace(steps, batch);
        var inference = model.CreateWorkspace(steps, batch, forBackward: false);
        Assert.True(training.ForBackward);
        Assert.False(inference.ForBackward);
        RecurrentState<float> trainingState = model.CreateState(batch), inferenceState = model.CreateState(batch);
        var rng = new Rng(6);
        for (int window = 0; window < 3; window++)
        {
            for (int k = 0; k < steps * batch; k++)
                training.Tokens[k] = inference.Tokens[k] = rng.NextInt(vocabulary);
            model.Forward(training, steps, trainingState);
            model.Forward(inference, steps, inferenceState);
            training.CopyFinalState(trainingState);
            inference.CopyFinalState(inferenceState);
            Assert.Equal(training.Outputs, inference.Outputs);
            Assert.Equal(trainingState.Hiddens, inferenceState.Hiddens);
            Assert.Equal(trainingState.Cells, inferenceState.Cells);
        }
    }

    [Fact]
    public void Backward_refuses_an_inference_workspace()
    {
        var model = new RecurrentModel<float>(ModelSpec.ForCharacters(CellKind.Lstm, 5, hidden: 4, layers: 1));
        model.Initialize(seed: 1);
        var ws = model.CreateWorkspace(2, 1, forBackward: false);
        model.Forward(ws, 2, model.CreateState(1));
        var error = Assert.Throws<InvalidOperationException>(() => model.Backward(ws));
        Assert.Contains("inference", error.Message);
    }
}
