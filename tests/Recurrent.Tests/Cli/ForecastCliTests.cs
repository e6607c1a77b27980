// `recurrent forecast` as a user runs it: train on a CSV, backtest against the baselines, predict the next steps as
// CSV with the time continued, resume exactly, and every bad input refused in one line with its exit code.
using Recurrent.Models;
using Recurrent.Tests.Forecasting;
using Recurrent.Tests.IO;

namespace Recurrent.Tests.Cli;

public sealed class ForecastCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _csv;

    public ForecastCliTests()
    {
        _csv = _dir.File("sales.csv");
        File.WriteAllText(_csv, GeneratedSeries.Weekly(400));
    }

    public void Dispose() => _dir.Dispose();

    private CliRun Train(string output, params string[] extra) => TrainFor(150, output, extra);

    private CliRun TrainFor(int steps, string output, params string[] extra) => CliRunner.Run(
    [
        "forecast", "train", "--data", _csv, "--time", "date", "--target", "sales", "--calendar", "dow", "--context", "14", "--horizon", "7",
        "--quantiles", "0.1,0.5,0.9", "--hidden", "16", "--steps", $"{steps}", "--eval-every", "50", "--out", output, .. extra,
    ]);

    [Fact]
    public void Train_eval_and_predict_work_end_to_end()
    {
        string model = _dir.File("sales.safetensors");
        var train = Train(model);
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("data: 1 series, 400 observed rows, daily", train.Out);
        Assert.Contains("all steps done after 150 steps", train.Out);

        string png = _dir.File("backtest.png");
        var eval = CliRunner.Run("forecast", "eval", "--model", model, "--data", _csv, "--stride", "7", "--season", "7", "--png", png);
        Assert.True(eval.ExitCode == 0, eval.Error);
        foreach (string method in new[] { "model", "naive", "seasonal naive (m = 7)", "linear", "interval 80 % nominal: covers" })
            Assert.Contains(method, eval.Out);
        Assert.True(new FileInfo(png).Length > 10_000);

        string second = _dir.File("second.safetensors");
        Assert.Equal(0, Train(second, "--seed", "2").ExitCode);
        var ensemble = CliRunner.Run("forecast", "eval", "--model", model, "--model", second, "--data", _csv, "--stride", "7", "--no-linear");
        Assert.True(ensemble.ExitCode == 0, ensemble.Error);
        Assert.Contains("ensemble of 2 models", ensemble.Out);

        var predict = CliRunner.Run("forecast", "predict", "--model", model, "--data", _csv);
        Assert.True(predict.ExitCode == 0, predict.Error);
        var lines = predict.OutLines;
        Assert.Equal("date,sales,sales_q0.1,sales_q0.5,sales_q0.9", lines[0]);
        Assert.Equal(8, lines.Length);
        Assert.StartsWith("2021-02-04,", lines[1]); // the day after the last row, 2021-02-03
        Assert.StartsWith("2021-02-10,", lines[7]);
        foreach (string line in lines.Skip(1))
        {
            double[] values = [.. line.Split(',').Skip(1).Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture))];
            Assert.True(values[1] <= values[2] && values[2] <= values[3], line);
            Assert.InRange(values[0], 100, 140);
        }
    }

    [Fact]
    public void Predict_needs_only_the_recent_history_and_says_when_it_is_too_short()
    {
        string model = _dir.File("recent.safetensors");
        Assert.Equal(0, TrainFor(20, model).ExitCode);
        var lines = File.ReadAllLines(_csv);
        string recent = _dir.File("recent.csv"), tiny = _dir.File("tiny.csv");
        File.WriteAllLines(recent, [lines[0], .. lines[^20..]]);
        File.WriteAllLines(tiny, [lines[0], .. lines[^5..]]);
        var predict = CliRunner.Run("forecast", "predict", "--model", model, "--data", recent, "--out", _dir.File("next.csv"));
        Assert.True(predict.ExitCode == 0, predict.Error);
        Assert.Equal(8, File.ReadAllLines(_dir.File("next.csv")).Length);
        CliRunner.AssertUserError(CliRunner.Run("forecast", "predict", "--model", model, "--data", tiny), "5 observed rows");
    }

    [Fact]
    public void An_autoregressive_forecaster_trains_and_backtests_from_the_command_line()
    {
        string model = _dir.File("ar.safetensors");
        var train = TrainFor(40, model, "--mode", "autoregressive");
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("(autoregressive)", train.Out);
        var eval = CliRunner.Run("forecast", "eval", "--model", model, "--data", _csv, "--stride", "7", "--json");
        Assert.True(eval.ExitCode == 0, eval.Error);
        Assert.Contains("\"method\": \"linear\"", eval.Out);
        CliRunner.AssertUserError(TrainFor(40, _dir.File("ar2.safetensors"), "--mode", "ar", "--level", "mean"), "--level");
    }

    [Fact]
    public void Forecast_windows_have_epochs_so_the_step_schedule_decays_per_epoch()
    {
        var run = TrainFor(20, _dir.File("step.safetensors"), "--schedule", "step", "--decay", "0.5", "--decay-after", "0");
        Assert.True(run.ExitCode == 0, run.Error);
    }

    [Fact]
    public void A_resumed_run_reaches_the_weights_of_an_uninterrupted_one()
    {
        string straight = _dir.File("straight.safetensors"), resumed = _dir.File("resumed.safetensors");
        Assert.Equal(0, Train(straight).ExitCode);
        Assert.Equal(0, TrainFor(60, resumed).ExitCode);
        var again = CliRunner.Run("forecast", "train", "--data", _csv, "--resume", resumed, "--out", resumed, "--steps", "150");
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Contains("resuming at step 60", again.Out);
        Assert.Equal(ModelFile.Load(straight).Network.Parameters.Values, ModelFile.Load(resumed).Network.Parameters.Values);
    }

    [Fact]
    public void Bad_data_is_refused_in_one_line_naming_the_line_and_column()
    {
        string Csv(string name, string text)
        {
            string path = _dir.File(name);
            File.WriteAllText(path, text);
            return path;
        }
        CliRun TrainOn(string path, string target = "sales", int context = 3, int horizon = 2) => CliRunner.Run(
            ["forecast", "train", "--data", path, "--time", "date", "--target", target, "--out", _dir.File("m.safetensors"), "--context", $"{context}", "--horizon", $"{horizon}"]);

        CliRunner.AssertUserError(TrainOn(_csv, target: "revenue"), "no column 'revenue'");
        CliRunner.AssertUserError(TrainOn(Csv("text.csv", "date,sales\n2020-01-01,1\n2020-01-02,abc\n")), "line 3");
        CliRunner.AssertUserError(TrainOn(Csv("nan.csv", "date,sales\n2020-01-01,1\n2020-01-02,NaN\n")), "finite");
        CliRunner.AssertUserError(TrainOn(Csv("unsorted.csv", "date,sales\n2020-01-02,1\n2020-01-01,2\n2020-01-03,2\n")), "sort");
        CliRunner.AssertUserError(TrainOn(Csv("twice.csv", "date,sales\n2020-01-01,1\n2020-01-01,2\n2020-01-02,2\n")), "line");
        CliRunner.AssertUserError(TrainOn(Csv("gap.csv", "date,sales\n2020-01-01,1\n2020-01-02,2\n2020-01-05,2\n2020-01-06,2\n")), "--fill");
        CliRunner.AssertUserError(TrainOn(Csv("short.csv", GeneratedSeries.Weekly(20)), context: 14, horizon: 7), "--context");
        CliRunner.AssertUserError(TrainOn(_dir.File("missing.csv")), "does not exist");
    }

    [Fact]
    public void Bad_options_and_the_wrong_model_are_refused()
    {
        Assert.Equal(2, Train(_dir.File("a.safetensors"), "--horizon", "0").ExitCode);
        Assert.Equal(2, Train(_dir.File("b.safetensors"), "--quantiles", "0.1,1.5").ExitCode);
        Assert.Equal(2, Train(_dir.File("c.safetensors"), "--mode", "sideways").ExitCode);
        Assert.Equal(2, Train(_dir.File("d.safetensors"), "--calendar", "dow", "--loss", "mae").ExitCode); // a loss with quantiles
        CliRunner.AssertUserError(Train(_dir.File("e.safetensors"), "--lags", "3"), "--horizon");

        string text = _dir.File("text.txt"), character = _dir.File("char.safetensors");
        File.WriteAllText(text, string.Concat(Enumerable.Repeat("the cat sat on the mat. ", 20)));
        Assert.Equal(0, CliRunner.Run("train", "--data", text, "--out", character, "--hidden", "4", "--seq-len", "4", "--batch", "2", "--steps", "1",
            "--val-fraction", "0").ExitCode);
        CliRunner.AssertUserError(CliRunner.Run("forecast", "eval", "--model", character, "--data", _csv), "reads forecasting models");

        string model = _dir.File("f.safetensors");
        Assert.Equal(0, TrainFor(10, model).ExitCode);
        var resumed = CliRunner.Run("forecast", "train", "--data", _csv, "--resume", model, "--out", model, "--horizon", "3");
        Assert.Equal(2, resumed.ExitCode);
        Assert.Contains("--horizon cannot be given with --resume", resumed.Error);
        var help = CliRunner.Run("forecast", "train", "--frob");
        Assert.Contains("'recurrent forecast train --help'", help.Error);
        Assert.Contains("give a verb of recurrent forecast: train, eval, predict.", CliRunner.Run("forecast").Error);
        Assert.Contains("'frob' is not a verb of recurrent forecast; the verbs are train, eval, predict.", CliRunner.Run("forecast", "frob").Error);
    }
}
