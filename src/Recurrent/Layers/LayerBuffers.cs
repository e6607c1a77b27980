// The working memory of one recurrent layer over a window of up to T steps for B sequences.
// Sized once; a window of fewer steps uses a prefix, since every buffer is time-major.
// The gradients of the gates share the gates' memory: Backward at step t reads the activations of step t
// for the last time as it writes their gradients (every cell loads a unit's values before it stores), and
// nothing after Backward needs the activations. That is a (T × B × G·H) buffer less per layer (two for a GRU).
// Buffers for inference only (forBackward: false) keep what a Forward needs and no more: C in two slots used in
// turn instead of T + 1, the GRU's recurrent part for one step instead of T, no dL/dh(t) from above.
// A layer with zoneout keeps, for training, its masks and (LSTM) C̃(t) before zoneout, which Backward's tanh reads;
// its inference buffers need nothing more (the expectation reads only the state before).
using System.Numerics;
using Recurrent.Numerics;

namespace Recurrent.Layers;

/// <summary>What a recurrent layer's Forward saves for its Backward, and the gradients Backward produces.</summary>
public sealed class LayerBuffers<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Allocates the buffers of one layer for windows of up to <paramref name="maxSteps"/> steps.</summary>
    /// <param name="maxSteps">T, the most steps a window may have; shorter windows use a prefix.</param>
    /// <param name="batch">B, the sequences of a batch.</param>
    /// <param name="hidden">H, the layer's hidden size.</param>
    /// <param name="gateCount">G, the cell's gate blocks (<see cref="RecurrentCell{T}.GateCount"/>).</param>
    /// <param name="hasCellState">Whether to keep a cell state C (<see cref="RecurrentCell{T}.HasCellState"/>).</param>
    /// <param name="separatesRecurrentGates">Whether to keep the recurrent part apart (<see cref="RecurrentCell{T}.SeparatesRecurrentGates"/>).</param>
    /// <param name="forBackward">True: keep every step for a Backward (training); false: only what a Forward needs (inference).</param>
    /// <param name="zonesHidden">Whether the layer zones out h (<see cref="RecurrentLayer{T}.ZonesHidden"/>): training keeps its masks.</param>
    /// <param name="zonesCell">Whether the layer zones out C (<see cref="RecurrentLayer{T}.ZonesCell"/>): training keeps its masks and C̃.</param>
    public LayerBuffers(int maxSteps, int batch, int hidden, int gateCount, bool hasCellState, bool separatesRecurrentGates,
        bool forBackward = true, bool zonesHidden = false, bool zonesCell = false)
    {
        int rows = maxSteps * batch;
        ForBackward = forBackward;
        Gates = new T[rows * gateCount * hidden];
        DGates = Gates;
        RecurrentGates = separatesRecurrentGates ? new T[(forBackward ? rows : batch) * gateCount * hidden] : [];
        DRecurrentGates = RecurrentGates;
        Hiddens = new T[(maxSteps + 1) * batch * hidden];
        Cells = hasCellState ? new T[(forBackward ? maxSteps + 1 : 2) * batch * hidden] : [];
        DHiddens = forBackward ? new T[rows * hidden] : [];
        DHidden = new T[batch * hidden];
        DCell = new T[batch * hidden];
        DHiddenStep = new T[batch * hidden];
        bool keepsHidden = forBackward && zonesHidden, keepsCell = forBackward && zonesCell && hasCellState;
        HiddenZoneoutMask = keepsHidden ? new T[rows * hidden] : [];
        CellZoneoutMask = keepsCell ? new T[rows * hidden] : [];
        UnzonedCells = keepsCell ? new T[rows * hidden] : [];
        DCellKept = keepsCell ? new T[batch * hidden] : [];
    }

    /// <summary>
    /// The elements of the largest buffer and of all of them that the constructor allocates for these sizes, in 64 bits,
    /// so that a caller can refuse sizes that cannot exist before allocating.
    /// </summary>
    public static (long Largest, long Total) Size(long maxSteps, long batch, long hidden, long gateCount, bool hasCellState,
        bool separatesRecurrentGates, bool forBackward, bool zonesHidden = false, bool zonesCell = false)
    {
        long rows = MemoryBudget.Product(maxSteps, batch);
        bool keepsHidden = forBackward && zonesHidden, keepsCell = forBackward && zonesCell && hasCellState;
        long[] buffers =
        [
            MemoryBudget.Product(rows, gateCount, hidden),
            separatesRecurrentGates ? MemoryBudget.Product(forBackward ? rows : batch, gateCount, hidden) : 0,
            MemoryBudget.Product(maxSteps + 1, batch, hidden),
            hasCellState ? MemoryBudget.Product(forBackward ? maxSteps + 1 : 2, batch, hidden) : 0,
            forBackward ? MemoryBudget.Product(rows, hidden) : 0,
            MemoryBudget.Product(3, batch, hidden),
            keepsHidden ? MemoryBudget.Product(rows, hidden) : 0,
            keepsCell ? MemoryBudget.Product(2, rows, hidden) : 0,
            keepsCell ? MemoryBudget.Product(batch, hidden) : 0,
        ];
        return (buffers.Max(), MemoryBudget.Sum(buffers));
    }

    /// <summary>Whether these buffers keep every step for a Backward (training), or only what a Forward needs.</summary>
    public bool ForBackward { get; }

    /// <summary>The slot of <see cref="Cells"/> that holds C(t-1) for step t (slot 0: the initial C): t, or t mod 2 for inference.</summary>
    public int CellSlot(int t) => ForBackward ? t : t & 1;

    /// <summary>(T × B × G·H): input projections in; gate activations after Forward; overwritten by Backward (DGates).</summary>
    public T[] Gates { get; }

    /// <summary>(T × B × G·H): dL/d(gate pre-activations) after Backward; the same array as <see cref="Gates"/>.</summary>
    public T[] DGates { get; }

    /// <summary>(T × B × G·H): W_hh·h(t-1) + b_hh, for cells that keep it apart (GRU), one step only for inference; empty otherwise.</summary>
    public T[] RecurrentGates { get; }

    /// <summary>
    /// (T × B × G·H): dL/d(RecurrentGates) after Backward, the same array as <see cref="RecurrentGates"/>; empty when not
    /// kept apart (then it is DGates).
    /// </summary>
    public T[] DRecurrentGates { get; }

    /// <summary>((T+1) × B × H): slot 0 is the initial h, slot t+1 is h(t).</summary>
    public T[] Hiddens { get; }

    /// <summary>((T+1) × B × H): slot 0 is the initial C, slot t+1 is C(t) (see <see cref="CellSlot"/>); empty without a cell state.</summary>
    public T[] Cells { get; }

    /// <summary>(T × B × H): dL/dh(t) from above (the head or the next layer), filled before Backward.</summary>
    public T[] DHiddens { get; }

    /// <summary>(B × H): dL/dh carried back in time; after Backward, dL/dh of the initial state.</summary>
    public T[] DHidden { get; }

    /// <summary>(B × H): dL/dC carried back in time; after Backward, dL/dC of the initial state.</summary>
    public T[] DCell { get; }

    /// <summary>(B × H): scratch, the total dL/dh(t) at the step being differentiated.</summary>
    internal T[] DHiddenStep { get; }

    /// <summary>
    /// (T × B × H): h's zoneout mask of a training Forward, 1 where a unit keeps h(t−1) at step t, 0 where it takes the
    /// cell's new value (RecurrentStack.SampleZoneoutMasks draws it; a test may write it); empty unless training buffers
    /// of a layer that zones out h.
    /// </summary>
    public T[] HiddenZoneoutMask { get; }

    /// <summary>(T × B × H): C's zoneout mask, as <see cref="HiddenZoneoutMask"/>; empty unless training buffers of an LSTM layer that zones out C.</summary>
    public T[] CellZoneoutMask { get; }

    /// <summary>
    /// (T × B × H): C̃(t), the cell state the LSTM computed at step t before zoneout mixed in C(t−1). Its h̃(t) = o ⊙ tanh(C̃(t)),
    /// so Backward's tanh reads this, not the zoned <see cref="Cells"/>. Empty unless <see cref="CellZoneoutMask"/> is kept.
    /// </summary>
    internal T[] UnzonedCells { get; }

    /// <summary>(B × H): scratch, the part of dL/dC(t) that goes straight to C(t−1) through zoneout; empty without C's zoneout.</summary>
    internal T[] DCellKept { get; }

    /// <summary>
    /// Whether the last Forward zoned out by the masks (training) rather than by the expectation, so that Backward
    /// differentiates the same formula.
    /// </summary>
    internal bool ZonedByMasks { get; set; }

    /// <summary>
    /// (T × B × H): after Backward, the total dL/dh(t) of every step (from above and from later steps), once
    /// <see cref="RecordStepHiddenGradients"/> asked for it; empty otherwise. A diagnostic (gradient flow over time):
    /// training never asks, so its Backward neither allocates nor copies.
    /// </summary>
    public T[] StepHiddenGradients { get; private set; } = [];

    /// <summary>Makes every later Backward record dL/dh(t) of each step in <see cref="StepHiddenGradients"/> (allocates once).</summary>
    public void RecordStepHiddenGradients()
    {
        if (StepHiddenGradients.Length == 0)
            StepHiddenGradients = new T[DHiddens.Length];
    }
}
