// How a forecaster reaches H steps ahead. Direct: one head on the last context step writes all H steps of every
// target at once (Darts' BlockRNNModel, the Keras weather example's multi-output model). Autoregressive: a head at
// every step predicts the next step, and forecasting feeds each prediction back as the next input (char-rnn's
// generation, Darts' RNNModel); kept to compare, since its errors compound with the horizon.
namespace Recurrent.Forecasting;

/// <summary>Direct multi-output forecasting, or one step at a time with the prediction fed back.</summary>
public enum ForecastMode
{
    /// <summary>A head on the last step predicts the whole horizon at once.</summary>
    Direct,

    /// <summary>A head at every step predicts the next step; forecasts feed predictions back.</summary>
    Autoregressive,
}
