// LinearForecaster against numpy: weights and intercepts that tools/reference/linear_fixture.py computed with
// numpy.linalg.lstsq (SVD, not the normal equations) for one small noisy problem at three ridges.
using System.Text.Json;
using Recurrent.Forecasting;
using Recurrent.Tests.Reference;

namespace Recurrent.Tests.Forecasting;

public sealed class LinearForecasterReferenceTests
{
    [Fact]
    public void Agrees_with_numpy_least_squares_at_every_ridge()
    {
        var root = JsonDocument.Parse(File.ReadAllText(Path.Combine(TorchFixture.Directory, "linear_forecaster.json"))).RootElement;
        int rows = root.GetProperty("rows").GetInt32(), n = root.GetProperty("input_size").GetInt32(), m = root.GetProperty("output_size").GetInt32();
        double[] x = Values(root.GetProperty("inputs")), y = Values(root.GetProperty("targets"));
        int cases = 0;
        foreach (var expected in root.GetProperty("cases").EnumerateArray())
        {
            var model = LinearForecaster.Fit(x, y, rows, n, m, expected.GetProperty("ridge").GetDouble());
            double[] w = Values(expected.GetProperty("weights")), b = Values(expected.GetProperty("intercept"));
            Assert.Equal(n * m, w.Length);
            for (int k = 0; k < w.Length; k++)
                Assert.Equal(w[k], model.Weights[k], 1e-9);
            for (int o = 0; o < m; o++)
                Assert.Equal(b[o], model.Intercept[o], 1e-9);
            cases++;
        }
        Assert.Equal(3, cases);
    }

    private static double[] Values(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();
}
