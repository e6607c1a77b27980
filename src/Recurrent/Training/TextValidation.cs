// The validation of a character model: the mean cross-entropy of predicting each next character of a held-out text
// from a zero state, in order, as `eval` reads a file. The evaluator (and its weight snapshot) is made at the first
// validation and refreshed in place at every later one.
namespace Recurrent.Training;

/// <summary>Scores a character model on a held-out token sequence (mean cross-entropy in nats; no accuracy).</summary>
public sealed class TextValidation : IValidator
{
    private readonly Models.RecurrentModel<float> _model;
    private readonly ReadOnlyMemory<int> _tokens;
    private Evaluation<float>? _evaluation;

    /// <exception cref="ArgumentException">Fewer than two tokens: nothing to predict.</exception>
    public TextValidation(Models.RecurrentModel<float> model, ReadOnlyMemory<int> tokens)
    {
        if (tokens.Length < 2)
            throw new ArgumentException("A validation text needs at least two characters.", nameof(tokens));
        _model = model;
        _tokens = tokens;
    }

    /// <summary>The characters of the held-out text.</summary>
    public int Characters => _tokens.Length;

    /// <summary>
    /// The mean cross-entropy (nats) of predicting each token of the text from the ones before it, from a zero state;
    /// no accuracy.
    /// </summary>
    public ValidationScore Validate()
    {
        _evaluation ??= new Evaluation<float>(_model, Math.Min(Evaluation.DefaultChunk, _tokens.Length - 1));
        return new ValidationScore(_evaluation.MeanCrossEntropy(_tokens.Span), null);
    }
}
