// `recurrent forecast predict`: the forecast of the H steps after the last observed row of every series of a CSV,
// the time column continued, with the quantiles as columns; printed as CSV, or written to --out.
using System.CommandLine;
using System.Globalization;
using System.Text;
using Recurrent.Forecasting;

namespace Recurrent.Cli;

internal static class ForecastPredictCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string[]>("--model")
        {
            Description = "A forecasting model (.safetensors), made by `recurrent forecast train`; several: an ensemble, their forecasts averaged",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var data = new Option<string>("--data") { Description = "The CSV whose series to continue (and the known covariates of the steps ahead, in rows whose targets are empty)", Required = true };
        var output = new Option<string?>("--out") { Description = "Write the forecast to this CSV file instead of printing it" };
        var command = new Command("predict", "Forecast the steps after the last observed row of every series") { model, data, output };
        command.SetAction(parsed =>
        {
            string[] modelPaths = [.. parsed.GetValue(model)!.Select(path => Paths.Input("--model", path))];
            string dataPath = Paths.Input("--data", parsed.GetValue(data));
            string? outPath = parsed.GetResult(output) is null ? null : Paths.Output("--out", parsed.GetValue(output));
            var forecaster = ForecastEvalCommand.LoadForecaster(modelPaths, "predict");
            var table = SeriesTable.Read(dataPath, forecaster.Layout.Columns);
            var forecasts = forecaster.ForecastNext(forecaster.Prepare(table));
            string text = Csv(forecaster.Layout, table, forecasts);
            if (outPath is null)
                context.Out.Write(text);
            else
            {
                WholeFile.Write(outPath, new UTF8Encoding(false).GetBytes(text), "the forecast");
                context.Out.WriteLine($"forecast: {outPath} ({forecasts.Count} series, {forecaster.Layout.Settings.Horizon} steps)");
            }
            return CliApp.Ok;
        });
        return command;
    }

    /// <summary>series?, time column(s), then per target its point forecast and each quantile: births, births_q0.1 ...</summary>
    internal static string Csv(ForecastLayout layout, SeriesTable table, IReadOnlyList<Forecast> forecasts)
    {
        var columns = new List<string>();
        if (layout.Columns.Series is { } id)
            columns.Add(id);
        columns.AddRange(table.Axis.Columns.Count > 0 ? table.Axis.Columns : ["step"]);
        var quantiles = layout.Settings.Quantiles;
        foreach (string target in layout.Columns.Targets)
        {
            columns.Add(target);
            columns.AddRange(quantiles.Select(q => $"{target}_q{q.ToString(CultureInfo.InvariantCulture)}"));
        }
        var text = new StringBuilder();
        text.AppendLine(string.Join(",", columns.Select(Quote)));
        foreach (var forecast in forecasts)
            for (int h = 0; h < forecast.Horizon; h++)
            {
                var cells = new List<string>();
                if (layout.Columns.Series is not null)
                    cells.Add(forecast.SeriesId);
                cells.AddRange(table.Axis.Format(forecast.Times[h]));
                for (int k = 0; k < forecast.Targets; k++)
                {
                    cells.Add(Number(forecast.Point(h, k)));
                    if (quantiles.Count > 0)
                        for (int q = 0; q < quantiles.Count; q++)
                            cells.Add(Number(forecast.Value(h, k, q)));
                }
                text.AppendLine(string.Join(",", cells.Select(Quote)));
            }
        return text.ToString();
    }

    private static string Number(double value) => value.ToString("G7", CultureInfo.InvariantCulture);

    private static string Quote(string cell) =>
        cell.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{cell.Replace("\"", "\"\"")}\"" : cell;
}
