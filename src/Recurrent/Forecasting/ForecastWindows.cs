// The windows of a forecaster as a batch source and an example set: one example per (series, origin), in the order
// given; training shuffles them every epoch (ExampleSource), validation reads them in order. Inputs and targets come
// from ForecastWindow, as they do when forecasting.
using System.Numerics;
using Recurrent.Data;

namespace Recurrent.Forecasting;

/// <summary>Windows of prepared series from chosen origins: training batches and validation examples.</summary>
public sealed class ForecastWindows : ExampleSource
{
    private readonly ForecastData _data;
    private readonly (int Series, int Origin)[] _origins;
    private readonly double[] _level;

    /// <param name="data">The prepared series.</param>
    /// <param name="origins">The windows: a series index and an origin (the last observed step) each.</param>
    /// <param name="batch">B, the windows of a training batch (at most the windows).</param>
    /// <param name="seed">The seed of the per-epoch shuffles.</param>
    /// <param name="shuffle">False: epochs visit the windows in order.</param>
    /// <exception cref="RecurrentException">There are fewer windows than a batch.</exception>
    public ForecastWindows(ForecastData data, IReadOnlyList<(int Series, int Origin)> origins, int batch, ulong seed = 1, bool shuffle = true)
        : base(WindowCount(origins, batch), data.Layout.Settings.WindowSteps, batch, seed, shuffle)
    {
        _data = data;
        _origins = [.. origins];
        _level = new double[data.Layout.TargetCount];
    }

    private static int WindowCount(IReadOnlyList<(int, int)> origins, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        if (origins.Count < batch)
            throw new RecurrentException($"There are {origins.Count} training windows, fewer than a batch of {batch}; lower batch, or use a longer series.",
                "batch");
        return origins.Count;
    }

    /// <summary>The window of example <paramref name="example"/>: its series and origin.</summary>
    public (int Series, int Origin) Window(int example) => _origins[example];

    private protected override void Check<T>(BatchBuffers<T> batch, int sequences)
    {
        var layout = _data.Layout;
        int rows = layout.Settings.Mode == ForecastMode.Direct ? layout.Settings.Horizon : Steps;
        if (batch.Inputs.Length != (long)Steps * sequences * layout.FeatureCount || batch.TargetValues.Length != (long)rows * sequences * layout.OutputSize)
            throw new ArgumentException($"Forecast windows need {(long)Steps * sequences * layout.FeatureCount} input values and " +
                $"{(long)rows * sequences * layout.OutputSize} target values (the model of this layout).", nameof(batch));
    }

    private protected override void Write<T>(int example, int b, int sequences, BatchBuffers<T> batch)
    {
        var (series, origin) = _origins[example];
        var prepared = _data.Series[series];
        ForecastWindow.WriteInputs(_data.Layout, prepared, origin, b, sequences, batch.Inputs, _level);
        ForecastWindow.WriteTargets(_data.Layout, prepared, origin, b, sequences, _level, batch.TargetValues);
    }
}
