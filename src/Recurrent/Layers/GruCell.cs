// The GRU cell in PyTorch's form and gate order. Per batch row the 3H gate values are [r | z | n]:
//   r = σ(x_r + h_r)                 reset gate       (x_· = W_i·x + b_i·, the input part)
//   z = σ(x_z + h_z)                 update gate      (h_· = W_h·h(t-1) + b_h·, the recurrent part)
//   n = tanh(x_n + r⊙h_n)            candidate: b_hn sits inside the reset product, as in torch.nn.GRU
//   h(t) = (1 - z)⊙n + z⊙h(t-1)
// The recurrent part arrives apart from the input part because r scales only h_n; Backward reads
// h_n back from the saved recurrent gates and hands the two parts' gradients out separately.
using System.Numerics;
using System.Numerics.Tensors;
using Recurrent.Numerics;

namespace Recurrent.Layers;

/// <summary>The GRU step: reset and update gates, the candidate, and the interpolated new hidden state.</summary>
public sealed unsafe class GruCell<T> : RecurrentCell<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Gate block indices within a row, in PyTorch's order.</summary>
    public const int ResetGate = 0, UpdateGate = 1, Candidate = 2;

    /// <summary>3: the blocks r, z, n.</summary>
    public override int GateCount => 3;

    /// <summary>False: the GRU's state is h alone.</summary>
    public override bool HasCellState => false;

    /// <summary>True: r scales only the recurrent part h_n of the candidate, so it arrives apart from the input part.</summary>
    public override bool SeparatesRecurrentGates => true;

    /// <inheritdoc/>

    public override void Forward(Span<T> gates, ReadOnlySpan<T> recurrentGates, ReadOnlySpan<T> hPrev, ReadOnlySpan<T> cPrev,
        Span<T> c, Span<T> h, int batch, int hidden)
    {
        if (typeof(T) == typeof(float) && FusedGruStep.IsSupported)
        {
            fixed (T* pg = gates, pr = recurrentGates, phPrev = hPrev, ph = h)
            {
                var rows = new RowBlocks { P0 = (float*)pg, P1 = (float*)pr, P2 = (float*)phPrev, P3 = (float*)ph, Width = hidden, Kernel = &ForwardRows };
                RowBlocks.Run(ref rows, batch, GateCount * hidden);
            }
            return;
        }
        int width = 3 * hidden;
        for (int b = 0; b < batch; b++)
        {
            Span<T> row = gates.Slice(b * width, width);
            ReadOnlySpan<T> recurrent = recurrentGates.Slice(b * width, width);
            Span<T> resetAndUpdate = row[..(2 * hidden)];
            TensorPrimitives.Add(resetAndUpdate, recurrent[..(2 * hidden)], resetAndUpdate);
            TensorPrimitives.Sigmoid(resetAndUpdate, resetAndUpdate);
            Span<T> candidate = row.Slice(2 * hidden, hidden);
            ReadOnlySpan<T> reset = row[..hidden], update = row.Slice(hidden, hidden);
            ReadOnlySpan<T> hiddenCandidate = recurrent.Slice(2 * hidden, hidden);
            ReadOnlySpan<T> previous = hPrev.Slice(b * hidden, hidden);
            Span<T> next = h.Slice(b * hidden, hidden);
            for (int k = 0; k < hidden; k++)
            {
                T n = T.Tanh(candidate[k] + reset[k] * hiddenCandidate[k]);
                candidate[k] = n;
                next[k] = (T.One - update[k]) * n + update[k] * previous[k];
            }
        }
    }

    /// <inheritdoc/>
    public override void Backward(ReadOnlySpan<T> gates, ReadOnlySpan<T> recurrentGates, ReadOnlySpan<T> hPrev,
        ReadOnlySpan<T> cPrev, ReadOnlySpan<T> c, ReadOnlySpan<T> dH, Span<T> dC, Span<T> dGates, Span<T> dRecurrentGates,
        Span<T> dHPrev, int batch, int hidden)
    {
        if (typeof(T) == typeof(float) && FusedGruStep.IsSupported)
        {
            fixed (T* pg = gates, pr = recurrentGates, phPrev = hPrev, pdH = dH, pdG = dGates, pdR = dRecurrentGates, pdHPrev = dHPrev)
            {
                var rows = new RowBlocks
                {
                    P0 = (float*)pg, P1 = (float*)pr, P2 = (float*)phPrev, P3 = (float*)pdH, P4 = (float*)pdG, P5 = (float*)pdR,
                    P6 = (float*)pdHPrev, Width = hidden, Kernel = &BackwardRows,
                };
                RowBlocks.Run(ref rows, batch, GateCount * hidden);
            }
            return;
        }
        int width = 3 * hidden;
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<T> row = gates.Slice(b * width, width);
            ReadOnlySpan<T> recurrent = recurrentGates.Slice(b * width, width);
            Span<T> dRow = dGates.Slice(b * width, width), dRecurrent = dRecurrentGates.Slice(b * width, width);
            int s = b * hidden;
            for (int k = 0; k < hidden; k++)
            {
                T r = row[k], z = row[hidden + k], n = row[2 * hidden + k];
                T dh = dH[s + k];
                T dN = dh * (T.One - z) * (T.One - n * n);                 // through n, tanh' = 1 - n²
                T dZ = dh * (hPrev[s + k] - n) * z * (T.One - z);          // through z, σ' = z(1-z)
                T dR = dN * recurrent[2 * hidden + k] * r * (T.One - r);   // r scales h_n
                dRow[k] = dR;
                dRow[hidden + k] = dZ;
                dRow[2 * hidden + k] = dN;
                dRecurrent[k] = dR;
                dRecurrent[hidden + k] = dZ;
                dRecurrent[2 * hidden + k] = dN * r;
                dHPrev[s + k] += dh * z;                                   // the direct path z⊙h(t-1)
            }
        }
    }

    private static void ForwardRows(ref RowBlocks r, int start, int end) =>
        FusedGruStep.Forward(r.P0, r.P1, r.P2, r.P3, start, end, r.Width);

    private static void BackwardRows(ref RowBlocks r, int start, int end) =>
        FusedGruStep.Backward(r.P0, r.P1, r.P2, r.P3, r.P4, r.P5, r.P6, start, end, r.Width);
}
