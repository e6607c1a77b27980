// The two numeric steps of a ridge least-squares fit, on one augmented matrix G = [XcᵀXc + λ·rows·I | XcᵀYc]
// (I × (I + O), row-major, upper triangle of the left block only), where Xc and Yc are the centered inputs and targets.
// Accumulate builds G a block of rows at a time, in column tiles that keep the tile of G and the block's columns in
// cache, by vectorised row updates (TensorPrimitives.MultiplyAdd, in place: the documented exact overlap); Solve factors
// the left block as UᵀU (Cholesky, right-looking, row-contiguous), which carries the right block along as the forward
// substitution, then substitutes back. Each entry of G is summed by one loop in a fixed order: results do not depend on
// alignment or threads. Internal: LinearForecaster is its one user.
using System.Numerics.Tensors;

namespace Recurrent.Forecasting;

/// <summary>Forms and solves (XcᵀXc + λ·rows·I) W = XcᵀYc in double.</summary>
internal static class NormalEquations
{
    private const int BlockRows = 128;  // rows of [Xc | Yc] centered at a time
    private const int TileColumns = 256; // columns of G updated together: one tile row stays in L1, the block's tile in L2

    /// <summary>
    /// G[i, j] = Σ_r z[r, i]·z[r, j] for i &lt; I and i ≤ j &lt; I + O, where z[r] = [x[r] − <paramref name="meanX"/>,
    /// y[r] − <paramref name="meanY"/>]. Entries below the diagonal of the left block are left 0.
    /// </summary>
    /// <returns>G, (I × (I + O)) row-major.</returns>
    public static double[] Accumulate(ReadOnlySpan<double> inputs, ReadOnlySpan<double> targets, int rows,
        ReadOnlySpan<double> meanX, ReadOnlySpan<double> meanY)
    {
        int n = meanX.Length, m = meanY.Length, p = n + m;
        var gram = new double[(long)n * p];
        var block = new double[(long)Math.Min(rows, BlockRows) * p]; // (R × (I + O)) centered rows
        for (int first = 0; first < rows; first += BlockRows)
        {
            int count = Math.Min(BlockRows, rows - first);
            for (int r = 0; r < count; r++)
            {
                Span<double> z = block.AsSpan(r * p, p);
                TensorPrimitives.Subtract(inputs.Slice((first + r) * n, n), meanX, z[..n]);
                TensorPrimitives.Subtract(targets.Slice((first + r) * m, m), meanY, z[n..]);
            }
            for (int j0 = 0; j0 < p; j0 += TileColumns)
            {
                int j1 = Math.Min(j0 + TileColumns, p);
                for (int i = 0; i < Math.Min(j1, n); i++)
                {
                    int start = Math.Max(j0, i), width = j1 - start;
                    Span<double> tile = gram.AsSpan(i * p + start, width);
                    for (int r = 0; r < count; r++)
                    {
                        double zi = block[r * p + i];
                        if (zi != 0)
                            TensorPrimitives.MultiplyAdd(block.AsSpan(r * p + start, width), zi, tile, tile);
                    }
                }
            }
        }
        return gram;
    }

    /// <summary>
    /// Solves A W = B in place, where A (I × I, symmetric positive definite) is the upper triangle of the left block
    /// of <paramref name="gram"/> and B (I × O) its right block: A = UᵀU, then Uᵀ Z = B, then U W = Z.
    /// </summary>
    /// <returns>
    /// W, (I × O) row-major; null when A is singular within rounding, with <paramref name="singularColumn"/> the
    /// first column whose pivot vanished (−1 otherwise).
    /// </returns>
    public static double[]? Solve(double[] gram, int n, int m, out int singularColumn)
    {
        int p = n + m;
        singularColumn = -1;
        // A pivot this small against its diagonal means column i is, within rounding, a combination of those before it.
        var diagonal = new double[n];
        for (int i = 0; i < n; i++)
            diagonal[i] = gram[i * p + i];
        for (int i = 0; i < n; i++)
        {
            double pivot = gram[i * p + i];
            if (!(pivot > 1e-12 * diagonal[i]) || !double.IsFinite(pivot))
            {
                singularColumn = i;
                return null;
            }
            double u = Math.Sqrt(pivot);
            gram[i * p + i] = u;
            Span<double> row = gram.AsSpan(i * p + i + 1, p - i - 1);
            TensorPrimitives.Divide(row, u, row);
            for (int j = i + 1; j < n; j++)
            {
                double a = gram[i * p + j];
                if (a == 0)
                    continue;
                Span<double> target = gram.AsSpan(j * p + j, p - j);
                TensorPrimitives.MultiplyAdd(gram.AsSpan(i * p + j, p - j), -a, target, target);
            }
        }
        var weights = new double[(long)n * m];
        for (int i = n - 1; i >= 0; i--)
        {
            Span<double> w = weights.AsSpan(i * m, m);
            gram.AsSpan(i * p + n, m).CopyTo(w);
            for (int k = i + 1; k < n; k++)
            {
                double u = gram[i * p + k];
                if (u != 0)
                    TensorPrimitives.MultiplyAdd(weights.AsSpan(k * m, m), -u, w, w);
            }
            TensorPrimitives.Divide(w, gram[i * p + i], w);
        }
        return weights;
    }
}
