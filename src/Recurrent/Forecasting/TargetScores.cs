// A backtest's figures for one target: each method's errors, and how often the model's outer quantiles held the actual value.
namespace Recurrent.Forecasting;

/// <summary>Every method's errors on one target, and the measured coverage of the model's interval (when it has one).</summary>
/// <param name="Target">The target column.</param>
/// <param name="Methods">The model first, then the baselines.</param>
/// <param name="Nominal">The interval's nominal coverage (highest minus lowest quantile); null for point forecasts.</param>
/// <param name="Coverage">The fraction of actual values inside [lowest, highest quantile], calibrated when possible; null for point forecasts.</param>
/// <param name="MeanWidth">The interval's mean width in the target's units; null for point forecasts.</param>
/// <param name="RawCoverage">The coverage of the network's own quantiles, before the conformal calibration; null for point forecasts.</param>
public sealed record TargetScores(string Target, IReadOnlyList<MethodScores> Methods, double? Nominal, double? Coverage, double? MeanWidth,
    double? RawCoverage);
