// The time loop of one recurrent layer. Its input projections W_ih·x(t) + b_ih arrive precomputed
// for all T steps (a gather for one-hot input, one product for dense input); per step the layer adds
// the recurrent product W_hh·h(t-1) + b_hh (into the same buffer, or apart for a GRU) and lets the
// cell do the rest. Backward runs the loop in reverse and leaves dL/d(pre-activations) for every
// step, so the weight gradients are one product over all T·B rows at the end instead of T small ones.
// The B sequences of a batch never meet inside the time loop: row b of h(t) depends only on row b of h(t-1)
// and of the input. So on several threads each can take a block of batch rows through every step, forward and
// backward, and the threads meet once per loop instead of twice per step (a product, then a cell, each split
// and waited for). Each thread then reads all of W_hh per step rather than its share of it, which pays while
// W_hh fits a core's L2 (1 MiB); above that the per-step split stays (measured, two threads: LSTM 1x128
// inference +6%; LSTM 2x512 inference -10% and GRU 2x512 training -3% when split by rows).
// Zoneout (Zoneout.cs) is a post-processing of each step's new state, as the masking of ended sequences is: the cell
// computes s̃(t) from the zoned s(t−1), then the layer mixes s(t−1) back in; Backward splits dL/ds(t) the same way
// before the cell sees it. It needs no change to the cells or their fused kernels.
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using Recurrent.Numerics;

namespace Recurrent.Layers;

