// nn.Linear applied to one-hot inputs, computed as what it is: a column lookup.
// W is (Out×V) as in PyTorch's weight_ih; the one-hot x = e(token) picks column `token`,
// so Y = W[:, token] + b costs Out reads instead of Out·V multiplications.
using System.Numerics;
using Recurrent.Numerics;

namespace Recurrent.Layers;

/// <summary>Y (N×Out) = onehot(tokens)·Wᵀ + b as a gather; backward scatters into the same columns.</summary>
public static class OneHotLinear
{
    /// <summary>y[r, :] = w[:, tokens[r]] + bias, for each of the N rows; y is overwritten.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A token is outside [0, vocabulary).</exception>
    public static void Forward<T>(ReadOnlySpan<int> tokens, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, Span<T> y,
        int vocabulary, int outputs) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < tokens.Length; r++)
        {
            int token = tokens[r];
            if ((uint)token >= (uint)vocabulary)
                throw new ArgumentOutOfRangeException(nameof(tokens), $"Token {token} is outside the vocabulary of {vocabulary}.");
            Span<T> row = y.Slice(r * outputs, outputs);
            for (int j = 0; j < outputs; j++)
                row[j] = w[j * vocabulary + token] + bias[j];
        }
    }

    /// <summary>dW[:, tokens[r]] += dY[r, :] and dBias += Σ rows of dY.</summary>
    public static void Backward<T>(ReadOnlySpan<int> tokens, ReadOnlySpan<T> dY, Span<T> dW, Span<T> dBias,
        int vocabulary, int outputs) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int r = 0; r < tokens.Length; r++)
        {
            int token = tokens[r];
            ReadOnlySpan<T> row = dY.Slice(r * outputs, outputs);
            for (int j = 0; j < outputs; j++)
                dW[j * vocabulary + token] += row[j];
        }
        MatMul.AddColumnSums(dY, dBias, tokens.Length, outputs);
    }
}
