// `recurrent forecast train`: reads a CSV (which columns are the time, the targets and the covariates), trains a
// forecaster with validation, checkpoints and early stopping (every training option of `train`), and prints a line
// per validation. --resume continues a run saved with --out, on the same data.
using System.CommandLine;
using Recurrent.Forecasting;
using Recurrent.Models;
using Recurrent.Training;

namespace Recurrent.Cli;

internal static class ForecastTrainCommand
{
    /// <summary>Forecasting's training defaults: Adam 2e-3, clip 1, a validation every 100 steps, stop after 5 without a better one.</summary>
    public static readonly TrainingOptions Defaults = new()
    {
        Steps = 2000,
        LearningRate = 2e-3,
        Clip = 1,
        EvalEvery = 100,
        Patience = 5,
        ExplodeFactor = 0,
    };

    public static Command Create(CliContext context)
    {
        // data
        var data = new Option<string>("--data") { Description = "The CSV file (a header, then one row per time step; several series told apart by --series)", Required = true };
        var time = new Option<string?>("--time") { Description = "The time column (a date or timestamp, or whole numbers), or year,month,day[,hour...] columns; default: row order" };
        var target = new Option<string?>("--target") { Description = "The column(s) to forecast, comma-separated (forecast together)" };
        var covariates = new Option<string?>("--covariates") { Description = "Columns known in advance (their future values come in rows whose targets are empty)" };
        var pastCovariates = new Option<string?>("--past-covariates") { Description = "Columns known only up to now (direct mode)" };
        var categorical = new Option<string?>("--categorical") { Description = "Covariates read as labels (one-hot) rather than numbers" };
        var series = new Option<string?>("--series") { Description = "An id column: many series in one file, one model trained across them" };
        var fill = new Option<string>("--fill") { Description = "Gaps and empty cells: none (refuse them), forward, linear or zero", DefaultValueFactory = _ => "none" };
        var calendar = new Option<string?>("--calendar") { Description = "Inputs derived from the time: dow, month, day-of-month, day-of-year, week-of-year, hour" };
        var knownAhead = new Option<int>("--known-ahead") { Description = "N: every step also reads the known covariates and calendar of the N steps after it", DefaultValueFactory = _ => 0 };
        var lags = new Option<string?>("--lags") { Description = "Past values of the targets read as inputs, each at least the horizon back (364: the same weekday a year ago in daily data)" };
        // what to forecast
        var context_ = new Option<int>("--context") { Description = "C, the steps of history a forecast reads", DefaultValueFactory = _ => 56 };
        var horizon = new Option<int>("--horizon") { Description = "H, the steps a forecast writes", DefaultValueFactory = _ => 28 };
        var mode = new Option<string>("--mode") { Description = "direct (all H steps at once) or autoregressive (ar: one step, fed back)", DefaultValueFactory = _ => "direct" };
        var quantiles = new Option<string?>("--quantiles") { Description = "Forecast these quantiles (pinball loss), e.g. 0.1,0.5,0.9; default: point forecasts" };
        var loss = new Option<string>("--loss") { Description = "Point forecasts' loss: mse or mae", DefaultValueFactory = _ => "mse" };
        var level = new Option<string?>("--level") { Description = "Read each window relative to the mean of its context's targets (mean, the default), the last one (last: for series that wander), or as it is (none, the only choice in autoregressive mode)" };
        var valFraction = new Option<double>("--val-fraction") { Description = "The fraction of every series before its test part held out for validation", DefaultValueFactory = _ => 0.1 };
        var testFraction = new Option<double>("--test-fraction") { Description = "The fraction at the end of every series kept for the backtest", DefaultValueFactory = _ => 0.2 };
        // model
        var cell = new Option<string>("--cell") { Description = "Recurrent cell: lstm, gru or rnn", DefaultValueFactory = _ => "lstm" };
        var hidden = new Option<int>("--hidden") { Description = "Hidden units per layer", DefaultValueFactory = _ => 64 };
        var layers = new Option<int>("--layers") { Description = "Stacked recurrent layers", DefaultValueFactory = _ => 1 };
        var dropout = new Option<double>("--dropout") { Description = "Dropout between layers and before the head, in [0, 1)", DefaultValueFactory = _ => 0 };
        var zoneout = new ZoneoutFlags();
        var batch = new Option<int>("--batch") { Description = "Windows per training step", DefaultValueFactory = _ => 32 };
        var flags = new TrainingFlags(Defaults, "training windows");
        // output
        var output = new Option<string>("--out") { Description = "Save the model here (.safetensors): a resumable checkpoint at every validation, the best model beside it, the metrics log", Required = true };
        var resume = new Option<string?>("--resume") { Description = "Continue the run saved in this checkpoint (on the same --data)" };

        Option[] fixedOnResume = [time, target, covariates, pastCovariates, categorical, series, fill, calendar, knownAhead, lags, context_, horizon, mode, quantiles, loss,
            level, valFraction, testFraction, cell, hidden, layers, dropout, .. zoneout.All, batch, .. flags.FixedOnResume];
        var command = new Command("train", "Train a forecaster on a CSV of time series");
        foreach (var option in new Option[] { data, time, target, covariates, pastCovariates, categorical, series, fill, calendar, knownAhead, lags, context_, horizon, mode,
                     quantiles, loss, level, valFraction, testFraction, cell, hidden, layers, dropout, zoneout.Hidden, zoneout.Cell, batch })
            command.Options.Add(option);
        foreach (var option in flags.All)
            command.Options.Add(option);
        command.Options.Add(output);
        command.Options.Add(resume);
        command.SetAction(parsed =>
        {
            string dataPath = Paths.Input("--data", parsed.GetValue(data));
            string outPath = Paths.Output("--out", parsed.GetValue(output));
            using var runLock = RunLock.Acquire(outPath);
            ForecastRun run;
            if (parsed.GetValue(resume) is string resumeValue)
            {
                string resumeFrom = Paths.Input("--resume", resumeValue);
                if (fixedOnResume.FirstOrDefault(o => parsed.GetResult(o) is { Implicit: false }) is { } given)
                    throw new UsageException($"{given.Name} cannot be given with --resume: the run continues with the settings saved in '{resumeFrom}'.");
                var saved = new Forecaster(ModelFile.Load(resumeFrom), $"'{resumeFrom}'").Layout;
                run = ForecastRun.Resume(resumeFrom, SeriesTable.Read(dataPath, saved.Columns), flags.GivenSteps(parsed), outPath);
            }
            else
            {
                var columns = new SeriesColumns(ForecastCommand.Names(parsed.GetValue(target)) is { Length: > 0 } targets ? targets
                    : throw new UsageException("--target is required: the column(s) to forecast."))
                {
                    Time = ForecastCommand.Names(parsed.GetValue(time)),
                    Covariates = ForecastCommand.Names(parsed.GetValue(covariates)),
                    PastCovariates = ForecastCommand.Names(parsed.GetValue(pastCovariates)),
                    Categorical = ForecastCommand.Names(parsed.GetValue(categorical)),
                    Series = parsed.GetValue(series),
                    Fill = GapFills.Parse(parsed.GetValue(fill)!),
                };
                var forecastMode = parsed.GetValue(mode)!.ToLowerInvariant() switch
                {
                    "direct" => ForecastMode.Direct,
                    "autoregressive" or "ar" => ForecastMode.Autoregressive,
                    var other => throw new UsageException($"--mode must be direct or autoregressive (got '{other}')."),
                };
                var settings = new ForecastSettings
                {
                    Context = OptionChecks.AtLeast("--context", parsed.GetValue(context_), 1),
                    Horizon = OptionChecks.AtLeast("--horizon", parsed.GetValue(horizon), 1),
                    Mode = forecastMode,
                    Quantiles = ForecastCommand.Numbers("--quantiles", parsed.GetValue(quantiles), "numbers between 0 and 1", q => q > 0 && q < 1),
                    PointLoss = parsed.GetValue(loss)!.ToLowerInvariant() switch
                    {
                        "mse" => RegressionLoss.MeanSquaredError,
                        "mae" => RegressionLoss.MeanAbsoluteError,
                        var other => throw new UsageException($"--loss must be mse or mae (got '{other}')."),
                    },
                    Calendar = [.. ForecastCommand.Names(parsed.GetValue(calendar)).Select(Calendar.Parse)],
                    Lags = [.. ForecastCommand.Numbers("--lags", parsed.GetValue(lags), "whole numbers of at least 1", l => l >= 1 && l == Math.Floor(l) && l <= int.MaxValue)
                        .Select(l => (int)l)],
                    Level = parsed.GetValue(level) is string given
                        ? WindowLevels.TryParse(given) ?? throw new UsageException($"--level must be mean, last or none (got '{given}').")
                        : forecastMode == ForecastMode.Autoregressive ? WindowLevel.None : WindowLevel.Mean,
                    KnownAhead = OptionChecks.AtLeast("--known-ahead", parsed.GetValue(knownAhead), 0),
                    ValidationFraction = OptionChecks.InRange("--val-fraction", parsed.GetValue(valFraction), 0, 1, maximumIncluded: false),
                    TestFraction = OptionChecks.InRange("--test-fraction", parsed.GetValue(testFraction), 0, 1, maximumIncluded: false),
                };
                if (parsed.GetResult(loss) is { Implicit: false } && settings.Quantiles.Count > 0)
                    throw new UsageException("--loss applies to point forecasts; with --quantiles the loss is the pinball loss.");
                var cellKind = OptionChecks.Cell("--cell", parsed.GetValue(cell)!);
                var (zoneoutHidden, zoneoutCell) = zoneout.Read(parsed, cellKind);
                var model = new ForecastModelOptions
                {
                    Cell = cellKind,
                    ZoneoutHidden = zoneoutHidden,
                    ZoneoutCell = zoneoutCell,
                    Hidden = OptionChecks.AtLeast("--hidden", parsed.GetValue(hidden), 1),
                    Layers = OptionChecks.AtLeast("--layers", parsed.GetValue(layers), 1),
                    Dropout = OptionChecks.InRange("--dropout", parsed.GetValue(dropout), 0, 1, maximumIncluded: false),
                    Batch = OptionChecks.AtLeast("--batch", parsed.GetValue(batch), 1),
                };
                run = ForecastRun.Start(SeriesTable.Read(dataPath, columns), settings, model, flags.Read(parsed), outPath);
            }
            return Train(context, run, outPath);
        });
        return command;
    }

