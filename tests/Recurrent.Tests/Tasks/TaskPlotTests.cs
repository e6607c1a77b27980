// TaskPlot draws one curve per run and the reference level: the constant predictor's MSE for regression, chance
// for classification.
using Recurrent.Cli.Plotting;
using Recurrent.Tasks;
using ScottPlot.Plottables;

namespace Recurrent.Tests.Tasks;

public sealed class TaskPlotTests
{
    private static List<TaskEvaluation> Curve(params double[] values) =>
        values.Select((v, k) => new TaskEvaluation(100L * k, k, double.NaN, new TaskScore(v, 1 - v, 0.0417))).ToList();

    [Fact]
    public void Regression_runs_are_curves_of_test_mse_under_the_constant_predictors_level()
    {
        var plot = TaskPlot.Build(new AddingTask(100), [("lstm, 1x64", Curve(0.04, 0.01, 0.001)), ("rnn, 1x64", Curve(0.045, 0.042))], "adding");
        var curves = plot.GetPlottables().OfType<Scatter>().ToArray();
        Assert.Equal(["lstm, 1x64", "rnn, 1x64"], curves.Select(c => c.LegendText));
        Assert.Equal([0.04, 0.01, 0.001], curves[0].Data.GetScatterPoints().Select(p => p.Y));
        var level = Assert.Single(plot.GetPlottables().OfType<HorizontalLine>());
        Assert.Equal(0.0417, level.Y);
        Assert.StartsWith("constant predictor", level.LegendText);
    }

    [Fact]
    public void Classification_runs_are_curves_of_accuracy_over_chance()
    {
        var plot = TaskPlot.Build(new RecallTask(10), [("gru, 1x8", Curve(0.9, 0.5, 0.1))], "recall");
        var curve = Assert.Single(plot.GetPlottables().OfType<Scatter>());
        Assert.Equal([0.1, 0.5, 0.9], curve.Data.GetScatterPoints().Select(p => Math.Round(p.Y, 12)));
        Assert.Equal(0.125, Assert.Single(plot.GetPlottables().OfType<HorizontalLine>()).Y);
        Assert.Throws<ArgumentException>(() => TaskPlot.Build(new RecallTask(10), [], "none"));
    }
}
