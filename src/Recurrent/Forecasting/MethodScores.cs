// How one forecasting method did on one target over a backtest: the four point-forecast errors side by side.
namespace Recurrent.Forecasting;

/// <summary>MAE, RMSE, sMAPE (percent) and MASE of one method on one target, pooled over every series and origin.</summary>
/// <param name="Method">"model", "naive", "seasonal naive (m = 364)", "linear".</param>
/// <param name="Mae">Mean absolute error, in the target's units.</param>
/// <param name="Rmse">Root mean squared error, in the target's units.</param>
/// <param name="SMape">Symmetric mean absolute percentage error (M4's), in percent.</param>
/// <param name="Mase">Mean absolute scaled error: each error over its series' in-sample (seasonal) naive MAE; NaN when every series is flat over its training rows.</param>
public sealed record MethodScores(string Method, double Mae, double Rmse, double SMape, double Mase);
