// A spec's regression loss and quantiles: the combinations that cannot train are refused with a message that says
// why, the ones that can pass; equality stays by value (two lists of the same quantiles are the same spec, and
// every member takes part), and a spec keeps its own copy of the quantiles it was given.
using Recurrent.Models;

namespace Recurrent.Tests.Models;

public sealed class ModelSpecLossTests
{
    private static readonly ModelSpec Regression =
        new(CellKind.Lstm, InputKind.Dense, 3, 4, 1, 6) { Head = HeadKind.Regression, Readout = Readout.LastStep };

    private static readonly ModelSpec Quantiles = Regression with { Loss = RegressionLoss.Quantile, Quantiles = [0.1, 0.5, 0.9] };

    public static TheoryData<ModelSpec, string, string> Refused() => new()
    {
        { new ModelSpec(CellKind.Gru, InputKind.Dense, 3, 4, 1, 3) { Loss = RegressionLoss.MeanAbsoluteError }, "Loss",
            "A classification head is trained with cross-entropy; only a regression head takes another loss." },
        { new ModelSpec(CellKind.Gru, InputKind.Dense, 3, 4, 1, 3) { Loss = RegressionLoss.Quantile, Quantiles = [0.5] }, "Loss",
            "only a regression head takes another loss" },
        { Regression with { Loss = (RegressionLoss)7 }, "Loss", "Unknown loss." },
        { Regression with { Loss = RegressionLoss.Quantile }, "Quantiles", "The quantile loss needs at least one quantile." },
        { Regression with { Loss = RegressionLoss.Quantile, Quantiles = [0, 0.5, 0.9] }, "Quantiles", "Quantile 0 is not strictly between 0 and 1." },
        { Regression with { Loss = RegressionLoss.Quantile, Quantiles = [0.1, 0.5, 1] }, "Quantiles", "Quantile 1 is not strictly between 0 and 1." },
        { Regression with { Loss = RegressionLoss.Quantile, Quantiles = [-0.5, 0.5] }, "Quantiles", "Quantile -0.5 is not strictly between 0 and 1." },
        { Regression with { Loss = RegressionLoss.Quantile, Quantiles = [double.NaN] }, "Quantiles", "Quantile NaN is not strictly between 0 and 1." },
        { Regression with { Loss = RegressionLoss.Quantile, Quantiles = [0.1, 0.9, 0.5] }, "Quantiles",
            "Quantiles must be strictly increasing (0.9 is followed by 0.5)." },
        { Regression with { Loss = RegressionLoss.Quantile, Quantiles = [0.5, 0.5] }, "Quantiles",
            "Quantiles must be strictly increasing (0.5 is followed by 0.5)." },
        { Regression with { Loss = RegressionLoss.Quantile, Quantiles = [0.1, 0.3, 0.5, 0.9] }, "OutputSize",
            "A head of 6 outputs cannot hold 4 quantiles of each target: the outputs must be a multiple of the quantiles." },
        { Regression with { Quantiles = [0.5] }, "Quantiles", "Only the quantile loss takes quantiles." },
        { Regression with { Loss = RegressionLoss.MeanAbsoluteError, Quantiles = [0.5] }, "Quantiles", "Only the quantile loss takes quantiles." },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_loss_that_does_not_fit_the_head_is_refused(ModelSpec spec, string parameter, string message)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => spec.Validated());
        Assert.Equal(parameter, error.ParamName);
        Assert.Contains(message, error.Message);
        Assert.DoesNotContain("--", error.Message);
    }

    [Fact]
    public void The_losses_that_fit_pass()
    {
        Assert.Same(Regression, Regression.Validated());
        (Regression with { Loss = RegressionLoss.MeanAbsoluteError }).Validated();
        Quantiles.Validated();
        (Regression with { Loss = RegressionLoss.Quantile, Quantiles = [0.5] }).Validated();
        (Regression with { Loss = RegressionLoss.Quantile, Quantiles = [0.25, 0.75] }).Validated();
        (Regression with { Loss = RegressionLoss.Quantile, Quantiles = [1e-9, 1 - 1e-9] }).Validated();
        new ModelSpec(CellKind.Rnn, InputKind.OneHot, 5, 4, 1, 5).Validated(); // a classifier keeps the default
        Assert.Equal(RegressionLoss.MeanSquaredError, Regression.Loss);
        Assert.Empty(Regression.Quantiles);
    }

    [Fact]
    public void Specs_with_equal_quantiles_are_equal()
    {
        var a = Regression with { Loss = RegressionLoss.Quantile, Quantiles = new List<double> { 0.1, 0.5, 0.9 } };
        var b = Regression with { Loss = RegressionLoss.Quantile, Quantiles = [0.1, 0.5, 0.9] };
        Assert.Equal(a, b);
        Assert.True(a == b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(Quantiles, a);
        Assert.NotEqual(a, b with { Quantiles = [0.1, 0.5, 0.8] });
        Assert.NotEqual(a, b with { Quantiles = [0.1, 0.5] });
        Assert.NotEqual(Regression, (Regression with { Loss = RegressionLoss.MeanAbsoluteError }));
        Assert.False(Quantiles.Equals(null));
    }

    [Fact]
    public void Every_member_takes_part_in_equality()
    {
        ModelSpec[] variants =
        [
            Quantiles with { Cell = CellKind.Gru },
            Quantiles with { Input = InputKind.Embedding },
            Quantiles with { InputSize = 5 },
            Quantiles with { Hidden = 5 },
            Quantiles with { Layers = 2 },
            Quantiles with { OutputSize = 9 },
            Quantiles with { EmbeddingSize = 2 },
            Quantiles with { Dropout = 0.5 },
            Quantiles with { ZoneoutHidden = 0.1 },
            Quantiles with { ZoneoutCell = 0.1 },
            Quantiles with { Head = HeadKind.Classification },
            Quantiles with { Readout = Readout.EveryStep },
            Quantiles with { ReadoutSteps = 2 },
            Quantiles with { Loss = RegressionLoss.MeanAbsoluteError },
            Quantiles with { Quantiles = [0.2, 0.5, 0.9] },
            Quantiles with { Bidirectional = true },
        ];
        // One variant per member: a member missing from Equals would make its variant equal to the original.
        int members = typeof(ModelSpec).GetProperties().Count(p => p.CanWrite);
        Assert.Equal(members, variants.Length);
        Assert.All(variants, variant => Assert.NotEqual(Quantiles, variant));
        Assert.Equal(variants.Length, variants.Distinct().Count());
    }

    [Fact]
    public void A_spec_keeps_its_own_copy_of_the_quantiles()
    {
        var levels = new List<double> { 0.1, 0.5, 0.9 };
        var spec = Regression with { Loss = RegressionLoss.Quantile, Quantiles = levels };
        levels[0] = 0.2;
        Assert.Equal([0.1, 0.5, 0.9], spec.Quantiles);
        Assert.Throws<NotSupportedException>(() => ((IList<double>)spec.Quantiles)[0] = 0.3);
        Assert.Throws<ArgumentNullException>(() => Regression with { Quantiles = null! });
        Assert.Contains("Loss = Quantile, Bidirectional = False, Quantiles = [0.1, 0.5, 0.9]", spec.ToString());
    }
}
