// `recurrent forecast`: time-series forecasting from CSV files, in three verbs over one model file: train (a
// forecaster of the targets from their past, covariates and calendar), eval (a rolling-origin backtest over the
// test part beside the naive, seasonal naive and linear baselines) and predict (the horizon after the last observed
// row). The model file keeps how the CSV is read, so eval and predict need only --model and --data.
using System.CommandLine;
using System.Globalization;

namespace Recurrent.Cli;

public static class ForecastCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("forecast", "Forecast time series from CSV files: train a forecaster, backtest it against baselines, predict what comes next");
        command.Subcommands.Add(ForecastTrainCommand.Create(context));
        command.Subcommands.Add(ForecastEvalCommand.Create(context));
        command.Subcommands.Add(ForecastPredictCommand.Create(context));
        return command;
    }

    /// <summary>A comma-separated list of names ("a,b, c"), without empty entries.</summary>
    internal static string[] Names(string? text) =>
        text is null ? [] : text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A comma-separated list of numbers, each checked by <paramref name="valid"/>.</summary>
    /// <exception cref="UsageException">An entry is not a number, or fails the check.</exception>
    internal static double[] Numbers(string option, string? text, string expected, Func<double, bool> valid)
    {
        var values = new List<double>();
        foreach (string entry in Names(text))
            values.Add(double.TryParse(entry, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value) && valid(value)
                ? value : throw new UsageException($"{option} takes {expected}, separated by commas (got '{text}')."));
        return [.. values];
    }

    internal static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
