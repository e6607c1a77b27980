// The loss of a model on a text, read as a user reads it: from a zero state, in order, predicting
// each next character from everything before it. Chunks of T steps carry the state, so the result
// does not depend on the chunk size: every product follows the same FMA chain (the per-step ones through a
// packed weight snapshot, as the Sampler's do).
// An Evaluation keeps its workspace and snapshot, so a training session that validates every N steps refreshes
// them in place instead of allocating a copy of the weights each time.
using System.Numerics;
using Recurrent.Models;

namespace Recurrent.Training;

/// <summary>Mean cross-entropy of next-character prediction over a whole token sequence.</summary>
public sealed class Evaluation<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly RecurrentModel<T> _model;
    private readonly ModelWorkspace<T> _workspace;
    private readonly RecurrentState<T> _state;

    /// <summary>An evaluator of <paramref name="model"/> reading <paramref name="chunk"/> steps at a time.</summary>
    /// <exception cref="ArgumentException">
    /// The model is bidirectional, or not a language model (tokens in, a softmax over the same tokens at every step).
    /// </exception>
    public Evaluation(RecurrentModel<T> model, int chunk = Evaluation.DefaultChunk)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunk);
        if (model.Spec.Bidirectional)
            throw new ArgumentException("A text's loss is measured chunk by chunk from a carried state; a bidirectional model reads a whole window from both ends.",
                nameof(model));
        if (!model.Spec.IsLanguageModel)
            throw new ArgumentException("A text's loss is measured by a language model: tokens in, a softmax over the same tokens at every step out.",
                nameof(model));
        _model = model;
        _workspace = model.CreateWorkspace(chunk, 1, forBackward: false);
        _state = model.CreateState(1);
    }

    /// <summary>
    /// Mean over the n-1 predictions of −log p(token[t+1] | token[0..t]), in nats, with the model's weights as they are
    /// now (the snapshot is refreshed at every call).
    /// </summary>
    /// <exception cref="RecurrentException">Fewer than two tokens: nothing to predict.</exception>
    public double MeanCrossEntropy(ReadOnlySpan<int> tokens)
    {
        if (tokens.Length < 2)
            throw new RecurrentException("The text must have at least two characters to measure a loss.");
        _model.TakeWeightSnapshot(_workspace); // batch 1: the per-step products stream packed weights
        _state.Reset();
        int predictions = tokens.Length - 1;
        double total = 0;
        for (int start = 0; start < predictions; start += _workspace.MaxSteps)
        {
            int steps = Math.Min(_workspace.MaxSteps, predictions - start);
            tokens.Slice(start, steps).CopyTo(_workspace.Tokens);
            tokens.Slice(start + 1, steps).CopyTo(_workspace.Targets);
            _model.Forward(_workspace, steps, _state);
            total += _model.Loss(_workspace) * steps;
            _workspace.CopyFinalState(_state);
        }
        return total / predictions;
    }
}

/// <summary>One-off evaluations (see <see cref="Evaluation{T}"/>).</summary>
public static class Evaluation
{
    /// <summary>Steps read per Forward unless told otherwise (the result does not depend on it).</summary>
    public const int DefaultChunk = 256;

    /// <summary>Mean over the n-1 predictions of −log p(token[t+1] | token[0..t]), in nats.</summary>
    /// <exception cref="RecurrentException">Fewer than two tokens: nothing to predict.</exception>
    public static double MeanCrossEntropy<T>(RecurrentModel<T> model, ReadOnlySpan<int> tokens, int chunk = DefaultChunk)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (tokens.Length < 2)
            throw new RecurrentException("The text must have at least two characters to measure a loss.");
        return new Evaluation<T>(model, Math.Min(chunk, tokens.Length - 1)).MeanCrossEntropy(tokens);
    }
}
