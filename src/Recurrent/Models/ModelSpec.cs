// The architecture of a model, input -> recurrent stack -> head: everything needed to lay out its parameters and
// buffers. Every task is this one model with another input form or head, never another model type.
using Recurrent.Numerics;

namespace Recurrent.Models;

/// <summary>
/// Cell, input form and sizes: I inputs per step (the vocabulary for token inputs), H hidden units, L stacked layers,
/// O outputs of the head; optionally an embedding of D per token and a dropout probability between layers; the
/// head's kind (classification or regression) and the steps it reads (every step or the last).
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

    /// <summary>What the head predicts: logits over O classes (the default) or O real values.</summary>
    public HeadKind Head { get; init; } = HeadKind.Classification;

    /// <summary>Which steps the head reads: every step (the default) or the last.</summary>
    public Readout Readout { get; init; } = Readout.EveryStep;

    /// <summary>A character model: one-hot (or embedded) input over the vocabulary, a softmax head over the same vocabulary at every step.</summary>
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

    /// <summary>Whether this is a language model: tokens in, a distribution over the same tokens out at every step.</summary>
    public bool IsLanguageModel => TakesTokens && Head == HeadKind.Classification && Readout == Readout.EveryStep && OutputSize == InputSize;

    /// <summary>The size of layer k's input: I (or D when embedded) for the first layer, H above it.</summary>
    public int LayerInputSize(int layer) => layer > 0 ? Hidden : Input == InputKind.Embedding ? EmbeddingSize : InputSize;

    /// <summary>The head's output rows for a window of <paramref name="steps"/> steps of <paramref name="batch"/> sequences: T·B or B.</summary>
    public int OutputRows(int steps, int batch) => Readout == Readout.EveryStep ? checked(steps * batch) : batch;

    /// <summary>The number of parameters (embedding, recurrent layers and head), in 64 bits; long.MaxValue when even that overflows.</summary>
    public long ParameterCount
    {
        get
        {
            try
            {
                checked
                {
                    long gates = (long)GateCount * Hidden, count = Input == InputKind.Embedding ? (long)InputSize * EmbeddingSize : 0;
                    count += gates * ((long)LayerInputSize(0) + Hidden + 2) + (Layers - 1L) * gates * (2L * Hidden + 2);
                    return count + (long)OutputSize * (Hidden + 1L);
                }
            }
            catch (OverflowException)
            {
                return long.MaxValue;
            }
        }
    }

    /// <summary>Throws if a size is not positive, the dropout is not in [0, 1), a kind is unknown, or a classifier has fewer than 2 classes (the size of the whole: <see cref="EnsureParametersFit"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size, kind or the dropout is out of range.</exception>
    public ModelSpec Validated()
    {
        if (!Enum.IsDefined(Cell))
            throw new ArgumentOutOfRangeException(nameof(Cell), Cell, "Unknown cell.");
        if (!Enum.IsDefined(Input))
            throw new ArgumentOutOfRangeException(nameof(Input), Input, "Unknown input kind.");
        if (!Enum.IsDefined(Head))
            throw new ArgumentOutOfRangeException(nameof(Head), Head, "Unknown head.");
        if (!Enum.IsDefined(Readout))
            throw new ArgumentOutOfRangeException(nameof(Readout), Readout, "Unknown readout.");
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
        if (Head == HeadKind.Classification && OutputSize < 2)
            throw new ArgumentOutOfRangeException(nameof(OutputSize), "A classification head needs at least 2 classes.");
        return this;
    }

    /// <summary>
    /// Throws unless the parameters (<see cref="ParameterCount"/> values of <paramref name="elementSize"/> bytes) fit in
    /// one array and in the memory free now: what a model of this spec allocates first.
    /// </summary>
    /// <exception cref="RecurrentException">They do not; the message gives the count and the bytes.</exception>
    public void EnsureParametersFit(int elementSize)
    {
        long count = ParameterCount;
        MemoryBudget.Ensure(count, MemoryBudget.Product(count, elementSize),
            count == long.MaxValue ? "a model of these sizes" : $"a model of {count:N0} parameters", "hidden", "layers");
    }
}
