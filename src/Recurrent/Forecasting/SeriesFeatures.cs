// The input rows of one series in the data's units, as the layout says (see ForecastLayout): row u reads the targets
// and past covariates of u − 1 (with the flag 1 while they are observed), the known covariates and the calendar of
// u, and the lagged targets. Rows run past the last observed one as far as a forecast from it reaches, H rows, or
// less when the known covariates end sooner (the calendar continues the time axis).
namespace Recurrent.Forecasting;

/// <summary>Writes the raw (unscaled) input rows of a series.</summary>
internal static class SeriesFeatures
{
    /// <summary>The first row whose lagged targets (and previous target) exist: max(1, largest lag).</summary>
    public static int FirstRow(ForecastLayout layout) => Math.Max(1, layout.Settings.Lags.Count == 0 ? 1 : layout.Settings.Lags.Max());

    /// <summary>
    /// The rows of a series: as far as a forecast from its last observed row reaches, n + H, or less when its known
    /// covariates end sooner (at n + m, and a row reads those of the N after it: n + m − N).
    /// </summary>
    public static int RowCount(ForecastLayout layout, SeriesData series)
    {
        int reach = series.Observed + layout.Settings.Horizon;
        return layout.Columns.Covariates.Count > 0 ? Math.Min(reach, series.Observed + series.Future - layout.Settings.KnownAhead) : reach;
    }

    /// <summary>
    /// The raw rows [0, RowCount) of <paramref name="series"/>, F values each (rows before <see cref="FirstRow"/> are
    /// zeros); returns them with the number of categorical values whose label the layout does not know.
    /// </summary>
    /// <exception cref="RecurrentException">Calendar features are asked of a series without dates.</exception>
    public static (double[] Rows, int UnknownLabels) Write(ForecastLayout layout, SeriesData series, TimeAxis axis)
    {
        int rows = RowCount(layout, series), ahead = layout.Settings.KnownAhead, width = layout.FeatureCount, k = layout.TargetCount;
        int n = series.Observed, unknown = 0;
        var values = new double[(long)(rows + ahead) * width]; // the N rows past the last are written for the known inputs they lend
        for (int u = FirstRow(layout); u < rows + ahead; u++)
        {
            var row = values.AsSpan(u * width, width);
            if (u - 1 < n)
            {
                series.Targets.AsSpan((u - 1) * k, k).CopyTo(row);
                row[layout.FlagIndex] = 1;
                int at = layout.PastStart;
                foreach (string name in layout.Columns.PastCovariates)
                    at += WriteCovariate(layout, series, name, u - 1, row[at..], ref unknown);
            }
            int known = layout.KnownStart;
            foreach (string name in layout.Columns.Covariates)
                known += WriteCovariate(layout, series, name, u, row[known..], ref unknown);
            if (layout.Settings.Calendar.Count > 0)
            {
                DateTime date = axis.ToDate(TimeOf(series, axis, u)) ?? throw new RecurrentException(
                    "Calendar features need a time column of dates or times; this series is read by row order or by numbers.", "calendar");
                int at = layout.CalendarStart;
                foreach (var feature in layout.Settings.Calendar)
                {
                    int w = Calendar.Width(feature);
                    Calendar.Encode(date, feature, row.Slice(at, w));
                    at += w;
                }
            }
            for (int l = 0; l < layout.Settings.Lags.Count && u < rows; l++)
                series.Targets.AsSpan((u - layout.Settings.Lags[l]) * k, k).CopyTo(row[(layout.LagStart + l * k)..]);
        }
        int block = layout.LagStart - layout.KnownStart;
        for (int u = FirstRow(layout); u < rows; u++)
            for (int a = 1; a <= ahead; a++)
                values.AsSpan((u + a) * width + layout.KnownStart, block).CopyTo(values.AsSpan(u * width + layout.AheadStart + (a - 1) * block, block));
        return (ahead == 0 ? values : values[..(rows * width)], unknown);
    }

    /// <summary>The time of row <paramref name="u"/>: the series' own, or the axis continued past its last row.</summary>
    public static long TimeOf(SeriesData series, TimeAxis axis, int u)
    {
        int last = series.Times.Length - 1;
        return u <= last ? series.Times[u] : axis.Next(series.Times[last], u - last);
    }

    private static int WriteCovariate(ForecastLayout layout, SeriesData series, string name, int at, Span<double> row, ref int unknown)
    {
        if (layout.Levels.TryGetValue(name, out var labels))
        {
            int index = IndexOf(labels, series.Labels[name][at]);
            if (index >= 0)
                row[index] = 1;
            else
                unknown++;
            return labels.Count;
        }
        row[0] = series.Numbers[name][at];
        return 1;
    }

    private static int IndexOf(IReadOnlyList<string> labels, string label)
    {
        for (int i = 0; i < labels.Count; i++)
            if (labels[i] == label)
                return i;
        return -1;
    }
}
