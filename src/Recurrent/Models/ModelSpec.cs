// The architecture of a model: everything needed to lay out its parameters and buffers.
namespace Recurrent.Models;

/// <summary>
/// Cell, input form and sizes: I inputs per step (the vocabulary for token inputs), H hidden units, L stacked layers,
/// V outputs of the head; optionally an embedding of D per token and a dropout probability between layers.
/// </summary>
public sealed record ModelSpec(CellKind Cell, InputKind Input, int InputSize, int Hidden, int Layers, int OutputSize)
{
    /// <summary>D, the width of a token's embedding, for <see cref="InputKind.Embedding"/>; 0 otherwise.</summary>
    public int EmbeddingSize { get; init; }

    /// <summary>
    /// The probability of zeroing each output of every recurrent layer during training (between stacked layers and
    /// before the head, as PyTorch's dropout argument plus char-rnn's); 0 turns it off. Never applied at evaluation.
    /// </summary>
    public double Dropout { get; init; }

    /// <summary>A character model: one-hot (or embedded) input over the vocabulary, a softmax head over the same vocabulary.</summary>
    public static ModelSpec ForCharacters(CellKind cell, int vocabulary, int hidden, int layers, int embedding = 0, double dropout = 0) =>
        new(cell, embedding > 0 ? InputKind.Embedding : InputKind.OneHot, vocabulary, hidden, layers, vocabulary)
        {
            EmbeddingSize = embedding,
            Dropout = dropout,
        };

    /// <summary>G: gate blocks per hidden unit.</summary>
    public int GateCount => Cell.GateCount();

    /// <summary>Whether the input is a token per step (one-hot or embedded) rather than a vector.</summary>
    public bool TakesTokens => Input != InputKind.Dense;

    /// <summary>The size of layer k's input: I (or D when embedded) for the first layer, H above it.</summary>
    public int LayerInputSize(int layer) => layer > 0 ? Hidden : Input == InputKind.Embedding ? EmbeddingSize : InputSize;

    /// <summary>Throws if a size is not positive or the dropout is not in [0, 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size or the dropout is out of range.</exception>
    public ModelSpec Validated()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(InputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Hidden);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Layers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(OutputSize);
        if (Input == InputKind.Embedding)
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(EmbeddingSize);
        else if (EmbeddingSize != 0)
            throw new ArgumentOutOfRangeException(nameof(EmbeddingSize), "Only embedded inputs have an embedding size.");
        if (!(Dropout >= 0 && Dropout < 1))
            throw new ArgumentOutOfRangeException(nameof(Dropout), "Dropout must be in [0, 1).");
        return this;
    }
}
