// MeanAbsoluteError and PinballLoss on numbers worked by hand: the loss, the gradient (including torch's choices at
// a tie), that Backward adds into its buffer, the level of each output (row by row), float like double, and the
// refusal of spans that do not fit.
using Recurrent.Layers;

namespace Recurrent.Tests.Layers;

public sealed class RegressionLossLayerTests
{
    [Fact]
    public void Mean_absolute_error_by_hand_with_a_zero_gradient_at_a_tie()
    {
        double[] predictions = [1, -2, 0.5], targets = [0, 1, 0.5];
        Assert.Equal(4.0 / 3, MeanAbsoluteError.Forward<double>(predictions, targets), 15);
        double[] gradient = [10, 20, 30];
        MeanAbsoluteError.Backward<double>(predictions, targets, gradient);
        Assert.Equal([10 + 1.0 / 3, 20 - 1.0 / 3, 30], gradient); // torch: sign(0) = 0

        float[] single = [0, 0, 0];
        MeanAbsoluteError.Backward<float>([1f, -2f, 0.5f], [0f, 1f, 0.5f], single);
        Assert.Equal([(float)(1.0 / 3), (float)(-1.0 / 3), 0f], single);
        Assert.Equal(4.0 / 3, MeanAbsoluteError.Forward<float>([1f, -2f, 0.5f], [0f, 1f, 0.5f]), 6);
    }

    [Fact]
    public void Pinball_loss_by_hand()
    {
        // τ = 0.1, 0.9, 0.1, 0.9; e = y − p = 1, 0, −1, −2: max(τe, (τ−1)e) = 0.1, 0, 0.9, 0.2.
        double[] predictions = [0, 1, 2, 3], targets = [1, 1, 1, 1], quantiles = [0.1, 0.9];
        Assert.Equal(1.2 / 4, PinballLoss.Forward<double>(predictions, targets, quantiles, outputsPerRow: 2), 15);
        double[] gradient = [1, 1, 1, 1];
        PinballLoss.Backward<double>(predictions, targets, quantiles, 2, gradient);
        // e > 0: −τ/n; e = 0: (1/2 − τ)/n, torch.max's even split at a tie; e < 0: (1 − τ)/n.
        double[] expected = [1 - 0.1 / 4, 1 + (0.5 - 0.9) / 4, 1 + 0.9 / 4, 1 + 0.1 / 4];
        for (int k = 0; k < expected.Length; k++)
            Assert.Equal(expected[k], gradient[k], 15);
    }

    [Fact]
    public void Pinball_gradient_is_what_torch_computes_at_and_around_a_tie()
    {
        // /usr/bin/python3 with torch 1.13: p = [1, 2, 3], y = [1, 1, 4], q = 0.1, e = y − p,
        // torch.max((q − 1)·e, q·e).mean().backward() gives p.grad·3 = [0.4, 0.9, −0.1].
        double[] gradient = new double[3];
        PinballLoss.Backward<double>([1, 2, 3], [1, 1, 4], [0.1], 1, gradient);
        double[] torch = [0.4 / 3, 0.9 / 3, -0.1 / 3];
        for (int k = 0; k < 3; k++)
            Assert.Equal(torch[k], gradient[k], 15);
    }

    [Fact]
    public void Each_output_takes_the_level_of_its_place_in_the_row()
    {
        // Rows of O = 3 with Q = 2 levels: 0.1, 0.9, 0.1 in every row (not 0.1, 0.9, 0.1, 0.9, ... over the span).
        double[] predictions = new double[6], targets = [1, 1, 1, 1, 1, 1];
        Assert.Equal((0.1 + 0.9 + 0.1) * 2 / 6, PinballLoss.Forward<double>(predictions, targets, [0.1, 0.9], outputsPerRow: 3), 15);
        double[] gradient = new double[6];
        PinballLoss.Backward<double>(predictions, targets, [0.1, 0.9], 3, gradient);
        double[] expected = [-0.1 / 6, -0.9 / 6, -0.1 / 6, -0.1 / 6, -0.9 / 6, -0.1 / 6];
        for (int k = 0; k < 6; k++)
            Assert.Equal(expected[k], gradient[k], 15);
    }

    [Fact]
    public void Pinball_loss_in_float_agrees_with_double()
    {
        float[] predictions = [0.25f, -0.5f, 1.5f, 2f, -1f, 0f], targets = [1f, 1f, 1f, -2f, -2f, -2f];
        double[] quantiles = [0.1, 0.5, 0.9];
        double single = PinballLoss.Forward<float>(predictions, targets, quantiles, 3);
        double wide = PinballLoss.Forward<double>([.. predictions.Select(v => (double)v)], [.. targets.Select(v => (double)v)], quantiles, 3);
        Assert.Equal(wide, single, 12);
        float[] gradient = new float[6];
        PinballLoss.Backward<float>(predictions, targets, quantiles, 3, gradient);
        double[] expected = [-0.1 / 6, -0.5 / 6, 0.1 / 6, 0.9 / 6, 0.5 / 6, 0.1 / 6];
        for (int k = 0; k < 6; k++)
            Assert.Equal((float)expected[k], gradient[k]);
    }

    [Fact]
    public void Spans_that_do_not_fit_are_refused()
    {
        Assert.Throws<ArgumentException>(() => MeanAbsoluteError.Forward<double>([1, 2], [1]));
        Assert.Throws<ArgumentException>(() => MeanAbsoluteError.Forward<double>([], []));
        Assert.Throws<ArgumentException>(() => PinballLoss.Forward<double>([1, 2], [1], [0.5], 1));
        Assert.Throws<ArgumentException>(() => PinballLoss.Forward<double>([], [], [0.5], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PinballLoss.Forward<double>([1, 2], [1, 2], [], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => PinballLoss.Forward<double>([1, 2], [1, 2], [0.5], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PinballLoss.Forward<double>([1, 2, 3], [1, 2, 3], [0.5], 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => PinballLoss.Backward<double>([1, 2, 3], [1, 2, 3], [0.5], 2, new double[3]));
        Assert.Throws<ArgumentException>(() => PinballLoss.Backward<double>([1, 2], [1, 2], [0.5], 2, new double[1]));
    }
}
