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
    public static void Join<T>(ReadOnlySpan<T> forward, ReadOnlySpan<T> reverse, Span<T> joined, int steps, int batch, int hidden)
    {
        for (int t = 0; t < steps; t++)
            for (int b = 0; b < batch; b++)
            {
                Span<T> row = joined.Slice((t * batch + b) * 2 * hidden, 2 * hidden);
                forward.Slice(((t + 1) * batch + b) * hidden, hidden).CopyTo(row);
                reverse.Slice(((steps - t) * batch + b) * hidden, hidden).CopyTo(row[hidden..]);
            }
    }

    /// <summary>dL/d(a bidirectional layer's output) (T·B × 2H) split into each direction's DHiddens, in the order it read the steps.</summary>
    public static void Split<T>(ReadOnlySpan<T> dJoined, Span<T> dForward, Span<T> dReverse, int steps, int batch, int hidden)
    {
        for (int t = 0; t < steps; t++)
            for (int b = 0; b < batch; b++)
            {
                ReadOnlySpan<T> row = dJoined.Slice((t * batch + b) * 2 * hidden, 2 * hidden);
                row[..hidden].CopyTo(dForward.Slice((t * batch + b) * hidden, hidden));
                row[hidden..].CopyTo(dReverse.Slice(((steps - 1 - t) * batch + b) * hidden, hidden));
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
