// The LSTM cell of the notes, in PyTorch's gate order. Per batch row the G·H = 4H gate values
// are laid out [i | f | g | o], matching the row blocks of weight_ih / weight_hh:
//   i = σ(·)  input gate        f = σ(·)  forget gate
//   g = tanh(·) candidate C~    o = σ(·)  output gate
//   C(t) = f⊙C(t-1) + i⊙g       h(t) = o⊙tanh(C(t))
// Backward recomputes tanh(C) rather than storing it: one tanh per unit is cheaper than a buffer.
using System.Numerics;
using System.Numerics.Tensors;
using Recurrent.Numerics;

namespace Recurrent.Layers;

/// <summary>The LSTM step: gates from the pre-activations, then the cell and hidden state updates.</summary>
public sealed unsafe class LstmCell<T> : RecurrentCell<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Gate block indices within a row, in PyTorch's order.</summary>
    public const int InputGate = 0, ForgetGate = 1, Candidate = 2, OutputGate = 3;

    /// <summary>4: the blocks i, f, g, o.</summary>
    public override int GateCount => 4;

    /// <summary>True: the LSTM carries the memory C besides h.</summary>
    public override bool HasCellState => true;

    /// <inheritdoc/>

    public override void Forward(Span<T> gates, ReadOnlySpan<T> recurrentGates, ReadOnlySpan<T> hPrev, ReadOnlySpan<T> cPrev,
        Span<T> c, Span<T> h, int batch, int hidden)
    {
        if (typeof(T) == typeof(float) && FusedLstmStep.IsSupported)
        {
            fixed (T* pg = gates, pcPrev = cPrev, pc = c, ph = h)
            {
                var rows = new RowBlocks { P0 = (float*)pg, P1 = (float*)pcPrev, P2 = (float*)pc, P3 = (float*)ph, Width = hidden, Kernel = &ForwardRows };
                RowBlocks.Run(ref rows, batch, GateCount * hidden);
            }
            return;
        }
        int width = 4 * hidden;
        for (int b = 0; b < batch; b++)
        {
            Span<T> row = gates.Slice(b * width, width);
            Span<T> inputAndForget = row[..(2 * hidden)];
            TensorPrimitives.Sigmoid(inputAndForget, inputAndForget);
            Span<T> candidate = row.Slice(2 * hidden, hidden);
            TensorPrimitives.Tanh(candidate, candidate);
            Span<T> output = row.Slice(3 * hidden, hidden);
            TensorPrimitives.Sigmoid(output, output);
            UpdateState(row, cPrev.Slice(b * hidden, hidden), c.Slice(b * hidden, hidden), h.Slice(b * hidden, hidden));
        }
    }

    /// <summary>
    /// C = f⊙C(t-1) + i⊙C~ and h = o⊙tanh(C), for one row of gate activations [i | f | g | o] (4H).
    /// This is the step of the notes' worked example.
    /// </summary>
    public static void UpdateState(ReadOnlySpan<T> gates, ReadOnlySpan<T> cPrev, Span<T> c, Span<T> h)
    {
        int hidden = c.Length;
        ReadOnlySpan<T> i = gates[..hidden], f = gates.Slice(hidden, hidden);
        ReadOnlySpan<T> g = gates.Slice(2 * hidden, hidden), o = gates.Slice(3 * hidden, hidden);
        for (int k = 0; k < hidden; k++)
        {
            T next = f[k] * cPrev[k] + i[k] * g[k];
            c[k] = next;
            h[k] = o[k] * T.Tanh(next);
        }
    }

    /// <inheritdoc/>
    public override void Backward(ReadOnlySpan<T> gates, ReadOnlySpan<T> recurrentGates, ReadOnlySpan<T> hPrev,
        ReadOnlySpan<T> cPrev, ReadOnlySpan<T> c, ReadOnlySpan<T> dH, Span<T> dC, Span<T> dGates, Span<T> dRecurrentGates,
        Span<T> dHPrev, int batch, int hidden)
    {
        if (typeof(T) == typeof(float) && FusedLstmStep.IsSupported)
        {
            fixed (T* pg = gates, pcPrev = cPrev, pc = c, pdH = dH, pdC = dC, pdG = dGates)
            {
                var rows = new RowBlocks
                {
                    P0 = (float*)pg, P1 = (float*)pcPrev, P2 = (float*)pc, P3 = (float*)pdH, P4 = (float*)pdC, P5 = (float*)pdG,
                    Width = hidden, Kernel = &BackwardRows,
                };
                RowBlocks.Run(ref rows, batch, GateCount * hidden);
            }
            return;
        }
        int width = 4 * hidden;
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<T> row = gates.Slice(b * width, width);
            Span<T> dRow = dGates.Slice(b * width, width);
            int s = b * hidden;
            for (int k = 0; k < hidden; k++)
            {
                T i = row[k], f = row[hidden + k], g = row[2 * hidden + k], o = row[3 * hidden + k];
                T tanhC = T.Tanh(c[s + k]);
                T dh = dH[s + k];
                // dL/dC(t): from the later steps (dC) and through h = o⊙tanh(C).
                T dCell = dC[s + k] + dh * o * (T.One - tanhC * tanhC);
                dRow[k] = dCell * g * i * (T.One - i);                       // input gate, σ' = σ(1-σ)
                dRow[hidden + k] = dCell * cPrev[s + k] * f * (T.One - f);   // forget gate
                dRow[2 * hidden + k] = dCell * i * (T.One - g * g);          // candidate, tanh' = 1 - tanh²
                dRow[3 * hidden + k] = dh * tanhC * o * (T.One - o);         // output gate
                dC[s + k] = dCell * f;                                       // on to C(t-1)
            }
        }
    }

    private static void ForwardRows(ref RowBlocks r, int start, int end) =>
        FusedLstmStep.Forward(r.P0, r.P1, r.P2, r.P3, start, end, r.Width);

    private static void BackwardRows(ref RowBlocks r, int start, int end) =>
        FusedLstmStep.Backward(r.P0, r.P1, r.P2, r.P3, r.P4, r.P5, start, end, r.Width);
}
