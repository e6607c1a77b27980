// The part of a model's working memory that the recurrent stack owns, for one window of up to T steps of B
// sequences, sized once: inputs (tokens or vectors), the embedding, dropout masks and every layer's buffers.
// ModelWorkspace adds what the head needs (its output rows and targets). The caller writes the inputs time-major:
// row t·B + b.
using System.Numerics;
using Recurrent.Layers;
using Recurrent.Numerics;

namespace Recurrent.Models;

/// <summary>Inputs, embedding, dropout masks and per-layer buffers of a <see cref="RecurrentStack{T}"/> for one window.</summary>
public abstract class StackWorkspace<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private protected StackWorkspace(ModelSpec spec, RecurrentCell<T> cell, int maxSteps, int batch, bool forBackward)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSteps);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        MaxSteps = maxSteps;
        Batch = batch;
        int rows = maxSteps * batch;
        bool tokens = spec.TakesTokens, embedded = spec.Input == InputKind.Embedding, dropout = spec.Dropout > 0;
        Tokens = tokens ? new int[rows] : [];
        Inputs = tokens ? [] : new T[rows * spec.InputSize];
        InputGradient = tokens ? [] : new T[rows * spec.InputSize];
        OneHotScratch = spec.Input == InputKind.OneHot ? new T[spec.InputSize * spec.GateCount * spec.Hidden] : [];
        Embedded = embedded ? new T[rows * spec.EmbeddingSize] : [];
        EmbeddedGradient = embedded ? new T[rows * spec.EmbeddingSize] : [];
        Directions = spec.Directions;
        int width = spec.OutputWidth;
        DropoutMasks = new T[dropout ? spec.Layers : 0][];
        Dropped = new T[DropoutMasks.Length][];
        DroppedGradient = new T[DropoutMasks.Length][];
        for (int k = 0; k < DropoutMasks.Length; k++)
        {
            DropoutMasks[k] = new T[rows * width];
            Dropped[k] = new T[rows * width];
            DroppedGradient[k] = new T[rows * width];
        }
        bool joins = spec.Bidirectional;
        Joined = new T[joins ? spec.Layers : 0][];
        JoinedGradient = new T[joins && forBackward ? spec.Layers : 0][];
        for (int k = 0; k < Joined.Length; k++)
            Joined[k] = new T[rows * width];
        for (int k = 0; k < JoinedGradient.Length; k++)
            JoinedGradient[k] = new T[rows * width];
        Layers = new LayerBuffers<T>[spec.Layers * spec.Directions];
        for (int k = 0; k < Layers.Length; k++)
            Layers[k] = new LayerBuffers<T>(maxSteps, batch, spec.Hidden, spec.GateCount, cell.HasCellState, cell.SeparatesRecurrentGates,
                forBackward, spec.ZoneoutHidden > 0, spec.ZoneoutCell > 0);
        ForBackward = forBackward;
        Lengths = new int[batch];
        Array.Fill(Lengths, maxSteps);
        _forwardLengths = new int[batch];
    }

    /// <summary>
    /// (B) the valid steps of each sequence, written by the caller (or a batch source) before Forward: sequence b reads
    /// steps 0..Lengths[b] − 1 and the rest of the window is padding, as PyTorch's pack_padded_sequence(x, lengths,
    /// enforce_sorted=False): its state stops at its last valid step (its final state is the state after it), a reverse
    /// direction starts there, its outputs at padded steps are 0, and nothing of it depends on its padding (which must
    /// still be finite, and valid tokens) or on the other sequences. A length of at least the window's steps (the
    /// default, MaxSteps) is the whole window. Forward keeps a copy for the Backward after it.
    /// </summary>
    public int[] Lengths { get; }

    private readonly int[] _forwardLengths;

    /// <summary>
    /// The lengths the last Forward read (a copy of <see cref="Lengths"/>), when one masked a sequence (a length below its
    /// steps); else null.
    /// </summary>
    internal int[]? ActiveLengths { get; private set; }

    /// <summary>Copies <see cref="Lengths"/> for a Forward of <paramref name="steps"/> steps and returns what it masks by (see <see cref="ActiveLengths"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A length is below 1.</exception>
    internal int[]? TakeLengths(int steps)
    {
        bool masks = false;
        foreach (int length in Lengths)
        {
            if (length < 1)
                throw new ArgumentOutOfRangeException(nameof(Lengths), length, "Every sequence's length must be at least 1.");
            masks |= length < steps;
        }
        Lengths.CopyTo(_forwardLengths, 0);
        return ActiveLengths = masks ? _forwardLengths : null;
    }

    /// <summary>T, the most steps a window may have; a Forward of fewer steps uses a prefix of every buffer.</summary>
    public int MaxSteps { get; }

    /// <summary>Whether this workspace keeps what Backward needs (training), or only what Forward needs (inference).</summary>
    public bool ForBackward { get; }

    /// <exception cref="InvalidOperationException">This is an inference workspace.</exception>
    internal void EnsureForBackward()
    {
        if (!ForBackward)
            throw new InvalidOperationException("This workspace was made for inference (forBackward: false); Backward needs one made for training.");
    }

    /// <summary>B, the sequences of a window.</summary>
    public int Batch { get; }

    /// <summary>The steps of the last Forward.</summary>
    public int Steps { get; internal set; }

    /// <summary>Whether the last Forward applied dropout (training with a dropout model).</summary>
    public bool Dropping { get; internal set; }

    /// <summary>(T × B) input tokens, for one-hot and embedded models.</summary>
    public int[] Tokens { get; }

    /// <summary>(T × B × I) input vectors, for dense models.</summary>
    public T[] Inputs { get; }

    /// <summary>(T × B × I) dL/d(inputs) after Backward, for dense models.</summary>
    public T[] InputGradient { get; }

    /// <summary>(V × G·H) for one-hot models: weight_ih_l0 (and its gradient) transposed, so that a token's column is a row.</summary>
    internal T[] OneHotScratch { get; }

    /// <summary>(T × B × D) the embedded tokens, for embedded-input models.</summary>
    public T[] Embedded { get; }

    /// <summary>(T × B × D) dL/d(embedded tokens), during Backward.</summary>
    internal T[] EmbeddedGradient { get; }

    /// <summary>
    /// Per layer, (T × B × D·H): the dropout mask of that layer's outputs, 0 or 1/(1-p), used by a training Forward;
    /// <see cref="RecurrentStack{T}.SampleDropoutMasks"/> draws them. Empty arrays when the model has no dropout.
    /// </summary>
    public T[][] DropoutMasks { get; }

    /// <summary>Per layer, (T × B × D·H): the layer's outputs after dropout, the input of the next layer or the head.</summary>
    internal T[][] Dropped { get; }

    /// <summary>Per layer, (T × B × D·H): dL/d(outputs after dropout), during Backward.</summary>
    internal T[][] DroppedGradient { get; }

    /// <summary>
    /// The frozen parameters a Forward over this workspace reads instead of the model's, once taken
    /// (<see cref="RecurrentModel{T}.TakeWeightSnapshot"/>; inference workspaces only); null until then.
    /// </summary>
    internal WeightSnapshot<T>? Snapshot { get; set; }

    /// <summary>
    /// weight_hh of the layer being run forward, packed at the start of its window (float only; made on first use and
    /// shared by the layers, which run one after another): the per-step products then read W_hh as packed panels and
    /// write the gates in place, instead of transposing them twice per step.
    /// </summary>
    internal PackedWeight<T>? PackedRecurrentWeight { get; set; }

    /// <summary>
    /// Per-direction working memory, bottom first: entry k·D + d for direction d (0 forward, 1 reverse) of layer k, as
    /// PyTorch's h0; a reverse direction's buffers hold its steps in the order it reads them, the window's last first.
    /// </summary>
    public LayerBuffers<T>[] Layers { get; }

    /// <summary>D, the directions of every layer: 2 for a bidirectional stack, else 1.</summary>
    public int Directions { get; }

    /// <summary>
    /// Per layer of a bidirectional stack, (T × B × 2H): its output [h_forward(t); h_reverse(t)] before dropout; empty
    /// arrays for one direction, whose output is its Hiddens.
    /// </summary>
    internal T[][] Joined { get; }

    /// <summary>Per layer of a bidirectional stack, (T × B × 2H): dL/d(<see cref="Joined"/>), during Backward.</summary>
    internal T[][] JoinedGradient { get; }

    /// <summary>dL/dh of entry k of the initial state (B × H; entry k·D + d, as PyTorch's h0), after Backward.</summary>
    public ReadOnlySpan<T> InitialHiddenGradient(int layer) => Layers[layer].DHidden;

    /// <summary>dL/dC of entry k of the initial state (B × H), after Backward; LSTM only.</summary>
    public ReadOnlySpan<T> InitialCellGradient(int layer) => Layers[layer].DCell;

    /// <summary>h(t) of the top layer for batch row b, after Forward (before dropout); one direction only.</summary>
    /// <exception cref="InvalidOperationException">The stack is bidirectional.</exception>
    public ReadOnlySpan<T> TopHidden(int step, int b)
    {
        if (Directions > 1)
            throw new InvalidOperationException("A bidirectional stack's top output is two directions; read the stack's Output instead.");
        var top = Layers[^1];
        int hidden = top.DHidden.Length / Batch;
        return top.Hiddens.AsSpan(((step + 1) * Batch + b) * hidden, hidden);
    }

    /// <summary>
    /// Copies the state after the last Forward's final step into <paramref name="state"/>, to carry it on: every
    /// direction's state after the last step it read (a reverse direction's after reading step 0, as PyTorch's h_n).
    /// </summary>
    public void CopyFinalState(RecurrentState<T> state)
    {
        int size = Batch * state.Hidden;
        for (int k = 0; k < Layers.Length; k++)
        {
            if (ActiveLengths is { } lengths) // h after each sequence's own last step; C was carried to the last slot
                for (int b = 0; b < Batch; b++)
                    Layers[k].Hiddens.AsSpan((Math.Min(lengths[b], Steps) * Batch + b) * state.Hidden, state.Hidden)
                        .CopyTo(state.HiddenOf(k).Slice(b * state.Hidden, state.Hidden));
            else
                Layers[k].Hiddens.AsSpan(Steps * size, size).CopyTo(state.HiddenOf(k));
            if (Layers[k].Cells.Length > 0)
                Layers[k].Cells.AsSpan(Layers[k].CellSlot(Steps) * size, size).CopyTo(state.CellOf(k));
        }
    }
}
