// Small generated series for the forecasting tests, as CSV text or read tables: a daily series with a weekly
// pattern, a trend and noise; and a pair where one target follows the other's value a few steps earlier.
using System.Globalization;
using System.Text;
using Recurrent.Data;
using Recurrent.Forecasting;
using Recurrent.Numerics;

namespace Recurrent.Tests.Forecasting;

internal static class GeneratedSeries
{
    /// <summary>date,sales: a weekly pattern around a rising level, with noise; from 2020-01-01, one row a day.</summary>
    public static string Weekly(int days, ulong seed = 1, double trend = 0.05)
    {
        var rng = new Rng(seed);
        var text = new StringBuilder("date,sales\n");
        var start = new DateTime(2020, 1, 1);
        for (int d = 0; d < days; d++)
        {
            double weekly = 10 * Math.Sin(2 * Math.PI * d / 7), value = 100 + trend * d + weekly + (rng.NextDouble() - 0.5) * 2;
            text.Append(CultureInfo.InvariantCulture, $"{start.AddDays(d):yyyy-MM-dd},{value:F3}\n");
        }
        return text.ToString();
    }

    /// <summary>step,x,y: x a noisy AR(1) series, y = 0.9·x three steps earlier plus a little noise.</summary>
    public static string Lagged(int rows, ulong seed = 2)
    {
        var rng = new Rng(seed);
        var x = new double[rows];
        var text = new StringBuilder("step,x,y\n");
        for (int t = 0; t < rows; t++)
        {
            x[t] = (t > 0 ? 0.8 * x[t - 1] : 0) + (rng.NextDouble() - 0.5) * 2;
            double y = (t >= 3 ? 0.9 * x[t - 3] : 0) + (rng.NextDouble() - 0.5) * 0.1;
            text.Append(CultureInfo.InvariantCulture, $"{t},{x[t]:R},{y:R}\n");
        }
        return text.ToString();
    }

    /// <summary>The table of CSV <paramref name="text"/> read with <paramref name="columns"/>.</summary>
    public static SeriesTable Table(string text, SeriesColumns columns) =>
        SeriesTable.Read(CsvTable.Parse(new StringReader(text), "'generated.csv'"), columns);
}
