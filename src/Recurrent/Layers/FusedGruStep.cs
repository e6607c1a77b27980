// GruCell's step for float, fused: one pass over a row computes r, z, n and h(t) for eight units with the
// input and recurrent parts in registers, and Backward the six gate gradients and the direct path to
// h(t-1) likewise. Formula for formula GruCell's; σ and tanh are VectorActivations'.
// Rows are independent, so a range of batch rows is the unit a thread takes.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Recurrent.Numerics;

namespace Recurrent.Layers;

/// <summary>The GRU cell's Forward and Backward on float rows [start, end), eight units per vector.</summary>
internal static unsafe class FusedGruStep
{
    private const int W = 8;

    public static bool IsSupported => Vector256.IsHardwareAccelerated;

    /// <summary>Rows [start, end) of GruCell.Forward: gates (B×3H) input parts in, [r | z | n] out; h out.</summary>
    public static void Forward(float* gates, float* recurrent, float* hPrev, float* h, int start, int end, int hidden)
    {
        float* tail = stackalloc float[8 * W];
        for (int b = start; b < end; b++)
        {
            nint g = (nint)b * 3 * hidden, s = (nint)b * hidden;
            int k = 0;
            for (; k + W <= hidden; k += W)
                ForwardUnits(gates + g + k, recurrent + g + k, hidden, hPrev + s + k, h + s + k);
            if (k < hidden)
            {
                // The last units through a full-width copy, so the vector code serves them too.
                int r = hidden - k;
                new Span<float>(tail, 8 * W).Clear();
                for (int q = 0; q < 3; q++)
                {
                    new Span<float>(gates + g + q * hidden + k, r).CopyTo(new Span<float>(tail + q * W, r));
                    new Span<float>(recurrent + g + q * hidden + k, r).CopyTo(new Span<float>(tail + (3 + q) * W, r));
                }
                new Span<float>(hPrev + s + k, r).CopyTo(new Span<float>(tail + 6 * W, r));
                ForwardUnits(tail, tail + 3 * W, W, tail + 6 * W, tail + 7 * W);
                for (int q = 0; q < 3; q++)
                    new Span<float>(tail + q * W, r).CopyTo(new Span<float>(gates + g + q * hidden + k, r));
                new Span<float>(tail + 7 * W, r).CopyTo(new Span<float>(h + s + k, r));
            }
        }
    }

    /// <summary>
    /// Rows [start, end) of GruCell.Backward: gates and recurrent as Forward left them; dH in; dGates and dRecurrent
    /// out; dHPrev added to.
    /// </summary>
    public static void Backward(float* gates, float* recurrent, float* hPrev, float* dH, float* dGates, float* dRecurrent,
        float* dHPrev, int start, int end, int hidden)
    {
        float* tail = stackalloc float[16 * W];
        for (int b = start; b < end; b++)
        {
            nint g = (nint)b * 3 * hidden, s = (nint)b * hidden;
            int k = 0;
            for (; k + W <= hidden; k += W)
                BackwardUnits(gates + g + k, recurrent + g + k, hidden, hPrev + s + k, dH + s + k,
                    dGates + g + k, dRecurrent + g + k, dHPrev + s + k);
            if (k < hidden)
            {
                int r = hidden - k;
                new Span<float>(tail, 16 * W).Clear();
                for (int q = 0; q < 3; q++)
                {
                    new Span<float>(gates + g + q * hidden + k, r).CopyTo(new Span<float>(tail + q * W, r));
                    new Span<float>(recurrent + g + q * hidden + k, r).CopyTo(new Span<float>(tail + (3 + q) * W, r));
                }
                new Span<float>(hPrev + s + k, r).CopyTo(new Span<float>(tail + 6 * W, r));
                new Span<float>(dH + s + k, r).CopyTo(new Span<float>(tail + 7 * W, r));
                new Span<float>(dHPrev + s + k, r).CopyTo(new Span<float>(tail + 8 * W, r));
                BackwardUnits(tail, tail + 3 * W, W, tail + 6 * W, tail + 7 * W, tail + 9 * W, tail + 12 * W, tail + 8 * W);
                for (int q = 0; q < 3; q++)
                {
                    new Span<float>(tail + (9 + q) * W, r).CopyTo(new Span<float>(dGates + g + q * hidden + k, r));
                    new Span<float>(tail + (12 + q) * W, r).CopyTo(new Span<float>(dRecurrent + g + q * hidden + k, r));
                }
                new Span<float>(tail + 8 * W, r).CopyTo(new Span<float>(dHPrev + s + k, r));
            }
        }
    }

    /// <summary>Eight units: block q of unit j at gates[q·stride + j] and recurrent[q·stride + j].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ForwardUnits(float* gates, float* recurrent, nint stride, float* hPrev, float* h)
    {
        Vector256<float> r = VectorActivations.Sigmoid(Vector256.Load(gates) + Vector256.Load(recurrent));
        Vector256<float> z = VectorActivations.Sigmoid(Vector256.Load(gates + stride) + Vector256.Load(recurrent + stride));
        // n = tanh(x_n + r⊙h_n): b_hn is inside h_n, so inside the reset product, as in torch.nn.GRU
        Vector256<float> n = VectorActivations.Tanh(Vector256.Load(gates + 2 * stride) + r * Vector256.Load(recurrent + 2 * stride));
        r.Store(gates);
        z.Store(gates + stride);
        n.Store(gates + 2 * stride);
        ((Vector256<float>.One - z) * n + z * Vector256.Load(hPrev)).Store(h); // h = (1-z)⊙n + z⊙h(t-1)
    }

    /// <summary>Eight units of GruCell.Backward; dGates and dRecurrent have the layout of gates.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void BackwardUnits(float* gates, float* recurrent, nint stride, float* hPrev, float* dH,
        float* dGates, float* dRecurrent, float* dHPrev)
    {
        Vector256<float> one = Vector256<float>.One;
        Vector256<float> r = Vector256.Load(gates), z = Vector256.Load(gates + stride), n = Vector256.Load(gates + 2 * stride);
        Vector256<float> dh = Vector256.Load(dH);
        Vector256<float> dN = dh * (one - z) * (one - n * n);                           // through n, tanh' = 1 - n²
        Vector256<float> dZ = dh * (Vector256.Load(hPrev) - n) * z * (one - z);        // through z, σ' = z(1-z)
        Vector256<float> dR = dN * Vector256.Load(recurrent + 2 * stride) * r * (one - r); // r scales h_n
        dR.Store(dGates);
        dZ.Store(dGates + stride);
        dN.Store(dGates + 2 * stride);
        dR.Store(dRecurrent);
        dZ.Store(dRecurrent + stride);
        (dN * r).Store(dRecurrent + 2 * stride);
        (Vector256.Load(dHPrev) + dh * z).Store(dHPrev);                               // the direct path z⊙h(t-1)
    }
}
