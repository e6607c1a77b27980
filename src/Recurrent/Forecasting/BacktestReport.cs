// What a rolling-origin backtest found: per target, the model beside the naive, seasonal naive and linear
// forecasts, and the interval's coverage; with the forecasts themselves for plots and files.
namespace Recurrent.Forecasting;

/// <summary>The result of <see cref="Backtest.Run"/>.</summary>
/// <param name="Origins">The forecast origins, over every series.</param>
/// <param name="Horizon">H, the steps of each forecast.</param>
/// <param name="Stride">The steps between origins.</param>
/// <param name="Season">The seasonal naive's season (and MASE's), or null when none was given (MASE then scales by the naive's).</param>
/// <param name="Targets">Per target, every method's errors.</param>
/// <param name="Forecasts">The model's forecasts, origin by origin, their intervals calibrated when <paramref name="CalibrationWindows"/> is above 0.</param>
/// <param name="CalibrationWindows">The windows each origin's interval was calibrated on (the most any origin had); 0 without calibration.</param>
public sealed record BacktestReport(int Origins, int Horizon, int Stride, int? Season, IReadOnlyList<TargetScores> Targets,
    IReadOnlyList<Forecast> Forecasts, int CalibrationWindows);
