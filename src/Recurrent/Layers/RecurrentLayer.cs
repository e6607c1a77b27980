// The time loop of one recurrent layer. Its input projections W_ih·x(t) + b_ih arrive precomputed
// for all T steps (a gather for one-hot input, one product for dense input); per step the layer adds
// the recurrent product W_hh·h(t-1) + b_hh (into the same buffer, or apart for a GRU) and lets the
// cell do the rest. Backward runs the loop in reverse and leaves dL/d(pre-activations) for every
// step, so the weight gradients are one product over all T·B rows at the end instead of T small ones.
using System.Numerics;
using System.Numerics.Tensors;
using Recurrent.Numerics;

namespace Recurrent.Layers;

/// <summary>Forward and Backward through time for one layer of a given cell.</summary>
public sealed class RecurrentLayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly RecurrentCell<T> _cell;
    private readonly int _hidden;
    private readonly int _width; // G·H

    public RecurrentLayer(RecurrentCell<T> cell, int hidden)
    {
        _cell = cell;
        _hidden = hidden;
        _width = cell.GateCount * hidden;
    }

    /// <summary>
    /// Runs <paramref name="steps"/> steps. Before: buffers.Gates holds the input projections and slot 0 of
    /// Hiddens/Cells the initial state. After: Gates holds the activations and Hiddens/Cells every state.
    /// wHh is (G·H × H), bHh is (G·H). With <paramref name="packedWHh"/> (a packed copy of wHh: a generation snapshot,
    /// or packed for this window) the recurrent products read that instead, with the same bits.
    /// </summary>
    public void Forward(LayerBuffers<T> buffers, ReadOnlySpan<T> wHh, ReadOnlySpan<T> bHh, int steps, int batch,
        PackedWeight<T>? packedWHh = null)
    {
        int stateSize = batch * _hidden, gateSize = batch * _width;
        bool hasCell = _cell.HasCellState, apart = _cell.SeparatesRecurrentGates;
        // b_hh for every step at once, before the loop: the same additions, in the same order per element, as one
        // per step, but out of the sequential part (which is what limits a split over threads).
        // (Inference buffers keep the GRU's recurrent part for one step: it is filled step by step.)
        bool recurrentPerStep = apart && !buffers.ForBackward;
        Span<T> allRecurrent = (apart ? buffers.RecurrentGates : buffers.Gates).AsSpan(0, (recurrentPerStep ? 1 : steps) * gateSize);
        if (!recurrentPerStep)
        {
            if (apart)
                allRecurrent.Clear();
            MatMul.AddRowToEach(allRecurrent, bHh, steps * batch, _width);
        }
        for (int t = 0; t < steps; t++)
        {
            Span<T> gates = buffers.Gates.AsSpan(t * gateSize, gateSize);
            Span<T> recurrent = recurrentPerStep ? allRecurrent : apart ? buffers.RecurrentGates.AsSpan(t * gateSize, gateSize) : gates;
            if (recurrentPerStep)
            {
                recurrent.Clear();
                MatMul.AddRowToEach(recurrent, bHh, batch, _width);
            }
            ReadOnlySpan<T> hPrev = buffers.Hiddens.AsSpan(t * stateSize, stateSize);
            if (packedWHh is null)
                MatMul.AddABt(hPrev, wHh, recurrent, batch, _width, _hidden);
            else
                MatMul.AddABt(hPrev, packedWHh, recurrent, batch);
            _cell.Forward(gates, apart ? recurrent : [], hPrev,
                hasCell ? buffers.Cells.AsSpan(buffers.CellSlot(t) * stateSize, stateSize) : [],
                hasCell ? buffers.Cells.AsSpan(buffers.CellSlot(t + 1) * stateSize, stateSize) : [],
                buffers.Hiddens.AsSpan((t + 1) * stateSize, stateSize), batch, _hidden);
        }
    }

    /// <summary>
    /// Backpropagation through the <paramref name="steps"/> steps of the last Forward. Before: buffers.DHiddens holds
    /// dL/dh(t) from above. After: DGates holds dL/d(input pre-activations), DHidden/DCell the gradient of the initial
    /// state, and dWhh, dBhh have been added to; StepHiddenGradients, when recorded, the total dL/dh(t) of every step.
    /// </summary>
    /// <exception cref="InvalidOperationException">The buffers were made for inference (ForBackward false).</exception>
    public void Backward(LayerBuffers<T> buffers, ReadOnlySpan<T> wHh, Span<T> dWhh, Span<T> dBhh, int steps, int batch)
    {
        if (!buffers.ForBackward)
            throw new InvalidOperationException("These buffers were made for inference (forBackward: false); Backward needs training buffers.");
        int stateSize = batch * _hidden, gateSize = batch * _width;
        bool hasCell = _cell.HasCellState, apart = _cell.SeparatesRecurrentGates;
        Span<T> dHiddenNext = buffers.DHidden, dCell = buffers.DCell, dHiddenStep = buffers.DHiddenStep;
        dHiddenNext.Clear();
        dCell.Clear();
        for (int t = steps - 1; t >= 0; t--)
        {
            ReadOnlySpan<T> fromAbove = buffers.DHiddens.AsSpan(t * stateSize, stateSize);
            TensorPrimitives.Add(fromAbove, dHiddenNext, dHiddenStep);
            if (buffers.StepHiddenGradients.Length > 0)
                dHiddenStep.CopyTo(buffers.StepHiddenGradients.AsSpan(t * stateSize, stateSize));
            dHiddenNext.Clear();
            Span<T> dGates = buffers.DGates.AsSpan(t * gateSize, gateSize);
            Span<T> dRecurrent = apart ? buffers.DRecurrentGates.AsSpan(t * gateSize, gateSize) : dGates;
            _cell.Backward(buffers.Gates.AsSpan(t * gateSize, gateSize),
                apart ? buffers.RecurrentGates.AsSpan(t * gateSize, gateSize) : [],
                buffers.Hiddens.AsSpan(t * stateSize, stateSize),
                hasCell ? buffers.Cells.AsSpan(t * stateSize, stateSize) : [],
                hasCell ? buffers.Cells.AsSpan((t + 1) * stateSize, stateSize) : [],
                dHiddenStep, dCell, dGates, apart ? dRecurrent : [], dHiddenNext, batch, _hidden);
            MatMul.AddAB(dRecurrent, wHh, dHiddenNext, batch, _hidden, _width);
        }
        int rows = steps * batch;
        ReadOnlySpan<T> allDRecurrent = (apart ? buffers.DRecurrentGates : buffers.DGates).AsSpan(0, rows * _width);
        MatMul.AddAtB(allDRecurrent, buffers.Hiddens.AsSpan(0, rows * _hidden), dWhh, _width, _hidden, rows);
        MatMul.AddColumnSums(allDRecurrent, dBhh, rows, _width);
    }
}
