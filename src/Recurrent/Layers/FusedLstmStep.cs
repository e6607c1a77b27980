// LstmCell's step for float, fused: one pass over a row reads the four pre-activations of eight units,
// applies σ/tanh, updates C and h and stores the activations Backward needs, with everything in registers
// (the generic path makes five passes and calls the scalar tanh per unit). Backward likewise computes the
// four gate gradients and dL/dC(t-1) in one pass. The arithmetic is LstmCell's, formula for formula; only
// σ and tanh differ from the scalar ones, by an ulp or so (VectorActivations).
// Rows are independent, so a range of batch rows is the unit a thread takes.
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Recurrent.Numerics;

namespace Recurrent.Layers;

/// <summary>The LSTM cell's Forward and Backward on float rows [start, end), eight units per vector.</summary>
internal static unsafe class FusedLstmStep
{
    private const int W = 8;

    public static bool IsSupported => Vector256.IsHardwareAccelerated;

    /// <summary>Rows [start, end) of LstmCell.Forward: gates (B×4H) pre-activations in, activations out; C and h out.</summary>
    public static void Forward(float* gates, float* cPrev, float* c, float* h, int start, int end, int hidden)
    {
        float* tail = stackalloc float[7 * W];
        for (int b = start; b < end; b++)
        {
            float* row = gates + (nint)b * 4 * hidden;
            nint s = (nint)b * hidden;
            int k = 0;
            if (Vector512.IsHardwareAccelerated)
                for (; k + 2 * W <= hidden; k += 2 * W)
                    ForwardUnits16(row + k, hidden, cPrev + s + k, c + s + k, h + s + k);
            for (; k + W <= hidden; k += W)
                ForwardUnits(row + k, hidden, cPrev + s + k, c + s + k, h + s + k);
            if (k < hidden)
            {
                // The last units through a full-width copy, so the vector code serves them too.
                int r = hidden - k;
                new Span<float>(tail, 7 * W).Clear();
                for (int q = 0; q < 4; q++)
                    new Span<float>(row + q * hidden + k, r).CopyTo(new Span<float>(tail + q * W, r));
                new Span<float>(cPrev + s + k, r).CopyTo(new Span<float>(tail + 4 * W, r));
                ForwardUnits(tail, W, tail + 4 * W, tail + 5 * W, tail + 6 * W);
                for (int q = 0; q < 4; q++)
                    new Span<float>(tail + q * W, r).CopyTo(new Span<float>(row + q * hidden + k, r));
                new Span<float>(tail + 5 * W, r).CopyTo(new Span<float>(c + s + k, r));
                new Span<float>(tail + 6 * W, r).CopyTo(new Span<float>(h + s + k, r));
            }
        }
    }

    /// <summary>
    /// Rows [start, end) of LstmCell.Backward: gates, cPrev, c as Forward left them; dH in; dC in (from later steps) and
    /// out (to C(t-1)); dGates out.
    /// </summary>
    public static void Backward(float* gates, float* cPrev, float* c, float* dH, float* dC, float* dGates,
        int start, int end, int hidden)
    {
        float* tail = stackalloc float[12 * W];
        for (int b = start; b < end; b++)
        {
            nint g = (nint)b * 4 * hidden, s = (nint)b * hidden;
            int k = 0;
            for (; k + W <= hidden; k += W)
                BackwardUnits(gates + g + k, hidden, cPrev + s + k, c + s + k, dH + s + k, dC + s + k, dGates + g + k);
            if (k < hidden)
            {
                int r = hidden - k;
                new Span<float>(tail, 12 * W).Clear();
                for (int q = 0; q < 4; q++)
                    new Span<float>(gates + g + q * hidden + k, r).CopyTo(new Span<float>(tail + q * W, r));
                new Span<float>(cPrev + s + k, r).CopyTo(new Span<float>(tail + 4 * W, r));
                new Span<float>(c + s + k, r).CopyTo(new Span<float>(tail + 5 * W, r));
                new Span<float>(dH + s + k, r).CopyTo(new Span<float>(tail + 6 * W, r));
                new Span<float>(dC + s + k, r).CopyTo(new Span<float>(tail + 7 * W, r));
                BackwardUnits(tail, W, tail + 4 * W, tail + 5 * W, tail + 6 * W, tail + 7 * W, tail + 8 * W);
                new Span<float>(tail + 7 * W, r).CopyTo(new Span<float>(dC + s + k, r));
                for (int q = 0; q < 4; q++)
                    new Span<float>(tail + (8 + q) * W, r).CopyTo(new Span<float>(dGates + g + q * hidden + k, r));
            }
        }
    }

