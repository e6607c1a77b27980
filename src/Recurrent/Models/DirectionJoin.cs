// How the two directions of a bidirectional layer meet the window: the reverse direction runs the same RecurrentLayer
// over the window's steps in reverse order, so its input projections are reversed step by step before its Forward
// and their gradients back after its Backward; the layer's output joins both directions' h at each step of the
// window, and its gradient splits the same way. Plain copies: the cell math stays in the layer.
namespace Recurrent.Models;

/// <summary>Step reversal, joining and splitting of a bidirectional layer's buffers (time-major, row t·B + b).</summary>
internal static class DirectionJoin
{
    /// <summary>
    /// A bidirectional layer's output (T·B × 2H), row t·B + b = [h_forward(t); h_reverse(t)], from the two directions'
    /// Hiddens ((T+1)·B × H each, slot s + 1 the s-th step read: t for the forward direction, T − 1 − t for the reverse).
    /// </summary>
    /// With <paramref name="lengths"/>, sequence b of length L = min(lengths[b], T) was read backwards from step L − 1:
    /// step t &lt; L is its reverse direction's step L − 1 − t, and a padded step t ≥ L its step t (whose h is 0).
    public static void Join<T>(ReadOnlySpan<T> forward, ReadOnlySpan<T> reverse, Span<T> joined, int steps, int batch, int hidden,
        int[]? lengths = null)
    {
        for (int t = 0; t < steps; t++)
            for (int b = 0; b < batch; b++)
            {
                Span<T> row = joined.Slice((t * batch + b) * 2 * hidden, 2 * hidden);
                forward.Slice(((t + 1) * batch + b) * hidden, hidden).CopyTo(row);
                reverse.Slice(((ReverseStep(t, b, steps, lengths) + 1) * batch + b) * hidden, hidden).CopyTo(row[hidden..]);
            }
    }

    /// <summary>The step of the reverse direction that reads step t of sequence b: L − 1 − t within its length L, else t.</summary>
    public static int ReverseStep(int t, int b, int steps, int[]? lengths)
    {
        int length = lengths is null ? steps : Math.Min(lengths[b], steps);
        return t < length ? length - 1 - t : t;
    }

    /// <summary>
    /// Reverses each sequence's first min(lengths[b], T) steps in place (blocks of <paramref name="width"/> values, row
    /// t·B + b), leaving its padded steps where they are: the order in which its reverse direction reads them, and back.
    /// </summary>
    public static void ReverseSequences<T>(Span<T> values, int steps, int batch, int width, int[] lengths)
    {
        for (int b = 0; b < batch; b++)
            for (int t = 0, u = Math.Min(lengths[b], steps) - 1; t < u; t++, u--)
            {
                Span<T> x = values.Slice((t * batch + b) * width, width), y = values.Slice((u * batch + b) * width, width);
                for (int i = 0; i < width; i++)
                    (x[i], y[i]) = (y[i], x[i]);
            }
    }

    /// <summary>dL/d(a bidirectional layer's output) (T·B × 2H) split into each direction's DHiddens, in the order it read the steps.</summary>
    public static void Split<T>(ReadOnlySpan<T> dJoined, Span<T> dForward, Span<T> dReverse, int steps, int batch, int hidden,
        int[]? lengths = null)
    {
        for (int t = 0; t < steps; t++)
            for (int b = 0; b < batch; b++)
            {
                ReadOnlySpan<T> row = dJoined.Slice((t * batch + b) * 2 * hidden, 2 * hidden);
                row[..hidden].CopyTo(dForward.Slice((t * batch + b) * hidden, hidden));
                row[hidden..].CopyTo(dReverse.Slice((ReverseStep(t, b, steps, lengths) * batch + b) * hidden, hidden));
            }
    }

    /// <summary>Reverses the order of <paramref name="steps"/> blocks of <paramref name="block"/> values in place (step t and T − 1 − t swap).</summary>
    public static void ReverseSteps<T>(Span<T> values, int steps, int block)
    {
        for (int t = 0, u = steps - 1; t < u; t++, u--)
        {
            Span<T> a = values.Slice(t * block, block), b = values.Slice(u * block, block);
            for (int i = 0; i < block; i++)
                (a[i], b[i]) = (b[i], a[i]);
        }
    }
}
