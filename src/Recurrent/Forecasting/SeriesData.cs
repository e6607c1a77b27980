// One series of a series file, ready for a forecaster: n observed rows (every target known, gaps and empty cells
// filled as SeriesColumns.Fill said), then m future rows whose targets are unknown but whose known covariates are
// given. Plain arrays, row-major, with each row's file line kept for messages about it.
namespace Recurrent.Forecasting;

/// <summary>The rows of one series: times, targets and covariates, observed then future.</summary>
public sealed class SeriesData
{
    internal SeriesData(string id, int observed, int future, long[] times, double[] targets,
        Dictionary<string, double[]> numbers, Dictionary<string, string[]> labels, int[] lines, int filledValues)
    {
        Id = id;
        Observed = observed;
        Future = future;
        Times = times;
        Targets = targets;
        Numbers = numbers;
        Labels = labels;
        Lines = lines;
        FilledValues = filledValues;
    }

    /// <summary>The series' value in the series column; "" when the file has one series.</summary>
    public string Id { get; }

    /// <summary>n, the rows whose targets are known (given or filled).</summary>
    public int Observed { get; }

    /// <summary>m, the rows after the observed ones whose targets are all empty: the future, where known covariates are given.</summary>
    public int Future { get; }

    /// <summary>(n + m) the rows' times, one regular step apart (see <see cref="TimeAxis"/>).</summary>
    public long[] Times { get; }

    /// <summary>(n, K) the targets of the observed rows, row-major, K = the number of target columns.</summary>
    public double[] Targets { get; }

    /// <summary>The numeric covariates by column: a known covariate has n + m values, a past covariate n.</summary>
    public IReadOnlyDictionary<string, double[]> Numbers { get; }

    /// <summary>The categorical covariates by column, as labels: a known one n + m, a past one n.</summary>
    public IReadOnlyDictionary<string, string[]> Labels { get; }

    /// <summary>(n + m) the file line of each row; 0 for a row a fill added.</summary>
    public int[] Lines { get; }

    /// <summary>How many values a fill supplied (in added rows and empty cells).</summary>
    public int FilledValues { get; }
}
