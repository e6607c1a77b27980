// The three parts of every series, split by time: training rows first, then validation, then the test part at the
// end that backtests forecast. A window belongs to the part its forecast steps fall in, so no training window reads a
// validation or test target, and scaling is fitted on the training rows alone.
namespace Recurrent.Forecasting;

/// <summary>Training, validation or test: which rows' targets a window forecasts.</summary>
public enum ForecastPart
{
    /// <summary>Windows whose forecast steps are all training rows.</summary>
    Training,

    /// <summary>Windows whose forecast steps are all validation rows.</summary>
    Validation,

    /// <summary>Windows whose forecast starts right after the validation rows or later, every stride steps (the backtest's origins).</summary>
    Test,
}
