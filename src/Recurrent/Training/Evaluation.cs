// The loss of a model on a text, read as a user reads it: from a zero state, in order, predicting
// each next character from everything before it. Chunks of T steps carry the state, so the result
// does not depend on the chunk size: every product follows the same FMA chain (the per-step ones through a
// packed weight snapshot, as the Sampler's do).
using System.Numerics;
using Recurrent.Models;

namespace Recurrent.Training;

/// <summary>Mean cross-entropy of next-character prediction over a whole token sequence.</summary>
public static class Evaluation
{
    /// <summary>Mean over the n-1 predictions of −log p(token[t+1] | token[0..t]), in nats.</summary>
    /// <exception cref="RecurrentException">Fewer than two tokens: nothing to predict.</exception>
    public static double MeanCrossEntropy<T>(RecurrentModel<T> model, ReadOnlySpan<int> tokens, int chunk = 256)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (tokens.Length < 2)
            throw new RecurrentException("The text must have at least two characters to measure a loss.");
        int predictions = tokens.Length - 1;
        var workspace = model.CreateWorkspace(Math.Min(chunk, predictions), 1, forBackward: false);
        model.TakeWeightSnapshot(workspace); // batch 1: the per-step products stream packed weights
        var state = model.CreateState(1);
        double total = 0;
        for (int start = 0; start < predictions; start += workspace.MaxSteps)
        {
            int steps = Math.Min(workspace.MaxSteps, predictions - start);
            tokens.Slice(start, steps).CopyTo(workspace.Tokens);
            tokens.Slice(start + 1, steps).CopyTo(workspace.Targets);
            model.Forward(workspace, steps, state);
            total += model.Loss(workspace) * steps;
            workspace.CopyFinalState(state);
        }
        return total / predictions;
    }
}
