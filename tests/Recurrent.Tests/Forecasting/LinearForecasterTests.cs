// The ridge least-squares baseline: an exact linear map recovered from noise-free data, agreement with the plain
// normal equations on sizes that cross the accumulation's row blocks and column tiles, shrinkage, and refusals.
using Recurrent.Forecasting;

namespace Recurrent.Tests.Forecasting;

public sealed class LinearForecasterTests
{
    private static double[] Uniform(Random rng, int count) =>
        Enumerable.Range(0, count).Select(_ => rng.NextDouble() * 4 - 2).ToArray();

    [Fact]
    public void Recovers_an_exact_linear_map_with_two_outputs_and_an_intercept()
    {
        const int rows = 20, n = 3, m = 2;
        double[] w = [1, -2, 0.5, 3, -1.5, 0.25]; // (3 × 2)
        double[] b = [4, -1];
        var x = Uniform(new Random(7), rows * n);
        var y = new double[rows * m];
        for (int r = 0; r < rows; r++)
            for (int o = 0; o < m; o++)
                y[r * m + o] = b[o] + x[r * n] * w[o] + x[r * n + 1] * w[m + o] + x[r * n + 2] * w[2 * m + o];

        var model = LinearForecaster.Fit(x, y, rows, n, m, ridge: 0);
        Assert.Equal((n, m), (model.InputSize, model.OutputSize));
        for (int k = 0; k < w.Length; k++)
            Assert.Equal(w[k], model.Weights[k], 1e-9);
        for (int o = 0; o < m; o++)
            Assert.Equal(b[o], model.Intercept[o], 1e-9);

        var output = new double[m];
        model.Predict([1, 2, 3], output);
        Assert.Equal(4 + 1 + 1 - 4.5, output[0], 1e-9);
        Assert.Equal(-1 - 2 + 6 + 0.75, output[1], 1e-9);
    }

    [Theory]
    [InlineData(1, 1, 1, 0.5)]
    [InlineData(5, 3, 2, 0.0)]
    [InlineData(300, 270, 3, 0.01)] // rows over one block of 128, I + O over one tile of 256
    [InlineData(260, 7, 300, 0.0)]  // the targets alone span two tiles
    public void Agrees_with_the_plain_normal_equations(int rows, int n, int m, double ridge)
    {
        var rng = new Random(rows * 31 + n);
        var x = Uniform(rng, rows * n);
        var y = Uniform(rng, rows * m);
        var model = LinearForecaster.Fit(x, y, rows, n, m, ridge);
        var (w, b) = LeastSquaresOracle.Fit(x, y, rows, n, m, ridge);
        for (int k = 0; k < w.Length; k++)
            Assert.Equal(w[k], model.Weights[k], 1e-9 * (1 + Math.Abs(w[k])));
        for (int o = 0; o < m; o++)
            Assert.Equal(b[o], model.Intercept[o], 1e-9 * (1 + Math.Abs(b[o])));
    }

    [Fact]
    public void A_larger_ridge_shrinks_the_weights_toward_zero_and_the_intercept_toward_the_mean()
    {
        const int rows = 40, n = 4, m = 2;
        var rng = new Random(3);
        var x = Uniform(rng, rows * n);
        var y = Uniform(rng, rows * m);
        double previous = double.PositiveInfinity;
        foreach (double ridge in new[] { 0, 0.01, 0.1, 1, 10 })
        {
            var model = LinearForecaster.Fit(x, y, rows, n, m, ridge);
            double norm = Math.Sqrt(model.Weights.ToArray().Sum(v => v * v));
            Assert.True(norm < previous, $"ridge {ridge}: ‖W‖ = {norm}, not below {previous}");
            previous = norm;
        }
        var flat = LinearForecaster.Fit(x, y, rows, n, m, ridge: 1e12);
        Assert.All(flat.Weights.ToArray(), v => Assert.Equal(0, v, 1e-9));
        for (int o = 0; o < m; o++)
            Assert.Equal(Enumerable.Range(0, rows).Average(r => y[r * m + o]), flat.Intercept[o], 1e-9);
    }

    [Fact]
    public void A_constant_input_gets_no_weight_when_there_is_a_ridge()
    {
        double[] x = [1, 5, 2, 5, 3, 5, 4, 5]; // input 1 is constant
        double[] y = [2, 4, 6, 8];
        var model = LinearForecaster.Fit(x, y, 4, 2, 1, ridge: 1e-9);
        Assert.Equal(0, model.Weights[1]);
        Assert.Equal(2, model.Weights[0], 1e-6);
    }

    [Fact]
    public void Linearly_dependent_inputs_without_a_ridge_are_refused()
    {
        double[] duplicate = [1, 2, 2, 4, 3, 6, 4, 8]; // input 1 = 2 · input 0
        var e = Assert.Throws<RecurrentException>(() => LinearForecaster.Fit(duplicate, [1, 2, 3, 5], 4, 2, 1, ridge: 0));
        Assert.Contains("input 1", e.Message);
        double[] constant = [1, 5, 2, 5, 3, 5];
        Assert.Throws<RecurrentException>(() => LinearForecaster.Fit(constant, [1, 2, 3], 3, 2, 1, ridge: 0));
        Assert.Throws<RecurrentException>(() => LinearForecaster.Fit([1], [1], 1, 1, 1, ridge: 0)); // one row: nothing to fit a slope to
    }

    [Fact]
    public void Bad_sizes_and_values_are_refused()
    {
        double[] x = [1, 2, 3, 4];
        double[] y = [1, 2];
        Assert.Throws<ArgumentOutOfRangeException>(() => LinearForecaster.Fit([], [], 0, 2, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => LinearForecaster.Fit(x, y, 2, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => LinearForecaster.Fit(x, y, 2, 2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => LinearForecaster.Fit(x, y, 2, 2, 1, ridge: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => LinearForecaster.Fit(x, y, 2, 2, 1, ridge: double.NaN));
        Assert.Throws<ArgumentException>(() => LinearForecaster.Fit(x, y, 2, 3, 1));
        Assert.Throws<ArgumentException>(() => LinearForecaster.Fit(x, [1, 2, 3], 2, 2, 1));
        Assert.Throws<ArgumentException>(() => LinearForecaster.Fit([1, 2, double.NaN, 4], y, 2, 2, 1));
        Assert.Throws<ArgumentException>(() => LinearForecaster.Fit(x, [1, double.PositiveInfinity], 2, 2, 1));

        var model = LinearForecaster.Fit([1, 2, 3, 5, 4, 4], [1, 2, 3], 3, 2, 1);
        Assert.Throws<ArgumentException>(() => model.Predict([1], new double[1]));
        Assert.Throws<ArgumentException>(() => model.Predict([1, 2], new double[2]));
        Assert.Throws<ArgumentException>(() => model.Predict([1, double.NaN], new double[1]));
    }
}
