// How a head that reads one summary per sequence (Readout.FinalStates, MeanOverSteps, MaxOverSteps) gets it from the
// top layer's output (T·B × D·H, row t·B + b, padded steps 0) and sends its gradient back. Each sequence is read over
// its own valid steps, min(lengths[b], T) (all T without lengths), so its summary never depends on its padding.
// The final states are plain copies; the mean spreads the gradient evenly over the valid steps; the maximum remembers
// which step gave each element (the first on ties) and routes the whole gradient there, as torch.max(dim) does.
using System.Numerics;

namespace Recurrent.Models;

/// <summary>Forward and backward of the per-sequence summaries a classifier's head reads.</summary>
internal static class SequencePooling
{
    /// <summary>
    /// Writes sequence b's summary into row b of <paramref name="pooled"/> (B × D·H); for the maximum, the step of each
    /// element into <paramref name="argMax"/> (B × D·H).
    /// </summary>
    public static void Forward<T>(Readout readout, ReadOnlySpan<T> output, Span<T> pooled, Span<int> argMax, int steps, int batch,
        int hidden, int directions, int[]? lengths) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = directions * hidden;
        for (int b = 0; b < batch; b++)
        {
            int length = Length(lengths, b, steps);
            Span<T> row = pooled.Slice(b * width, width);
            switch (readout)
            {
                case Readout.FinalStates:
                    output.Slice(Row(length - 1, b, batch, width), hidden).CopyTo(row);
                    if (directions == 2) // the reverse direction ends at step 0
                        output.Slice(Row(0, b, batch, width) + hidden, hidden).CopyTo(row[hidden..]);
                    break;
                case Readout.MeanOverSteps:
                    row.Clear();
                    for (int t = 0; t < length; t++)
                    {
                        ReadOnlySpan<T> step = output.Slice(Row(t, b, batch, width), width);
                        for (int i = 0; i < width; i++)
                            row[i] += step[i];
                    }
                    T scale = T.One / T.CreateChecked(length);
                    for (int i = 0; i < width; i++)
                        row[i] *= scale;
                    break;
                case Readout.MaxOverSteps:
                    Span<int> from = argMax.Slice(b * width, width);
                    output.Slice(Row(0, b, batch, width), width).CopyTo(row);
                    from.Clear();
                    for (int t = 1; t < length; t++)
                    {
                        ReadOnlySpan<T> step = output.Slice(Row(t, b, batch, width), width);
                        for (int i = 0; i < width; i++)
                            if (step[i] > row[i])
                            {
                                row[i] = step[i];
                                from[i] = t;
                            }
                    }
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(readout), readout, "Not a pooled readout.");
            }
        }
    }

    /// <summary>
    /// Adds dL/d(row b of the summaries) into dL/d(the steps it came from) in <paramref name="dOutput"/> (T·B × D·H,
    /// cleared by the caller).
    /// </summary>
    public static void Backward<T>(Readout readout, ReadOnlySpan<T> dPooled, ReadOnlySpan<int> argMax, Span<T> dOutput, int steps,
        int batch, int hidden, int directions, int[]? lengths) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int width = directions * hidden;
        for (int b = 0; b < batch; b++)
        {
            int length = Length(lengths, b, steps);
            ReadOnlySpan<T> row = dPooled.Slice(b * width, width);
            switch (readout)
            {
                case Readout.FinalStates:
                    Add(row[..hidden], dOutput.Slice(Row(length - 1, b, batch, width), hidden));
                    if (directions == 2)
                        Add(row[hidden..], dOutput.Slice(Row(0, b, batch, width) + hidden, hidden));
                    break;
                case Readout.MeanOverSteps:
                    T scale = T.One / T.CreateChecked(length);
                    for (int t = 0; t < length; t++)
                    {
                        Span<T> step = dOutput.Slice(Row(t, b, batch, width), width);
                        for (int i = 0; i < width; i++)
                            step[i] += row[i] * scale;
                    }
                    break;
                case Readout.MaxOverSteps:
                    ReadOnlySpan<int> from = argMax.Slice(b * width, width);
                    for (int i = 0; i < width; i++)
                        dOutput[Row(from[i], b, batch, width) + i] += row[i];
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(readout), readout, "Not a pooled readout.");
            }
        }
    }

    /// <summary>Whether a head on <paramref name="readout"/> reads a summary of every sequence.</summary>
    public static bool Pools(Readout readout) => readout is Readout.FinalStates or Readout.MeanOverSteps or Readout.MaxOverSteps;

    private static int Length(int[]? lengths, int b, int steps) => lengths is null ? steps : Math.Min(lengths[b], steps);

    private static int Row(int t, int b, int batch, int width) => (t * batch + b) * width;

    private static void Add<T>(ReadOnlySpan<T> from, Span<T> into) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < from.Length; i++)
            into[i] += from[i];
    }
}
