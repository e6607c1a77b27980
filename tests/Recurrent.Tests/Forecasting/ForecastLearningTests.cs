// A forecaster learns what the data holds: with two targets forecast together, one of which is the other's value
// three steps earlier, the follower's next three steps are known at the origin, and a short training run forecasts
// them far better than the naive and the seasonal baselines can; the leader, a noisy AR(1) series, cannot be
// forecast that well. Trained through the library, as a C# user would.
using Recurrent.Forecasting;
using Recurrent.Training;
using Xunit.Abstractions;

namespace Recurrent.Tests.Forecasting;

public sealed class ForecastLearningTests(ITestOutputHelper output)
{
    [Fact]
    public void A_target_that_follows_another_series_three_steps_later_is_learned()
    {
        var table = GeneratedSeries.Table(GeneratedSeries.Lagged(1500), new SeriesColumns(["x", "y"]) { Time = ["step"] });
        var settings = new ForecastSettings { Context = 12, Horizon = 3, ValidationFraction = 0.1, TestFraction = 0.2 };
        var run = ForecastRun.Start(table, settings, new ForecastModelOptions { Hidden = 24, Batch = 32 },
            new TrainingOptions { Steps = 600, LearningRate = 5e-3, Clip = 1, EvalEvery = 200, ExplodeFactor = 0, Seed = 3 });
        var outcome = run.Session.Run();
        var report = Backtest.Run(run.Forecaster, run.Data, stride: 1, season: null, linear: true);
        foreach (var target in report.Targets)
            foreach (var method in target.Methods)
                output.WriteLine($"{target.Target} {method.Method}: MAE {method.Mae:F4}");
        var y = report.Targets[1].Methods;
        Assert.Equal(600, outcome.Steps);
        Assert.True(y[0].Mae < 0.25 * y[1].Mae, $"y: model MAE {y[0].Mae:F4}, naive {y[1].Mae:F4}");
        Assert.True(y[0].Mae < 0.2, $"y: model MAE {y[0].Mae:F4} (the noise alone is 0.025)");
        var x = report.Targets[0].Methods;
        Assert.True(x[0].Mae > 2 * y[0].Mae, "x is noise the model cannot foresee");
    }
}
