// Everything a model computes over one window of up to T steps for B sequences, sized once.
// The caller writes the inputs (Tokens or Inputs) and Targets, time-major: row t·B + b.
using System.Numerics;
using Recurrent.Layers;

namespace Recurrent.Models;

/// <summary>Inputs, targets, per-layer buffers, logits and their gradients for one window.</summary>
public sealed class ModelWorkspace<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    internal ModelWorkspace(ModelSpec spec, Layers.RecurrentCell<T> cell, int maxSteps, int batch)
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
        Embedded = embedded ? new T[rows * spec.EmbeddingSize] : [];
        EmbeddedGradient = embedded ? new T[rows * spec.EmbeddingSize] : [];
        DropoutMasks = new T[dropout ? spec.Layers : 0][];
        Dropped = new T[DropoutMasks.Length][];
        DroppedGradient = new T[DropoutMasks.Length][];
        for (int k = 0; k < DropoutMasks.Length; k++)
        {
            DropoutMasks[k] = new T[rows * spec.Hidden];
            Dropped[k] = new T[rows * spec.Hidden];
            DroppedGradient[k] = new T[rows * spec.Hidden];
        }
        Targets = new int[rows];
        Layers = new LayerBuffers<T>[spec.Layers];
        for (int k = 0; k < spec.Layers; k++)
            Layers[k] = new LayerBuffers<T>(maxSteps, batch, spec.Hidden, spec.GateCount, cell.HasCellState, cell.SeparatesRecurrentGates);
        Logits = new T[rows * spec.OutputSize];
        Probabilities = new T[rows * spec.OutputSize];
        DLogits = new T[rows * spec.OutputSize];
    }

    public int MaxSteps { get; }
    public int Batch { get; }

    /// <summary>The steps of the last Forward.</summary>
    public int Steps { get; internal set; }

    /// <summary>Whether the last Forward applied dropout (training with a dropout model).</summary>
    public bool Dropping { get; internal set; }

    /// <summary>(T × B) input tokens, for one-hot models.</summary>
    public int[] Tokens { get; }

    /// <summary>(T × B × I) input vectors, for dense models.</summary>
    public T[] Inputs { get; }

    /// <summary>(T × B × I) dL/d(inputs) after Backward, for dense models.</summary>
    public T[] InputGradient { get; }

    /// <summary>(T × B × D) the embedded tokens, for embedded-input models.</summary>
    public T[] Embedded { get; }

    /// <summary>(T × B × D) dL/d(embedded tokens), during Backward.</summary>
    internal T[] EmbeddedGradient { get; }

    /// <summary>
    /// Per layer, (T × B × H): the dropout mask of that layer's outputs, 0 or 1/(1-p), used by a training Forward;
    /// <see cref="RecurrentModel{T}.SampleDropoutMasks"/> draws them. Empty arrays when the model has no dropout.
    /// </summary>
    public T[][] DropoutMasks { get; }

    /// <summary>Per layer, (T × B × H): the layer's outputs after dropout, the input of the next layer or the head.</summary>
    internal T[][] Dropped { get; }

    /// <summary>Per layer, (T × B × H): dL/d(outputs after dropout), during Backward.</summary>
    internal T[][] DroppedGradient { get; }

    /// <summary>(T × B) target classes.</summary>
    public int[] Targets { get; }

    /// <summary>Per-layer working memory, bottom first.</summary>
    public LayerBuffers<T>[] Layers { get; }

    /// <summary>(T × B × V) head outputs.</summary>
    public T[] Logits { get; }

    /// <summary>(T × B × V) softmax of the logits, after Loss.</summary>
    public T[] Probabilities { get; }

    /// <summary>(T × B × V) dL/d(logits), during Backward.</summary>
    public T[] DLogits { get; }

    /// <summary>dL/dh of layer k's initial state (B × H), after Backward.</summary>
    public ReadOnlySpan<T> InitialHiddenGradient(int layer) => Layers[layer].DHidden;

    /// <summary>dL/dC of layer k's initial state (B × H), after Backward; LSTM only.</summary>
    public ReadOnlySpan<T> InitialCellGradient(int layer) => Layers[layer].DCell;

    /// <summary>h(t) of the top layer for batch row b, after Forward.</summary>
    public ReadOnlySpan<T> TopHidden(int step, int b)
    {
        var top = Layers[^1];
        int hidden = top.DHidden.Length / Batch;
        return top.Hiddens.AsSpan(((step + 1) * Batch + b) * hidden, hidden);
    }

    /// <summary>Copies the state after the last Forward's final step into <paramref name="state"/>, to carry it on.</summary>
    public void CopyFinalState(RecurrentState<T> state)
    {
        int size = Batch * state.Hidden;
        for (int k = 0; k < Layers.Length; k++)
        {
            Layers[k].Hiddens.AsSpan(Steps * size, size).CopyTo(state.HiddenOf(k));
            if (Layers[k].Cells.Length > 0)
                Layers[k].Cells.AsSpan(Steps * size, size).CopyTo(state.CellOf(k));
        }
    }
}
