// The slow, obvious ridge least squares that LinearForecaster's tiled accumulation and Cholesky solve are checked
// against: the augmented normal equations [1 X]ᵀ[1 X] + λ·rows·diag(0, 1, ..., 1) formed by a triple loop and solved
// by Gaussian elimination with partial pivoting.
namespace Recurrent.Tests.Forecasting;

internal static class LeastSquaresOracle
{
    /// <summary>(W (I × O) row-major, b (O)) minimising Σ‖y − b − xᵀW‖² + λ·rows·‖W‖².</summary>
    public static (double[] Weights, double[] Intercept) Fit(double[] x, double[] y, int rows, int n, int m, double ridge)
    {
        int q = n + 1; // column 0 is the intercept's
        var a = new double[q, q + m];
        for (int r = 0; r < rows; r++)
            for (int i = 0; i < q; i++)
            {
                double xi = i == 0 ? 1 : x[r * n + i - 1];
                for (int j = 0; j < q; j++)
                    a[i, j] += xi * (j == 0 ? 1 : x[r * n + j - 1]);
                for (int o = 0; o < m; o++)
                    a[i, q + o] += xi * y[r * m + o];
            }
        for (int i = 1; i < q; i++)
            a[i, i] += ridge * rows;
        for (int c = 0; c < q; c++)
        {
            int pivot = c;
            for (int r = c + 1; r < q; r++)
                if (Math.Abs(a[r, c]) > Math.Abs(a[pivot, c]))
                    pivot = r;
            for (int k = 0; k < q + m; k++)
                (a[c, k], a[pivot, k]) = (a[pivot, k], a[c, k]);
            for (int r = 0; r < q; r++)
            {
                if (r == c)
                    continue;
                double f = a[r, c] / a[c, c];
                for (int k = c; k < q + m; k++)
                    a[r, k] -= f * a[c, k];
            }
        }
        var weights = new double[n * m];
        var intercept = new double[m];
        for (int o = 0; o < m; o++)
        {
            intercept[o] = a[0, q + o] / a[0, 0];
            for (int i = 0; i < n; i++)
                weights[i * m + o] = a[i + 1, q + o] / a[i + 1, i + 1];
        }
        return (weights, intercept);
    }
}
