// Range checks for option values, with messages that name the option the user typed.
using System.Globalization;
using Recurrent.Models;
using Recurrent.Training;

namespace Recurrent.Cli;

/// <summary>Validation of parsed option values; each failure is a <see cref="UsageException"/>.</summary>
public static class OptionChecks
{
    public static int AtLeast(string option, int value, int minimum) =>
        value >= minimum ? value : throw new UsageException($"{option} must be at least {minimum} (got {value}).");

    public static long AtLeast(string option, long value, long minimum) =>
        value >= minimum ? value : throw new UsageException($"{option} must be at least {minimum} (got {value}).");

    /// <summary>A finite number in [minimum, maximum] (or [minimum, maximum) when <paramref name="maximumIncluded"/> is false).</summary>
    public static double InRange(string option, double value, double minimum, double maximum, bool maximumIncluded = true)
    {
        bool ok = double.IsFinite(value) && value >= minimum && (maximumIncluded ? value <= maximum : value < maximum);
        if (ok)
            return value;
        string upper = double.IsPositiveInfinity(maximum) ? "" : maximumIncluded ? $" and at most {Show(maximum)}" : $" and below {Show(maximum)}";
        throw new UsageException($"{option} must be a number of at least {Show(minimum)}{upper} (got {Show(value)}).");
    }

    public static double Positive(string option, double value) =>
        double.IsFinite(value) && value > 0 ? value : throw new UsageException($"{option} must be a positive number (got {Show(value)}).");

    public static CellKind Cell(string option, string value) =>
        CellKinds.TryParse(value, out var cell) ? cell : throw new UsageException($"{option} must be lstm, gru or rnn (got '{value}').");

    public static OptimizerKind Optimizer(string option, string value) =>
        OptimizerKinds.TryParse(value, out var kind) ? kind
            : throw new UsageException($"{option} must be sgd, adagrad, rmsprop, adam or adamw (got '{value}').");

    /// <summary>What a classifier's head reads of each sequence: final, mean, max or last.</summary>
    public static Readout Pooling(string option, string value) => value.ToLowerInvariant() switch
    {
        "final" => Readout.FinalStates,
        "mean" => Readout.MeanOverSteps,
        "max" => Readout.MaxOverSteps,
        "last" => Readout.LastStep,
        _ => throw new UsageException($"{option} must be final, mean, max or last (got '{value}')."),
    };

    public static string Show(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
