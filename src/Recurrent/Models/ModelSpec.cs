// The architecture of a model, input -> recurrent stack -> head: everything needed to lay out its parameters and
// buffers. Every task is this one model with another input form or head, never another model type.
using System.Globalization;
using Recurrent.Numerics;

namespace Recurrent.Models;

/// <summary>
/// Cell, input form and sizes: I inputs per step (the vocabulary for token inputs), H hidden units, L stacked layers,
/// O outputs of the head; optionally an embedding of D per token and a dropout probability between layers; the
/// head's kind (classification or regression), the steps it reads (every step or the last) and, for regression, its
/// loss (and quantiles). Equality is by value, the quantiles' included.
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

    /// <summary>
    /// Zoneout of h (Krueger et al., 2016): the probability that each unit of every recurrent layer keeps its previous
    /// h at a step of training, h(t) = m ⊙ h(t−1) + (1 − m) ⊙ h̃(t) with m ~ Bernoulli(z_h) per unit, sequence and step;
    /// at evaluation the expectation, h(t) = z_h·h(t−1) + (1 − z_h)·h̃(t). Part of the model, since it changes what
    /// evaluation computes. 0 (the default) turns it off.
    /// </summary>
    public double ZoneoutHidden { get; init; }

    /// <summary>Zoneout of the LSTM's cell state C, as <see cref="ZoneoutHidden"/> with its own masks (h̃ reads the cell's own C̃); LSTM only. 0: off.</summary>
    public double ZoneoutCell { get; init; }

    /// <summary>Whether the model zones out h or C.</summary>
    public bool HasZoneout => ZoneoutHidden > 0 || ZoneoutCell > 0;

    /// <summary>What the head predicts: logits over O classes (the default) or O real values.</summary>
    public HeadKind Head { get; init; } = HeadKind.Classification;

    /// <summary>
    /// Which steps the head reads: every step (the default), the last, or a summary of each sequence (its final states,
    /// or the mean or maximum of its outputs over its valid steps).
    /// </summary>
    public Readout Readout { get; init; } = Readout.EveryStep;

    /// <summary>
    /// N, the last steps a head on <see cref="Readout.LastStep"/> reads: 1 (the default, torch's out[-1]) or more
    /// (out[-N:], N·B rows, row (s − (T − N))·B + b for step s), as a forecaster's head reads the steps of its horizon.
    /// 1 for a head at every step.
    /// </summary>
    public int ReadoutSteps { get; init; } = 1;

    /// <summary>
    /// The loss of a regression head: the mean squared error (the default), the mean absolute error or the pinball
    /// loss over <see cref="Quantiles"/>. A classification head is trained with cross-entropy and keeps the default.
    /// </summary>
    public RegressionLoss Loss { get; init; } = RegressionLoss.MeanSquaredError;

    /// <summary>
    /// For <see cref="RegressionLoss.Quantile"/>, the Q levels τ, strictly increasing inside (0, 1): output o of a row
    /// predicts the quantile Quantiles[o mod Q] of its target, so a row holds each of its O/Q targets Q times, once per
    /// level (targets replicated the same way). Empty for the other losses. A copy of the list given is kept.
    /// </summary>
    /// <exception cref="ArgumentNullException">The list is null.</exception>
    public IReadOnlyList<double> Quantiles
    {
        get => _quantiles;
        init => _quantiles = Array.AsReadOnly([.. value ?? throw new ArgumentNullException(nameof(value))]);
    }

    private readonly IReadOnlyList<double> _quantiles = Array.Empty<double>();

    /// <summary>
    /// Whether every layer also reads the window from its last step to its first (torch's bidirectional=True): each
    /// layer then has a reverse direction with its own rnn.*_l{k}_reverse parameters and its own initial state, and its
    /// output at step t is [h_forward(t); h_reverse(t)], 2H wide, which the next layer and the head read.
    /// </summary>
    public bool Bidirectional { get; init; }

    /// <summary>The directions of every layer: 2 when <see cref="Bidirectional"/>, else 1.</summary>
    public int Directions => Bidirectional ? 2 : 1;

    /// <summary>The width of every layer's output, the next layer's and the head's input: <see cref="Directions"/>·H.</summary>
    public int OutputWidth => Directions * Hidden;

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

    /// <summary>
    /// Whether this is a language model: tokens in, a distribution over the same tokens out at every step, from one
    /// direction (a bidirectional stack reads the tokens it would predict, so it never is one).
    /// </summary>
    public bool IsLanguageModel => TakesTokens && Head == HeadKind.Classification && Readout == Readout.EveryStep && OutputSize == InputSize
        && !Bidirectional;

    /// <summary>The size of layer k's input: I (or D when embedded) for the first layer, H above it (2H when bidirectional).</summary>
    public int LayerInputSize(int layer) => layer > 0 ? OutputWidth : Input == InputKind.Embedding ? EmbeddingSize : InputSize;

    /// <summary>The head's output rows for a window of <paramref name="steps"/> steps of <paramref name="batch"/> sequences: T·B, or N·B for the last N.</summary>
    public int OutputRows(int steps, int batch) => checked((Readout == Readout.EveryStep ? steps : ReadoutSteps) * batch);

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
                    long width = (long)Directions * Hidden;
                    count += Directions * (gates * ((long)LayerInputSize(0) + Hidden + 2) + (Layers - 1L) * gates * (width + Hidden + 2));
                    return count + (long)OutputSize * (width + 1L);
                }
            }
            catch (OverflowException)
            {
                return long.MaxValue;
            }
        }
    }

    /// <summary>
    /// Throws if a size is not positive, the dropout or a zoneout is not in [0, 1) (or C's zoneout is given to a cell
    /// without C), a kind is unknown, a classifier has fewer than 2
    /// classes or a loss other than the default, or the quantiles do not fit the loss and the head (the size of the
    /// whole: <see cref="EnsureParametersFit"/>).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A size, kind, the dropout, a zoneout, the loss or a quantile is out of range.</exception>
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
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ReadoutSteps);
        if (ReadoutSteps > 1 && Readout != Readout.LastStep)
            throw new ArgumentOutOfRangeException(nameof(ReadoutSteps), "Only a head on the last steps reads more than one of them.");
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
        if (!(ZoneoutHidden >= 0 && ZoneoutHidden < 1))
            throw new ArgumentOutOfRangeException(nameof(ZoneoutHidden), "Zoneout must be in [0, 1).");
        if (!(ZoneoutCell >= 0 && ZoneoutCell < 1))
            throw new ArgumentOutOfRangeException(nameof(ZoneoutCell), "Zoneout must be in [0, 1).");
        if (ZoneoutCell > 0 && Cell != CellKind.Lstm)
            throw new ArgumentOutOfRangeException(nameof(ZoneoutCell), "Only an LSTM has a cell state C to zone out.");
        if (Head == HeadKind.Classification && OutputSize < 2)
            throw new ArgumentOutOfRangeException(nameof(OutputSize), "A classification head needs at least 2 classes.");
        ValidateLoss();
        return this;
    }

    private void ValidateLoss()
    {
        if (!Enum.IsDefined(Loss))
            throw new ArgumentOutOfRangeException(nameof(Loss), Loss, "Unknown loss.");
        if (Head == HeadKind.Classification && Loss != RegressionLoss.MeanSquaredError)
            throw new ArgumentOutOfRangeException(nameof(Loss), Loss,
                "A classification head is trained with cross-entropy; only a regression head takes another loss.");
        if (Loss != RegressionLoss.Quantile)
        {
            if (Quantiles.Count > 0)
                throw new ArgumentOutOfRangeException(nameof(Quantiles), "Only the quantile loss takes quantiles.");
            return;
        }
        if (Quantiles.Count == 0)
            throw new ArgumentOutOfRangeException(nameof(Quantiles), "The quantile loss needs at least one quantile.");
        for (int q = 0; q < Quantiles.Count; q++)
        {
            double tau = Quantiles[q];
            if (!(tau > 0 && tau < 1))
                throw new ArgumentOutOfRangeException(nameof(Quantiles), string.Create(CultureInfo.InvariantCulture,
                    $"Quantile {tau:R} is not strictly between 0 and 1."));
            if (q > 0 && !(tau > Quantiles[q - 1]))
                throw new ArgumentOutOfRangeException(nameof(Quantiles), string.Create(CultureInfo.InvariantCulture,
                    $"Quantiles must be strictly increasing ({Quantiles[q - 1]:R} is followed by {tau:R})."));
        }
        if (OutputSize % Quantiles.Count != 0)
            throw new ArgumentOutOfRangeException(nameof(OutputSize), string.Create(CultureInfo.InvariantCulture,
                $"A head of {OutputSize} outputs cannot hold {Quantiles.Count} quantiles of each target: the outputs must be a multiple of the quantiles."));
    }

    /// <summary>Whether every member is equal, the quantiles compared element by element.</summary>
    public bool Equals(ModelSpec? other) =>
        other is not null && Cell == other.Cell && Input == other.Input && InputSize == other.InputSize && Hidden == other.Hidden
        && Layers == other.Layers && OutputSize == other.OutputSize && EmbeddingSize == other.EmbeddingSize
        && Dropout.Equals(other.Dropout) && ZoneoutHidden.Equals(other.ZoneoutHidden) && ZoneoutCell.Equals(other.ZoneoutCell) && Head == other.Head && Readout == other.Readout && ReadoutSteps == other.ReadoutSteps
        && Loss == other.Loss && Bidirectional == other.Bidirectional
        && Quantiles.SequenceEqual(other.Quantiles);

    /// <summary>A hash of every member, consistent with <see cref="Equals(ModelSpec?)"/>.</summary>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Cell);
        hash.Add(Input);
        hash.Add(InputSize);
        hash.Add(Hidden);
        hash.Add(Layers);
        hash.Add(OutputSize);
        hash.Add(EmbeddingSize);
        hash.Add(Dropout);
        hash.Add(ZoneoutHidden);
        hash.Add(ZoneoutCell);
        hash.Add(Head);
        hash.Add(Readout);
        hash.Add(ReadoutSteps);
        hash.Add(Loss);
        hash.Add(Bidirectional);
        foreach (double tau in Quantiles)
            hash.Add(tau);
        return hash.ToHashCode();
    }

    private bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append(string.Create(CultureInfo.InvariantCulture,
            $"Cell = {Cell}, Input = {Input}, InputSize = {InputSize}, Hidden = {Hidden}, Layers = {Layers}, OutputSize = {OutputSize}, "))
            .Append(string.Create(CultureInfo.InvariantCulture,
            $"EmbeddingSize = {EmbeddingSize}, Dropout = {Dropout}, ZoneoutHidden = {ZoneoutHidden}, ZoneoutCell = {ZoneoutCell}, Head = {Head}, Readout = {Readout}, ReadoutSteps = {ReadoutSteps}, Loss = {Loss}, Bidirectional = {Bidirectional}, "))
            .Append("Quantiles = [").AppendJoin(", ", Quantiles.Select(tau => tau.ToString("R", CultureInfo.InvariantCulture))).Append(']');
        return true;
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
