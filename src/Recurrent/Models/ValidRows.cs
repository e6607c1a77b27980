// The rows of a head at every step that a window of sequences of several lengths really has: step t of sequence b
// for t < min(lengths[b], T), in time-major order (row t·B + b), as a mask over out of shape (T, B) selects them in
// PyTorch. The loss is the mean over these rows only; padded rows get a zero gradient. Compact copies of the outputs,
// targets and their gradients, made on the first window with lengths and kept (the steps after allocate nothing).
using System.Numerics;

namespace Recurrent.Models;

/// <summary>Compact outputs, targets, probabilities and gradients of the valid rows of a head at every step.</summary>
internal sealed class ValidRows<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public ValidRows(int maxRows, int outputs, bool classes)
    {
        Outputs = new T[maxRows * outputs];
        DOutputs = new T[maxRows * outputs];
        Probabilities = classes ? new T[maxRows * outputs] : [];
        Targets = classes ? new int[maxRows] : [];
        TargetValues = classes ? [] : new T[maxRows * outputs];
    }

    /// <summary>The valid rows of the last <see cref="Gather"/>.</summary>
    public int Count { get; private set; }

    public T[] Outputs { get; }

    public T[] DOutputs { get; }

    public T[] Probabilities { get; }

    public int[] Targets { get; }

    public T[] TargetValues { get; }

    /// <summary>Copies the valid rows of the head's outputs and targets (O values a row) into the compact buffers.</summary>
    public void Gather(ModelWorkspace<T> ws, int[] lengths)
    {
        int outputs = ws.OutputSize, steps = ws.Steps, batch = ws.Batch, n = 0;
        bool classes = Targets.Length > 0;
        for (int t = 0; t < steps; t++)
            for (int b = 0; b < batch; b++)
            {
                if (t >= lengths[b])
                    continue;
                int row = t * batch + b;
                ws.Outputs.AsSpan(row * outputs, outputs).CopyTo(Outputs.AsSpan(n * outputs, outputs));
                if (classes)
                    Targets[n] = ws.Targets[row];
                else
                    ws.TargetValues.AsSpan(row * outputs, outputs).CopyTo(TargetValues.AsSpan(n * outputs, outputs));
                n++;
            }
        Count = n;
    }

    /// <summary>Writes compact rows back to their rows of <paramref name="full"/> (T·B × O) and zeroes the padded rows.</summary>
    public void Scatter(ReadOnlySpan<T> compact, Span<T> full, ModelWorkspace<T> ws, int[] lengths)
    {
        int outputs = ws.OutputSize, steps = ws.Steps, batch = ws.Batch, n = 0;
        for (int t = 0; t < steps; t++)
            for (int b = 0; b < batch; b++)
            {
                Span<T> row = full.Slice((t * batch + b) * outputs, outputs);
                if (t >= lengths[b])
                    row.Clear();
                else
                    compact.Slice(n++ * outputs, outputs).CopyTo(row);
            }
    }
}
