// nn.Linear applied to one-hot inputs, computed as what it is: a column lookup.
// W is (Out×V) as in PyTorch's weight_ih; the one-hot x = e(token) picks column `token`,
// so Y = W[:, token] + b costs Out reads instead of Out·V multiplications.
// A column of W is strided (V apart), so both directions work on Wᵀ (V×Out) in a scratch buffer: Forward
// transposes W once per window and then adds contiguous rows; Backward transposes dW, adds each row of dY
// into its token's row in order, and transposes back. Every element sees the same additions in the same
// order as the column-wise loop, so the results are the same bits, at vector speed. With fewer rows than
// V (generation reads one token at a time) the transpose would cost more than it saves: those read columns.
using System.Numerics;
using System.Numerics.Tensors;
using Recurrent.Numerics;

namespace Recurrent.Layers;

/// <summary>Y (N×Out) = onehot(tokens)·Wᵀ + b as a gather; backward scatters into the same columns.</summary>
public static class OneHotLinear
{
    /// <summary>y[r, :] = w[:, tokens[r]] + bias, for each of the N rows; y is overwritten. scratch: V·Out values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A token is outside [0, vocabulary).</exception>
    /// <exception cref="ArgumentException">A span is shorter than its shape.</exception>
    public static void Forward<T>(ReadOnlySpan<int> tokens, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, Span<T> y,
        int vocabulary, int outputs, Span<T> scratch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckTokens(tokens, vocabulary);
        CheckSizes(tokens.Length, w.Length, bias.Length, y.Length, vocabulary, outputs);
        if (tokens.Length < vocabulary)
        {
            for (int r = 0; r < tokens.Length; r++)
            {
                Span<T> row = y.Slice(r * outputs, outputs);
                for (int j = 0; j < outputs; j++)
                    row[j] = w[j * vocabulary + tokens[r]] + bias[j];
            }
            return;
        }
        Span<T> wT = scratch[..(vocabulary * outputs)];
        Transpose(w, wT, outputs, vocabulary);
        AddRows(tokens, wT, bias, y, outputs);
    }

    /// <summary>
    /// y[r, :] = wT[tokens[r], :] + bias with W already transposed (V×Out, a snapshot kept for generation): the same
    /// bits as <see cref="Forward"/>, without its per-call transpose or its strided column reads.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A token is outside [0, vocabulary).</exception>
    /// <exception cref="ArgumentException">A span is shorter than its shape.</exception>
    public static void ForwardTransposed<T>(ReadOnlySpan<int> tokens, ReadOnlySpan<T> wT, ReadOnlySpan<T> bias, Span<T> y,
        int vocabulary, int outputs) where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckTokens(tokens, vocabulary);
        CheckSizes(tokens.Length, wT.Length, bias.Length, y.Length, vocabulary, outputs);
        AddRows(tokens, wT, bias, y, outputs);
    }

    /// <summary>W (Out×V or V×Out), bias (Out) and y (N×Out) must hold their shapes: the float path writes through pointers.</summary>
    private static void CheckSizes(int rows, int weight, int bias, int y, int vocabulary, int outputs)
    {
        if (weight < (long)vocabulary * outputs || bias < outputs || y < (long)rows * outputs)
            throw new ArgumentException(
                $"Expected a weight of {vocabulary}×{outputs}, a bias of {outputs} and outputs of {rows}×{outputs} values; got {weight}, {bias} and {y}.");
    }

    private static void CheckTokens(ReadOnlySpan<int> tokens, int vocabulary)
    {
        foreach (int token in tokens)
            if ((uint)token >= (uint)vocabulary)
                throw new ArgumentOutOfRangeException(nameof(tokens), $"Token {token} is outside the vocabulary of {vocabulary}.");
    }

    /// <summary>y[r, :] = wT[tokens[r], :] + bias; float rows are split between threads (each row the same bits).</summary>
    private static unsafe void AddRows<T>(ReadOnlySpan<int> tokens, ReadOnlySpan<T> wT, ReadOnlySpan<T> bias, Span<T> y, int outputs)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) != typeof(float))
        {
            for (int r = 0; r < tokens.Length; r++)
                TensorPrimitives.Add(wT.Slice(tokens[r] * outputs, outputs), bias[..outputs], y.Slice(r * outputs, outputs));
            return;
        }
        fixed (int* pTokens = tokens)
        fixed (T* pWT = wT, pBias = bias, pY = y)
        {
            var job = new RowBlocks
            {
                P0 = (float*)pWT, P1 = (float*)pBias, P2 = (float*)pY, Indices = pTokens, Width = outputs, Kernel = &AddRowsBlock,
            };
            RowBlocks.Run(ref job, tokens.Length, outputs);
        }
    }

    private static unsafe void AddRowsBlock(ref RowBlocks r, int start, int end)
    {
        int width = r.Width;
        for (int i = start; i < end; i++)
            TensorPrimitives.Add(new ReadOnlySpan<float>(r.P0 + (nint)r.Indices[i] * width, width), new ReadOnlySpan<float>(r.P1, width),
                new Span<float>(r.P2 + (nint)i * width, width));
    }

    /// <summary>
    /// y row r (Out) = W[:, tokens[r]] + bias with W quantized: the token's column written onto the bias in one pass
    /// (<see cref="QuantizedWeight.AddColumn(int, ReadOnlySpan{float}, Span{float})"/>); y is overwritten.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A token is outside [0, V).</exception>
    public static void Forward(ReadOnlySpan<int> tokens, QuantizedWeight w, ReadOnlySpan<float> bias, Span<float> y)
    {
        int outputs = w.Rows;
        for (int r = 0; r < tokens.Length; r++)
            w.AddColumn(tokens[r], bias, y.Slice(r * outputs, outputs));
    }

    /// <summary>dW[:, tokens[r]] += dY[r, :] (rows in order) and dBias += Σ rows of dY. scratch: V·Out values.</summary>
    public static void Backward<T>(ReadOnlySpan<int> tokens, ReadOnlySpan<T> dY, Span<T> dW, Span<T> dBias,
        int vocabulary, int outputs, Span<T> scratch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (tokens.Length < vocabulary)
        {
            for (int r = 0; r < tokens.Length; r++)
            {
                ReadOnlySpan<T> row = dY.Slice(r * outputs, outputs);
                for (int j = 0; j < outputs; j++)
                    dW[j * vocabulary + tokens[r]] += row[j];
            }
        }
        else
        {
            Span<T> dWT = scratch[..(vocabulary * outputs)];
            Transpose(dW, dWT, outputs, vocabulary);
            for (int r = 0; r < tokens.Length; r++)
            {
                Span<T> target = dWT.Slice(tokens[r] * outputs, outputs);
                TensorPrimitives.Add(target, dY.Slice(r * outputs, outputs), target);
            }
            Transpose(dWT, dW, vocabulary, outputs);
        }
        MatMul.AddColumnSums(dY, dBias, tokens.Length, outputs);
    }

    /// <summary>destination (cols×rows) = sourceᵀ, source (rows×cols); exact copies.</summary>
    internal static void Transpose<T>(ReadOnlySpan<T> source, Span<T> destination, int rows, int cols)
    {
        for (int i = 0; i < rows; i++)
        {
            ReadOnlySpan<T> row = source.Slice(i * cols, cols);
            for (int j = 0; j < cols; j++)
                destination[j * rows + i] = row[j];
        }
    }
}
