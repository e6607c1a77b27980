// What a forecaster is asked to do, beside the model's sizes and the optimisation: how many steps it reads
// (context) and writes (horizon), directly or autoregressively, point forecasts (squared or absolute error) or
// quantiles (pinball loss), which calendar features and target lags it reads, and how the rows of every series are
// split by time into training, validation and the test part the backtest uses. Saved with the model, so evaluation
// and prediction read the data exactly as training did.
using Recurrent.Models;

namespace Recurrent.Forecasting;

/// <summary>Context, horizon, mode, loss or quantiles, derived inputs and the time split of a forecaster.</summary>
public sealed record ForecastSettings
{
    /// <summary>C, the steps of history a forecast reads.</summary>
    public int Context { get; init; } = 56;

    /// <summary>H, the steps ahead a forecast writes.</summary>
    public int Horizon { get; init; } = 28;

    /// <summary>Direct (all H steps at once, the default) or autoregressive.</summary>
    public ForecastMode Mode { get; init; } = ForecastMode.Direct;

    /// <summary>
    /// The quantiles forecast for every step and target, strictly increasing in (0, 1), trained with the pinball loss;
    /// empty: point forecasts trained with <see cref="PointLoss"/>.
    /// </summary>
    public IReadOnlyList<double> Quantiles { get; init; } = [];

    /// <summary>The loss of point forecasts: mean squared (the default) or mean absolute error.</summary>
    public RegressionLoss PointLoss { get; init; } = RegressionLoss.MeanSquaredError;

    /// <summary>Features derived from the time of each step (a calendar time axis only).</summary>
    public IReadOnlyList<CalendarFeature> Calendar { get; init; } = [];

    /// <summary>
    /// Past values of every target read as inputs known in advance: the step of time u reads the targets of time
    /// u − l for each lag l (364 for "the same weekday a year ago" in daily data). Each lag must be at least the
    /// horizon, so that it is observed at every step a forecast writes.
    /// </summary>
    public IReadOnlyList<int> Lags { get; init; } = [];

    /// <summary>
    /// N: every step also reads the known covariates and calendar of the N steps after it. A recurrent network reads
    /// forward, so without them a step cannot see what comes next (the day before a holiday does not know it is); 0
    /// (the default) reads each step's own only.
    /// </summary>
    public int KnownAhead { get; init; }

    /// <summary>What each window is read relative to: the mean of its context's targets (the default), the last one, or nothing.</summary>
    public WindowLevel Level { get; init; } = WindowLevel.Mean;

    /// <summary>The fraction of every series' observed rows, before the test part, held out for validation.</summary>
    public double ValidationFraction { get; init; } = 0.1;

    /// <summary>The fraction of every series' observed rows at its end kept for the backtest.</summary>
    public double TestFraction { get; init; } = 0.2;

    /// <summary>T, the steps of a window the model reads: C + H − 1 direct (the context, then the horizon's steps), C autoregressive.</summary>
    public int WindowSteps => Mode == ForecastMode.Direct ? Context + Horizon - 1 : Context;

    /// <summary>Q, the values forecast per step and target: the quantiles, or 1.</summary>
    public int ValuesPerTarget => Math.Max(1, Quantiles.Count);

    /// <summary>The regression loss the head trains with.</summary>
    public RegressionLoss Loss => Quantiles.Count > 0 ? RegressionLoss.Quantile : PointLoss;

    /// <summary>The index of the median among the quantiles (the point forecast; a single quantile is its own); 0 for point forecasts.</summary>
    public int MedianIndex => Quantiles.Count <= 1 ? 0 : Quantiles.ToList().IndexOf(0.5);

    /// <summary>Throws if a value is out of range.</summary>
    /// <exception cref="RecurrentException">A size, fraction, quantile or lag is out of range; the message names it.</exception>
    public ForecastSettings Validated()
    {
        if (Context < 1)
            throw new RecurrentException($"The context must be at least 1 step (got {Context}).", "context");
        if (Horizon < 1)
            throw new RecurrentException($"The horizon must be at least 1 step (got {Horizon}).", "horizon");
        if (!Enum.IsDefined(Mode))
            throw new ArgumentOutOfRangeException(nameof(Mode), Mode, "Unknown forecast mode.");
        if (!Enum.IsDefined(Level))
            throw new ArgumentOutOfRangeException(nameof(Level), Level, "Unknown window level.");
        if (Mode == ForecastMode.Autoregressive && Level != WindowLevel.None)
            throw new RecurrentException(
                "An autoregressive forecaster is trained to predict every step of its window, so a level taken from the window would read " +
                "targets it predicts; read its windows as they are (level none).", "level");
        if (PointLoss is not (RegressionLoss.MeanSquaredError or RegressionLoss.MeanAbsoluteError))
            throw new ArgumentOutOfRangeException(nameof(PointLoss), PointLoss, "Point forecasts train with the squared or the absolute error.");
        for (int q = 0; q < Quantiles.Count; q++)
            if (!(Quantiles[q] > 0 && Quantiles[q] < 1) || (q > 0 && !(Quantiles[q] > Quantiles[q - 1])))
                throw new RecurrentException(
                    $"The quantiles must be strictly increasing numbers between 0 and 1 (got {string.Join(", ", Quantiles)}).", "quantiles");
        if (Quantiles.Count > 1 && !Quantiles.Contains(0.5))
            throw new RecurrentException(
                $"Quantiles forecast an interval around the median, the point forecast: include 0.5 (got {string.Join(", ", Quantiles)}).", "quantiles");
        if (Lags.Any(lag => lag < Horizon))
            throw new RecurrentException(
                $"Every lag must be at least the horizon, {Horizon} steps, so that it is known at every step forecast (got {string.Join(", ", Lags)}).", "lags", "horizon");
        if (KnownAhead < 0)
            throw new RecurrentException($"The steps ahead whose known inputs a step reads must be at least 0 (got {KnownAhead}).", "knownAhead");
        if (Lags.Distinct().Count() != Lags.Count)
            throw new RecurrentException($"A lag is given twice ({string.Join(", ", Lags)}).", "lags");
        if (Calendar.Distinct().Count() != Calendar.Count)
            throw new RecurrentException("A calendar feature is given twice.", "calendar");
        if (!(ValidationFraction >= 0 && TestFraction >= 0 && ValidationFraction + TestFraction < 1))
            throw new RecurrentException(
                $"The validation and test fractions must be at least 0 and leave rows to train on (got {ValidationFraction} and {TestFraction}).",
                "valFraction", "testFraction");
        return this;
    }
}
