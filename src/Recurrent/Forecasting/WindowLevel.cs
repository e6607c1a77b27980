// What a forecaster's window is read relative to. A series that drifts (a trend, a level that moves between the
// training and the test rows) looks the same to the model wherever it is when every window is read relative to its
// own level: that level is taken from the targets it reads, their lags and the values it predicts, and added back
// to its forecasts. The mean of the context suits seasonal series (DeepAR divides each window by its mean); the last
// value suits series that wander like a random walk (sensor readings), where the last value is the best guess of
// the next and the model learns the change.
namespace Recurrent.Forecasting;

/// <summary>The level each window is read relative to.</summary>
public enum WindowLevel
{
    /// <summary>The mean of the targets over the context (the default).</summary>
    Mean,

    /// <summary>The last observed target.</summary>
    Last,

    /// <summary>None: windows are read as they are (standardised only).</summary>
    None,
}
