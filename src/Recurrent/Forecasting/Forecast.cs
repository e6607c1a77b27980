// What a forecaster writes for one series from one origin: H steps of K targets, Q values each (the quantiles, or one
// point forecast), in the data's units, with the times of the steps.
namespace Recurrent.Forecasting;

/// <summary>The forecast of one series from one origin: value (h·K + k)·Q + q is quantile q of target k, h + 1 steps ahead.</summary>
public sealed class Forecast
{
    /// <param name="seriesId">The series' id ("" for a file of one series).</param>
    /// <param name="origin">The last observed row the forecast read.</param>
    /// <param name="times">(H) the times of the forecast steps.</param>
    /// <param name="values">(H × K × Q) the values: quantile q of target k, h + 1 steps ahead, at (h·K + k)·Q + q.</param>
    /// <param name="targets">K, the targets.</param>
    /// <param name="quantiles">The quantile levels (empty: one point forecast per step and target).</param>
    /// <param name="median">The quantile read as the point forecast.</param>
    /// <exception cref="ArgumentException">The values are not H × K × Q, or the median is not one of the quantiles.</exception>
    public Forecast(string seriesId, int origin, long[] times, double[] values, int targets, IReadOnlyList<double> quantiles, int median)
    {
        if (targets < 1 || values.Length != (long)times.Length * targets * Math.Max(1, quantiles.Count) || median < 0 || median >= Math.Max(1, quantiles.Count))
            throw new ArgumentException("A forecast holds H steps × K targets × Q values, and its median is one of them.", nameof(values));
        SeriesId = seriesId;
        Origin = origin;
        Times = times;
        Values = values;
        Targets = targets;
        Quantiles = quantiles;
        MedianIndex = median;
    }

    /// <summary>The series' id ("" for a file of one series).</summary>
    public string SeriesId { get; }

    /// <summary>The last observed row the forecast read (its index in the series).</summary>
    public int Origin { get; }

    /// <summary>(H) the times of the forecast steps.</summary>
    public long[] Times { get; }

    /// <summary>(H × K × Q) the forecast values in data units.</summary>
    public double[] Values { get; }

    /// <summary>K, the targets.</summary>
    public int Targets { get; }

    /// <summary>The quantile levels of the values (empty: one point forecast each).</summary>
    public IReadOnlyList<double> Quantiles { get; }

    /// <summary>Q, the values per step and target.</summary>
    public int ValuesPerTarget => Math.Max(1, Quantiles.Count);

    /// <summary>The quantile read as the point forecast (the median, or the one nearest it).</summary>
    public int MedianIndex { get; }

    /// <summary>H, the steps forecast.</summary>
    public int Horizon => Times.Length;

    /// <summary>Value <paramref name="q"/> of target <paramref name="target"/>, <paramref name="step"/> + 1 steps ahead.</summary>
    public double Value(int step, int target, int q) => Values[(step * Targets + target) * ValuesPerTarget + q];

    /// <summary>The point forecast of target <paramref name="target"/>, <paramref name="step"/> + 1 steps ahead (the median for quantiles).</summary>
    public double Point(int step, int target) => Value(step, target, MedianIndex);
}
