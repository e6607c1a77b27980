// `recurrent forecast eval`: the rolling-origin backtest of a trained forecaster over the test part of a CSV (the
// one it was trained on, or a longer one), with the naive, seasonal naive (--season) and linear baselines beside it,
// the interval's measured coverage, and optionally a PNG of the last origins' forecasts against the actual values.
using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Recurrent.Cli.Plotting;
using Recurrent.Forecasting;
using Recurrent.Models;

namespace Recurrent.Cli;

internal static class ForecastEvalCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string[]>("--model")
        {
            Description = "A forecasting model (.safetensors), made by `recurrent forecast train`; several: an ensemble of models trained on the same data, their forecasts averaged",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var data = new Option<string>("--data") { Description = "The CSV to backtest on, with the columns the model was trained on", Required = true };
        var stride = new Option<int>("--stride") { Description = "Steps between forecast origins over the test part", DefaultValueFactory = _ => 1 };
        var season = new Option<int?>("--season") { Description = "The seasonal naive baseline's season in steps (and MASE's); default: none, MASE scaled by the naive" };
        var noLinear = new Option<bool>("--no-linear") { Description = "Leave out the linear least-squares baseline (it fits the training windows)" };
        var png = new Option<string?>("--png") { Description = "Draw history, forecasts, interval and actual values of the last origins to this PNG" };
        var json = new Option<bool>("--json") { Description = "Print one JSON document instead of the table" };
        var command = new Command("eval", "Backtest a forecaster from rolling origins over the test part, beside the naive, seasonal naive and linear forecasts")
        {
            model, data, stride, season, noLinear, png, json,
        };
        command.SetAction(parsed =>
        {
            string[] modelPaths = [.. parsed.GetValue(model)!.Select(path => Paths.Input("--model", path))];
            string dataPath = Paths.Input("--data", parsed.GetValue(data));
            int every = OptionChecks.AtLeast("--stride", parsed.GetValue(stride), 1);
            int? m = parsed.GetValue(season) is int given ? OptionChecks.AtLeast("--season", given, 1) : null;
            string? pngPath = parsed.GetResult(png) is null ? null : PngOutput.Check("--png", parsed.GetValue(png));
            var forecaster = LoadForecaster(modelPaths, "eval");
            var prepared = forecaster.Prepare(SeriesTable.Read(dataPath, forecaster.Layout.Columns));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var report = Backtest.Run(forecaster, prepared, every, m, linear: !parsed.GetValue(noLinear));
            if (parsed.GetValue(json))
                context.Out.WriteLine(Json(report).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            else
                Print(context.Out, report, prepared, forecaster.Members.Count, clock.Elapsed.TotalSeconds);
            if (pngPath is not null)
            {
                ForecastPlot.Write(prepared, report, pngPath);
                (parsed.GetValue(json) ? context.Error : context.Out).WriteLine($"plot: {pngPath}");
            }
            return CliApp.Ok;
        });
        return command;
    }

    /// <summary>The forecaster of the models in <paramref name="paths"/> (several: an ensemble), or one line that says what a file is instead.</summary>
    internal static Forecaster LoadForecaster(IReadOnlyList<string> paths, string verb)
    {
        var bundles = new List<ModelBundle>();
        foreach (string path in paths)
        {
            var bundle = ModelFile.Load(path);
            if (!Forecaster.IsForecastModel(bundle))
                throw new RecurrentException($"'{path}' is {bundle.Describe()}; `recurrent forecast {verb}` reads forecasting models, made by `recurrent forecast train`.");
            bundles.Add(bundle);
        }
        return new Forecaster(bundles, [.. paths.Select(path => $"'{path}'")]);
    }

    private static void Print(TextWriter output, BacktestReport report, ForecastData data, int models, double seconds)
    {
        if (models > 1)
            output.WriteLine($"ensemble of {models} models: their forecasts averaged");
        output.WriteLine(ForecastCommand.Invariant(
            $"backtest: {report.Origins} origins every {report.Stride} step(s) over the last {data.Layout.Settings.TestFraction:P0} of {data.Series.Count} series, {report.Horizon} steps each ({seconds:F1} s)"));
        foreach (var target in report.Targets)
        {
            output.WriteLine();
            output.WriteLine($"{target.Target}:");
            output.WriteLine($"  {"method",-26} {"MAE",12} {"RMSE",12} {"sMAPE %",9} {"MASE",8}");
            var model = target.Methods[0];
            foreach (var method in target.Methods)
                output.WriteLine(ForecastCommand.Invariant(
                    $"  {method.Method,-26} {method.Mae,12:G6} {method.Rmse,12:G6} {method.SMape,9:F3} {(double.IsFinite(method.Mase) ? method.Mase.ToString("F4", System.Globalization.CultureInfo.InvariantCulture) : "n/a"),8}") +
                    (method == model ? "" : ForecastCommand.Invariant($"   model/this MAE {model.Mae / method.Mae:F3}")));
            if (target.Coverage is double coverage)
                output.WriteLine(ForecastCommand.Invariant(
                    $"  interval {target.Nominal:P0} nominal: covers {coverage:P1} of the actual values, mean width {target.MeanWidth:G6}") +
                    (report.CalibrationWindows > 0
                        ? ForecastCommand.Invariant($" (calibrated at each origin on the latest {report.CalibrationWindows} windows whose values were known; the network's own quantiles cover {target.RawCoverage:P1})")
                        : ""));
        }
    }

    private static JsonObject Json(BacktestReport report) => new()
    {
        ["origins"] = report.Origins,
        ["horizon"] = report.Horizon,
        ["stride"] = report.Stride,
        ["season"] = report.Season,
        ["targets"] = new JsonArray([.. report.Targets.Select(target => (JsonNode)new JsonObject
        {
            ["target"] = target.Target,
            ["nominal"] = target.Nominal,
            ["coverage"] = target.Coverage,
            ["raw_coverage"] = target.RawCoverage,
            ["mean_width"] = target.MeanWidth,
            ["methods"] = new JsonArray([.. target.Methods.Select(m => (JsonNode)new JsonObject
            {
                ["method"] = m.Method, ["mae"] = m.Mae, ["rmse"] = m.Rmse, ["smape"] = m.SMape, ["mase"] = double.IsFinite(m.Mase) ? m.Mase : null,
            })]),
        })]),
    };
}
