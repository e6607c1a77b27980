// One window of a forecaster, written into a batch: the stretch of a series' standardised rows a forecast from
// origin t reads (ForecastLayout), with what t cannot know hidden (the targets and past covariates after t read as
// zeros with the flag 0), and the targets it is trained to write. Relative to its level (WindowLevel: the mean of
// the context's targets by default, or the last of them), the level is taken from the targets it reads, their lags
// and its targets, and added back to its forecasts. Training, validation and forecasting all write windows here, so they cannot differ.
using System.Numerics;

namespace Recurrent.Forecasting;

/// <summary>Writes the inputs and targets of the window of one origin as sequence b of a batch.</summary>
internal static class ForecastWindow
{
    /// <summary>The first row of the window of origin <paramref name="origin"/>: t − C + 2.</summary>
    public static int FirstRow(ForecastLayout layout, int origin) => origin - layout.Settings.Context + 2;

    /// <summary>
    /// Writes the window's T input rows as sequence <paramref name="b"/> of <paramref name="batch"/> (row j·B + b of
    /// F values) and its level per target into <paramref name="level"/> (zeros when not relative to the level).
    /// </summary>
    public static void WriteInputs<T>(ForecastLayout layout, PreparedSeries series, int origin, int b, int batch, Span<T> inputs,
        Span<double> level) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var settings = layout.Settings;
        int width = layout.FeatureCount, k = layout.TargetCount, steps = settings.WindowSteps, first = FirstRow(layout, origin);
        level.Clear();
        if (settings.Level == WindowLevel.Mean)
        {
            for (int j = 0; j < settings.Context; j++)
                for (int target = 0; target < k; target++)
                    level[target] += series.Features[(first + j) * width + target];
            for (int target = 0; target < k; target++)
                level[target] /= settings.Context;
        }
        else if (settings.Level == WindowLevel.Last)
            series.Features.AsSpan((origin + 1) * width, k).CopyTo(level); // row t + 1 reads the targets of t
        for (int j = 0; j < steps; j++)
        {
            int u = first + j;
            ReadOnlySpan<double> row = series.Features.AsSpan(u * width, width);
            Span<T> into = inputs.Slice((j * batch + b) * width, width);
            bool observed = u <= origin + 1;
            for (int f = 0; f < width; f++)
                into[f] = T.CreateChecked(row[f]);
            if (observed)
                for (int target = 0; target < k; target++)
                    into[target] -= T.CreateChecked(level[target]);
            else
                into[..layout.KnownStart].Clear(); // the targets, the flag and the past covariates of steps after the origin
            for (int lag = 0; lag < settings.Lags.Count; lag++)
                for (int target = 0; target < k; target++)
                    into[layout.LagStart + lag * k + target] -= T.CreateChecked(level[target]);
        }
    }

    /// <summary>
    /// Writes the window's targets, relative to <paramref name="level"/>, for the head's rows of sequence
    /// <paramref name="b"/>: the H steps after the origin (direct, row h·B + b) or each step's own (autoregressive,
    /// row j·B + b); value k·Q + q holds target k for every q.
    /// </summary>
    public static void WriteTargets<T>(ForecastLayout layout, PreparedSeries series, int origin, int b, int batch, ReadOnlySpan<double> level,
        Span<T> targets) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var settings = layout.Settings;
        int k = layout.TargetCount, q = layout.ValuesPerTarget, outputs = layout.OutputSize;
        bool direct = settings.Mode == ForecastMode.Direct;
        int rows = direct ? settings.Horizon : settings.Context, firstTarget = direct ? origin + 1 : FirstRow(layout, origin);
        for (int r = 0; r < rows; r++)
        {
            Span<T> into = targets.Slice((r * batch + b) * outputs, outputs);
            for (int target = 0; target < k; target++)
                into.Slice(target * q, q).Fill(T.CreateChecked(series.Targets[(firstTarget + r) * k + target] - level[target]));
        }
    }
}