/// <summary>Forward and Backward through time for one layer of a given cell.</summary>
public sealed unsafe class RecurrentLayer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly RecurrentCell<T> _cell;
    private readonly int _hidden;
    private readonly int _width; // G·H
    private readonly T _zoneHidden, _zoneCell;

    /// <summary>A layer of <paramref name="hidden"/> units that steps with <paramref name="cell"/>.</summary>
    /// <param name="cell">The elementwise step: RNN, GRU or LSTM.</param>
    /// <param name="hidden">H, the layer's hidden size.</param>
    /// <param name="zoneoutHidden">z_h, the probability that a unit of h keeps its previous value at a step (zoneout); 0: none.</param>
    /// <param name="zoneoutCell">z_c, the same for the LSTM's C; 0: none.</param>
    /// <exception cref="ArgumentOutOfRangeException">A zoneout probability is not in [0, 1), or z_c is given to a cell without C.</exception>
    public RecurrentLayer(RecurrentCell<T> cell, int hidden, double zoneoutHidden = 0, double zoneoutCell = 0)
    {
        if (!(zoneoutHidden >= 0 && zoneoutHidden < 1))
            throw new ArgumentOutOfRangeException(nameof(zoneoutHidden), zoneoutHidden, "Zoneout must be in [0, 1).");
        if (!(zoneoutCell >= 0 && zoneoutCell < 1))
            throw new ArgumentOutOfRangeException(nameof(zoneoutCell), zoneoutCell, "Zoneout must be in [0, 1).");
        if (zoneoutCell > 0 && !cell.HasCellState)
            throw new ArgumentOutOfRangeException(nameof(zoneoutCell), zoneoutCell, "Only a cell with a cell state (the LSTM) zones out C.");
        _cell = cell;
        _hidden = hidden;
        _width = cell.GateCount * hidden;
        _zoneHidden = T.CreateChecked(zoneoutHidden);
        _zoneCell = T.CreateChecked(zoneoutCell);
    }

    /// <summary>Whether h is zoned out (z_h above 0).</summary>
    public bool ZonesHidden => _zoneHidden > T.Zero;

    /// <summary>Whether C is zoned out (z_c above 0; LSTM only).</summary>
    public bool ZonesCell => _zoneCell > T.Zero;

    /// <summary>
    /// Runs <paramref name="steps"/> steps. Before: buffers.Gates holds the input projections and slot 0 of
    /// Hiddens/Cells the initial state. After: Gates holds the activations and Hiddens/Cells every state.
    /// wHh is (G·H × H), bHh is (G·H). With <paramref name="packedWHh"/> (a packed copy of wHh: a generation snapshot,
    /// or packed for this window) the recurrent products read that instead, with the same bits.
    /// With <paramref name="lengths"/> (B entries), sequence b stops after step lengths[b] − 1, as in PyTorch's packed
    /// sequences: at every later step its h is 0 (the padded output) and its C keeps its last value, so its final state
    /// is h in slot min(lengths[b], T) and C in the last slot (MaskForward).
    /// With <paramref name="quantizedWHh"/> (float layers only; wHh then empty) they read that quantized W_hh.
    /// A layer with zoneout mixes each valid step's new h (and C) with the one before: by the masks in buffers
    /// (<see cref="LayerBuffers{T}.HiddenZoneoutMask"/>, <see cref="LayerBuffers{T}.CellZoneoutMask"/>) when
    /// <paramref name="zoneoutMasks"/> is set (training), else by the expectation z.
    /// </summary>
    /// <exception cref="ArgumentException">zoneoutMasks is set and the buffers keep no masks (inference buffers, or made without zoneout).</exception>
    public void Forward(LayerBuffers<T> buffers, ReadOnlySpan<T> wHh, ReadOnlySpan<T> bHh, int steps, int batch,
        PackedWeight<T>? packedWHh = null, int[]? lengths = null, QuantizedWeight? quantizedWHh = null, bool zoneoutMasks = false)
    {
        if (quantizedWHh is not null && typeof(T) != typeof(float))
            throw new ArgumentException("A quantized W_hh serves float layers.", nameof(quantizedWHh));
        zoneoutMasks &= ZonesHidden || ZonesCell;
        if (zoneoutMasks && (ZonesHidden && buffers.HiddenZoneoutMask.Length == 0 || ZonesCell && buffers.CellZoneoutMask.Length == 0))
            throw new ArgumentException("These buffers keep no zoneout masks; make training buffers with this layer's zoneout.", nameof(buffers));
        if (ZonesCell && buffers.ForBackward && buffers.UnzonedCells.Length == 0)
            throw new ArgumentException("These training buffers have no room for C before zoneout; make them with this layer's zoneout.", nameof(buffers));
        buffers.ZonedByMasks = zoneoutMasks;
        bool apart = _cell.SeparatesRecurrentGates;
        // b_hh for every step at once, before the loop: the same additions, in the same order per element, as one
        // per step, but out of the sequential part.
        if (!FillsRecurrentPerStep(buffers))
        {
            Span<T> allRecurrent = (apart ? buffers.RecurrentGates : buffers.Gates).AsSpan(0, steps * batch * _width);
            if (apart)
                allRecurrent.Clear();
            MatMul.AddRowToEach(allRecurrent, bHh, steps * batch, _width);
        }
        if (!SplitsRows(batch, quantizedWHh is null ? wHh.Length : QuantizedFloats(quantizedWHh)))
        {
            ForwardRows(buffers, wHh, bHh, steps, batch, packedWHh, lengths, 0, batch, quantizedWHh, zoneoutMasks);
            return;
        }
        fixed (T* pW = wHh, pB = bHh)
        {
            var split = new RowSplit
            {
                Layer = this, Buffers = buffers, Packed = packedWHh, Quantized = quantizedWHh, WHh = pW, WHhLength = wHh.Length, BHh = pB,
                BHhLength = bHh.Length, Steps = steps, Batch = batch, Lengths = lengths, ZoneoutMasks = zoneoutMasks,
            };
            WorkerTeam.Run(&ForwardPart, Unsafe.AsPointer(ref split));
        }
    }

    /// <summary>Rows [rowStart, rowEnd) of every sequence through the <paramref name="steps"/> steps of Forward.</summary>
    private void ForwardRows(LayerBuffers<T> buffers, ReadOnlySpan<T> wHh, ReadOnlySpan<T> bHh, int steps, int batch,
        PackedWeight<T>? packedWHh, int[]? lengths, int rowStart, int rowEnd, QuantizedWeight? quantizedWHh, bool zoneoutMasks)
    {
        int rows = rowEnd - rowStart;
        int stateSize = batch * _hidden, gateSize = batch * _width, state = rowStart * _hidden, gate = rowStart * _width;
        bool hasCell = _cell.HasCellState, apart = _cell.SeparatesRecurrentGates;
        bool recurrentPerStep = FillsRecurrentPerStep(buffers);
        for (int t = 0; t < steps; t++)
        {
            Span<T> gates = buffers.Gates.AsSpan(t * gateSize + gate, rows * _width);
            Span<T> recurrent = !apart ? gates
                : buffers.RecurrentGates.AsSpan((recurrentPerStep ? 0 : t * gateSize) + gate, rows * _width);
            if (recurrentPerStep)
            {
                recurrent.Clear();
                MatMul.AddRowToEach(recurrent, bHh, rows, _width);
            }
            ReadOnlySpan<T> hPrev = buffers.Hiddens.AsSpan(t * stateSize + state, rows * _hidden);
            if (quantizedWHh is not null)
                MatMul.AddABt(System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(hPrev), quantizedWHh,
                    System.Runtime.InteropServices.MemoryMarshal.Cast<T, float>(recurrent), rows);
            else if (packedWHh is null)
                MatMul.AddABt(hPrev, wHh, recurrent, rows, _width, _hidden);
            else
                MatMul.AddABt(hPrev, packedWHh, recurrent, rows);
            _cell.Forward(gates, apart ? recurrent : [], hPrev,
                hasCell ? buffers.Cells.AsSpan(buffers.CellSlot(t) * stateSize + state, rows * _hidden) : [],
                hasCell ? buffers.Cells.AsSpan(buffers.CellSlot(t + 1) * stateSize + state, rows * _hidden) : [],
                buffers.Hiddens.AsSpan((t + 1) * stateSize + state, rows * _hidden), rows, _hidden);
            if (ZonesHidden || ZonesCell)
                ZoneForward(buffers, t, stateSize, state, rows * _hidden, zoneoutMasks);
            if (lengths is not null)
                MaskForward(buffers, lengths, t, batch, rowStart, rowEnd);
        }
    }

    /// <summary>
    /// Zoneout of step t's new state, for the rows at <paramref name="state"/> (count values): h(t) and C(t) mixed with
    /// h(t−1) and C(t−1) by the masks or by the expectation. Training buffers first keep C̃(t) for Backward. Sequences
    /// that have ended are overwritten after this by MaskForward, so zoneout acts on valid steps only.
    /// </summary>
    private void ZoneForward(LayerBuffers<T> buffers, int t, int stateSize, int state, int count, bool masks)
    {
        int step = t * stateSize + state;
        if (ZonesHidden)
        {
            ReadOnlySpan<T> previous = buffers.Hiddens.AsSpan(step, count);
            Span<T> next = buffers.Hiddens.AsSpan(step + stateSize, count);
            if (masks)
                Zoneout.Forward<T>(buffers.HiddenZoneoutMask.AsSpan(step, count), previous, next);
            else
                Zoneout.Forward(_zoneHidden, previous, next);
        }
        if (ZonesCell)
        {
            ReadOnlySpan<T> previous = buffers.Cells.AsSpan(buffers.CellSlot(t) * stateSize + state, count);
            Span<T> next = buffers.Cells.AsSpan(buffers.CellSlot(t + 1) * stateSize + state, count);
            if (buffers.UnzonedCells.Length > 0)
                next.CopyTo(buffers.UnzonedCells.AsSpan(step, count));
            if (masks)
                Zoneout.Forward<T>(buffers.CellZoneoutMask.AsSpan(step, count), previous, next);
            else
                Zoneout.Forward(_zoneCell, previous, next);
        }
    }

    /// <summary>
    /// Sequences that ended before step t (t ≥ lengths[b]): h(t) = 0, the padded output, and C(t) = C(t − 1), so that
    /// the last slot holds C after the sequence's last step. What the cell computed for them from padding is dropped.
    /// </summary>
    private void MaskForward(LayerBuffers<T> buffers, int[] lengths, int t, int batch, int rowStart, int rowEnd)
    {
        int stateSize = batch * _hidden;
        bool hasCell = _cell.HasCellState;
        for (int b = rowStart; b < rowEnd; b++)
        {
            if (t < lengths[b])
                continue;
            buffers.Hiddens.AsSpan((t + 1) * stateSize + b * _hidden, _hidden).Clear();
            if (hasCell)
                buffers.Cells.AsSpan(buffers.CellSlot(t) * stateSize + b * _hidden, _hidden)
                    .CopyTo(buffers.Cells.AsSpan(buffers.CellSlot(t + 1) * stateSize + b * _hidden, _hidden));
        }
    }

    /// <summary>
    /// Backward's mirror of <see cref="MaskForward"/>: a sequence's steps after its end get no gradient and send none back
    /// (dL/d(pre-activations), dL/dh(t − 1) and dL/dC(t − 1) zero), so no parameter and no earlier step sees them.
    /// </summary>
    private void MaskBackward(LayerBuffers<T> buffers, int[] lengths, int t, int batch, int rowStart, int rowEnd,
        Span<T> dHiddenNext, Span<T> dCell)
    {
        int gateSize = batch * _width;
        bool apart = _cell.SeparatesRecurrentGates;
        for (int b = rowStart; b < rowEnd; b++)
        {
            if (t < lengths[b])
                continue;
            int local = b - rowStart;
            buffers.DGates.AsSpan(t * gateSize + b * _width, _width).Clear();
            if (apart)
                buffers.DRecurrentGates.AsSpan(t * gateSize + b * _width, _width).Clear();
            dHiddenNext.Slice(local * _hidden, _hidden).Clear();
            if (dCell.Length > 0)
                dCell.Slice(local * _hidden, _hidden).Clear();
        }
    }

    /// <summary>
    /// Whether the recurrent part is filled step by step, b_hh included: inference buffers keep the GRU's recurrent
    /// part for one step only.
    /// </summary>
    private bool FillsRecurrentPerStep(LayerBuffers<T> buffers) => _cell.SeparatesRecurrentGates && !buffers.ForBackward;

    /// <summary>
    /// Backpropagation through the <paramref name="steps"/> steps of the last Forward. Before: buffers.DHiddens holds
    /// dL/dh(t) from above. After: DGates holds dL/d(input pre-activations), DHidden/DCell the gradient of the initial
    /// state, and dWhh, dBhh have been added to; StepHiddenGradients, when recorded, the total dL/dh(t) of every step.
    /// </summary>
    /// <exception cref="InvalidOperationException">The buffers were made for inference (ForBackward false).</exception>
    public void Backward(LayerBuffers<T> buffers, ReadOnlySpan<T> wHh, Span<T> dWhh, Span<T> dBhh, int steps, int batch,
        int[]? lengths = null)
    {
        if (!buffers.ForBackward)
            throw new InvalidOperationException("These buffers were made for inference (forBackward: false); Backward needs training buffers.");
        if (!SplitsRows(batch, wHh.Length))
            BackwardRows(buffers, wHh, steps, batch, lengths, 0, batch);
        else
        {
            fixed (T* pW = wHh)
            {
                var split = new RowSplit { Layer = this, Buffers = buffers, WHh = pW, WHhLength = wHh.Length, Steps = steps, Batch = batch, Lengths = lengths };
                WorkerTeam.Run(&BackwardPart, Unsafe.AsPointer(ref split));
            }
        }
        int rows = steps * batch;
        ReadOnlySpan<T> allDRecurrent = (_cell.SeparatesRecurrentGates ? buffers.DRecurrentGates : buffers.DGates).AsSpan(0, rows * _width);
        MatMul.AddAtB(allDRecurrent, buffers.Hiddens.AsSpan(0, rows * _hidden), dWhh, _width, _hidden, rows);
        MatMul.AddColumnSums(allDRecurrent, dBhh, rows, _width);
    }

    /// <summary>Rows [rowStart, rowEnd) of every sequence back through the <paramref name="steps"/> steps.</summary>
    private void BackwardRows(LayerBuffers<T> buffers, ReadOnlySpan<T> wHh, int steps, int batch, int[]? lengths, int rowStart, int rowEnd)
    {
        int rows = rowEnd - rowStart;
        int stateSize = batch * _hidden, gateSize = batch * _width, state = rowStart * _hidden, gate = rowStart * _width;
        bool hasCell = _cell.HasCellState, apart = _cell.SeparatesRecurrentGates;
        Span<T> dHiddenNext = buffers.DHidden.AsSpan(state, rows * _hidden), dCell = buffers.DCell.AsSpan(state, rows * _hidden);
        Span<T> dHiddenStep = buffers.DHiddenStep.AsSpan(state, rows * _hidden);
        Span<T> dCellKept = ZonesCell ? buffers.DCellKept.AsSpan(state, rows * _hidden) : [];
        bool masks = buffers.ZonedByMasks;
        dHiddenNext.Clear();
        dCell.Clear();
        for (int t = steps - 1; t >= 0; t--)
        {
            ReadOnlySpan<T> fromAbove = buffers.DHiddens.AsSpan(t * stateSize + state, rows * _hidden);
            TensorPrimitives.Add(fromAbove, dHiddenNext, dHiddenStep);
            if (buffers.StepHiddenGradients.Length > 0)
                dHiddenStep.CopyTo(buffers.StepHiddenGradients.AsSpan(t * stateSize + state, rows * _hidden));
            dHiddenNext.Clear();
            int step = t * stateSize + state;
            // Zoneout: the kept part of dL/dh(t) and dL/dC(t) goes straight to step t − 1, the rest through the cell.
            if (ZonesHidden && masks)
                Zoneout.Backward<T>(buffers.HiddenZoneoutMask.AsSpan(step, rows * _hidden), dHiddenStep, dHiddenNext);
            else if (ZonesHidden)
                Zoneout.Backward(_zoneHidden, dHiddenStep, dHiddenNext);
            if (ZonesCell)
            {
                dCellKept.Clear();
                if (masks)
                    Zoneout.Backward<T>(buffers.CellZoneoutMask.AsSpan(step, rows * _hidden), dCell, dCellKept);
                else
                    Zoneout.Backward(_zoneCell, dCell, dCellKept);
            }
            Span<T> dGates = buffers.DGates.AsSpan(t * gateSize + gate, rows * _width);
            Span<T> dRecurrent = apart ? buffers.DRecurrentGates.AsSpan(t * gateSize + gate, rows * _width) : dGates;
            _cell.Backward(buffers.Gates.AsSpan(t * gateSize + gate, rows * _width),
                apart ? buffers.RecurrentGates.AsSpan(t * gateSize + gate, rows * _width) : [],
                buffers.Hiddens.AsSpan(step, rows * _hidden),
                hasCell ? buffers.Cells.AsSpan(step, rows * _hidden) : [],
                !hasCell ? [] : ZonesCell ? buffers.UnzonedCells.AsSpan(step, rows * _hidden) // the cell's own C̃(t), as its tanh read it
                    : buffers.Cells.AsSpan(step + stateSize, rows * _hidden),
                dHiddenStep, dCell, dGates, apart ? dRecurrent : [], dHiddenNext, rows, _hidden);
            if (ZonesCell)
                TensorPrimitives.Add(dCell, dCellKept, dCell);
            if (lengths is not null)
                MaskBackward(buffers, lengths, t, batch, rowStart, rowEnd, dHiddenNext, hasCell ? dCell : []);
            MatMul.AddAB(dRecurrent, wHh, dHiddenNext, rows, _hidden, _width);
        }
    }

    /// <summary>
    /// Whether the time loop is split by blocks of batch rows: float (double splits operation by operation), a W_hh of
    /// at most 1 MiB, and a block of more than four rows for each of the threads. With fewer blocks than threads the
    /// loop would leave threads idle that the per-step split keeps busy, since a part's operations run alone.
    /// </summary>
    private static bool SplitsRows(int batch, int weightLength) =>
        typeof(T) == typeof(float) && (long)weightLength * sizeof(float) <= SplitWeightBytes
        && SplitsRowsInto(batch, Parallelism.Threads);

    private const long SplitWeightBytes = 1 << 20;

    /// <summary>A quantized weight's size in floats of the same bytes, for the 1 MiB rule of <see cref="SplitsRows"/>.</summary>
    private static int QuantizedFloats(QuantizedWeight weight) => (int)Math.Min(int.MaxValue, weight.Bytes / sizeof(float));

    /// <summary>
    /// Whether <paramref name="batch"/> rows split into <paramref name="parts"/> blocks (<see cref="RowRange"/>) give every
    /// part rows and none a block of 1 to 4: with at most four rows of C, A·Bᵀ takes the dot-product path, whose bits
    /// differ (FloatGemm.DotRows). Blocks are whole tiles but the last, so checking the last suffices.
    /// </summary>
    internal static bool SplitsRowsInto(int batch, int parts)
    {
        if (parts < 2)
            return false;
        var (start, end) = RowRange(batch, parts - 1, parts);
        return end - start > FloatGemm.DotRows;
    }

    /// <summary>The rows of part <paramref name="part"/> of <paramref name="parts"/>: whole 8-row tiles, the last block the rest.</summary>
    private static (int Start, int End) RowRange(int batch, int part, int parts) =>
        Parallelism.Range(batch, GemmKernel.Rows, part, parts);

    /// <summary>A split time loop's operands, on the caller's stack while its parts run (it holds references, so it is not fixed).</summary>
    private struct RowSplit
    {
        public RecurrentLayer<T> Layer;
        public LayerBuffers<T> Buffers;
        public PackedWeight<T>? Packed;
        public QuantizedWeight? Quantized;
        public T* WHh, BHh;
        public int WHhLength, BHhLength, Steps, Batch;
        public int[]? Lengths;
        public bool ZoneoutMasks;
    }

    private static void ForwardPart(void* context, int part, int parts)
    {
        ref RowSplit s = ref Unsafe.AsRef<RowSplit>(context);
        var (start, end) = RowRange(s.Batch, part, parts);
        if (start < end)
            s.Layer.ForwardRows(s.Buffers, new ReadOnlySpan<T>(s.WHh, s.WHhLength), new ReadOnlySpan<T>(s.BHh, s.BHhLength),
                s.Steps, s.Batch, s.Packed, s.Lengths, start, end, s.Quantized, s.ZoneoutMasks);
    }

    private static void BackwardPart(void* context, int part, int parts)
    {
        ref RowSplit s = ref Unsafe.AsRef<RowSplit>(context);
        var (start, end) = RowRange(s.Batch, part, parts);
        if (start < end)
            s.Layer.BackwardRows(s.Buffers, new ReadOnlySpan<T>(s.WHh, s.WHhLength), s.Steps, s.Batch, s.Lengths, start, end);
    }
}
