// The validation of a character model: the mean cross-entropy of predicting each next character of a held-out text
// from a zero state, in order, as `eval` reads a file. The evaluator (and its weight snapshot) is made with the
// validation, so that its memory is claimed before training starts, and refreshed in place at every validation.
namespace Recurrent.Training;

/// <summary>Scores a character model on a held-out token sequence (mean cross-entropy in nats; no accuracy).</summary>
public sealed class TextValidation : IValidator
{
    private readonly ReadOnlyMemory<int> _tokens;
    private readonly Evaluation<float> _evaluation;

    /// <exception cref="ArgumentException">Fewer than two tokens: nothing to predict.</exception>
    public TextValidation(Models.RecurrentModel<float> model, ReadOnlyMemory<int> tokens)
    {
        if (tokens.Length < 2)
            throw new ArgumentException("A validation text needs at least two characters.", nameof(tokens));
        _tokens = tokens;
        _evaluation = new Evaluation<float>(model, Math.Min(Evaluation.DefaultChunk, tokens.Length - 1));
    }

    /// <summary>The characters of the held-out text.</summary>
    public int Characters => _tokens.Length;

    /// <summary>
    /// The mean cross-entropy (nats) of predicting each token of the text from the ones before it, from a zero state;
    /// no accuracy.
    /// </summary>
    public ValidationScore Validate()
    {
        return new ValidationScore(_evaluation.MeanCrossEntropy(_tokens.Span), null);
    }
}
