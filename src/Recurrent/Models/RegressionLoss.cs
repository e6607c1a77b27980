// The loss a regression head is trained on: squared or absolute error for a point forecast, or the pinball loss
// for quantiles. A classification head always uses softmax cross-entropy and has no choice here.
namespace Recurrent.Models;

/// <summary>The loss of a regression head (see <see cref="ModelSpec.Loss"/>); every mean is over rows·O elements.</summary>
public enum RegressionLoss
{
    /// <summary>L = mean (y − target)², as torch.nn.MSELoss (mean): the conditional mean. The default.</summary>
    MeanSquaredError,
    /// <summary>L = mean |y − target|, as torch.nn.L1Loss (mean): the conditional median.</summary>
    MeanAbsoluteError,
    /// <summary>
    /// The pinball loss, L = mean max(τ·e, (τ − 1)·e) with e = target − y, where output o of a row predicts the quantile
    /// τ = <see cref="ModelSpec.Quantiles"/>[o mod Q] of its target (as PyTorch Forecasting's QuantileLoss).
    /// </summary>
    Quantile,
}