    /// <summary>Eight units: gate q of unit j at gates[q·stride + j].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ForwardUnits(float* gates, nint stride, float* cPrev, float* c, float* h)
    {
        Vector256<float> i = VectorActivations.Sigmoid(Vector256.Load(gates));
        Vector256<float> f = VectorActivations.Sigmoid(Vector256.Load(gates + stride));
        Vector256<float> g = VectorActivations.Tanh(Vector256.Load(gates + 2 * stride));
        Vector256<float> o = VectorActivations.Sigmoid(Vector256.Load(gates + 3 * stride));
        Vector256<float> next = f * Vector256.Load(cPrev) + i * g; // C = f⊙C(t-1) + i⊙C~
        i.Store(gates);
        f.Store(gates + stride);
        g.Store(gates + 2 * stride);
        o.Store(gates + 3 * stride);
        next.Store(c);
        (o * VectorActivations.Tanh(next)).Store(h);       // h = o⊙tanh(C)
    }

    /// <summary>Sixteen units at once, lane for lane the arithmetic of <see cref="ForwardUnits"/> (so the same bits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ForwardUnits16(float* gates, nint stride, float* cPrev, float* c, float* h)
    {
        Vector512<float> i = VectorActivations.Sigmoid(Vector512.Load(gates));
        Vector512<float> f = VectorActivations.Sigmoid(Vector512.Load(gates + stride));
        Vector512<float> g = VectorActivations.Tanh(Vector512.Load(gates + 2 * stride));
        Vector512<float> o = VectorActivations.Sigmoid(Vector512.Load(gates + 3 * stride));
        Vector512<float> next = f * Vector512.Load(cPrev) + i * g;
        i.Store(gates);
        f.Store(gates + stride);
        g.Store(gates + 2 * stride);
        o.Store(gates + 3 * stride);
        next.Store(c);
        (o * VectorActivations.Tanh(next)).Store(h);
    }

    /// <summary>Eight units of LstmCell.Backward; dGates has the layout of gates.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void BackwardUnits(float* gates, nint stride, float* cPrev, float* c, float* dH, float* dC, float* dGates)
    {
        Vector256<float> one = Vector256<float>.One;
        Vector256<float> i = Vector256.Load(gates), f = Vector256.Load(gates + stride);
        Vector256<float> g = Vector256.Load(gates + 2 * stride), o = Vector256.Load(gates + 3 * stride);
        Vector256<float> tanhC = VectorActivations.Tanh(Vector256.Load(c));
        Vector256<float> dh = Vector256.Load(dH);
        Vector256<float> dCell = Vector256.Load(dC) + dh * o * (one - tanhC * tanhC);
        (dCell * g * i * (one - i)).Store(dGates);                          // input gate, σ' = σ(1-σ)
        (dCell * Vector256.Load(cPrev) * f * (one - f)).Store(dGates + stride); // forget gate
        (dCell * i * (one - g * g)).Store(dGates + 2 * stride);             // candidate, tanh' = 1 - tanh²
        (dh * tanhC * o * (one - o)).Store(dGates + 3 * stride);            // output gate
        (dCell * f).Store(dC);                                              // on to C(t-1)
    }
}
