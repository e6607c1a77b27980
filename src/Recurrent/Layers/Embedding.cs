// A learned table of token vectors, as torch.nn.Embedding: row `token` of E (V × D) is the token's vector.
// Backward adds each row's gradient into the row of its token.
using System.Numerics;

namespace Recurrent.Layers;

/// <summary>Y (N×D) = E[tokens]; dE[tokens[r]] += dY[r].</summary>
public static class Embedding
{
    /// <summary>y[r, :] = table[tokens[r], :]; y is overwritten.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A token is outside the table.</exception>
    public static void Forward<T>(ReadOnlySpan<int> tokens, ReadOnlySpan<T> table, Span<T> y, int width)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rowsInTable = table.Length / width;
        for (int r = 0; r < tokens.Length; r++)
        {
            int token = tokens[r];
            if ((uint)token >= (uint)rowsInTable)
                throw new ArgumentOutOfRangeException(nameof(tokens), $"Token {token} is outside the embedding table of {rowsInTable}.");
            table.Slice(token * width, width).CopyTo(y.Slice(r * width, width));
        }
    }

    /// <summary>y[r, :] = table[tokens[r], :] with the table quantized (one scale per token); y is overwritten.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A token is outside [0, V).</exception>
    public static void Forward(ReadOnlySpan<int> tokens, Recurrent.Numerics.QuantizedWeight table, Span<float> y)
    {
        int width = table.Columns;
        for (int r = 0; r < tokens.Length; r++)
            table.CopyRow(tokens[r], y.Slice(r * width, width));
    }

    /// <summary>dTable[tokens[r], :] += dY[r, :] for every row r.</summary>
    public static void Backward<T>(ReadOnlySpan<int> tokens, ReadOnlySpan<T> dY, Span<T> dTable, int width)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < tokens.Length; r++)
        {
            Span<T> row = dTable.Slice(tokens[r] * width, width);
            for (int j = 0; j < width; j++)
                row[j] += dY[r * width + j];
        }
    }
}