    private static int Train(CliContext context, ForecastRun run, string outPath)
    {
        var session = run.Session;
        if (session.IsComplete)
            return TrainingReport.AlreadyComplete(context.Out, session);
        var layout = run.Data.Layout;
        var settings = layout.Settings;
        var table = run.Data.Table;
        var spec = session.Model.Spec;
        context.Out.WriteLine(ForecastCommand.Invariant(
            $"data: {table.Series.Count} series, {table.Series.Sum(s => s.Observed)} observed rows, {table.Axis.Describe()}; {run.TrainingWindows.Count} training windows, {run.ValidationWindows?.Count ?? 0} validation windows"));
        context.Out.WriteLine(ForecastCommand.Invariant(
            $"forecast: {string.Join(", ", layout.Columns.Targets)}, {settings.Horizon} steps from {settings.Context} ({(settings.Mode == ForecastMode.Direct ? "direct" : "autoregressive")}), ") +
            (settings.Quantiles.Count > 0 ? $"quantiles {string.Join(", ", settings.Quantiles.Select(q => q.ToString(System.Globalization.CultureInfo.InvariantCulture)))}" : settings.PointLoss == RegressionLoss.MeanAbsoluteError ? "point (MAE)" : "point (MSE)") +
            ForecastCommand.Invariant($"; {layout.FeatureCount} inputs a step"));
        context.Out.WriteLine(ForecastCommand.Invariant(
            $"model: {spec.Cell.ToName()} {spec.Layers}x{spec.Hidden}, {session.Model.Network.Parameters.Count} parameters; {session.Options.Optimizer.ToName()} lr {session.Options.EffectiveLearningRate:G4}, batch {run.TrainingWindows.Batch}, {session.Options.Steps} steps"));
        if (run.Data.UnknownLabels > 0)
            context.Out.WriteLine($"note: {run.Data.UnknownLabels} categorical value(s) have a label not met in the training rows; they read as all zeros");
        if (session.StepsDone > 0)
            context.Out.WriteLine($"resuming at step {session.StepsDone}");
        return TrainingReport.RunWithValidationLines(context, session, outPath, $"forecast {string.Join(", ", layout.Columns.Targets)}",
            validation => ForecastCommand.Invariant($"val loss {validation.Loss:F5}"),
            outcome => outcome.BestValidationLoss is double best ? ForecastCommand.Invariant($"; best validation loss {best:F5}") : "",
            "--data ...");
    }
}
