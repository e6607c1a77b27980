// One series ready for a forecaster: its input rows standardised (ForecastData's scalings), its targets
// standardised, and where its parts begin. The rows are those SeriesFeatures writes; a window copies a stretch of
// them and hides what its origin cannot know (ForecastWindow).
namespace Recurrent.Forecasting;

/// <summary>The standardised rows and targets of one series, and its split by time.</summary>
public sealed class PreparedSeries
{
    internal PreparedSeries(SeriesData data, double[] features, double[] targets, int rows, int firstRow, int trainEnd, int validationEnd)
    {
        Data = data;
        Features = features;
        Targets = targets;
        Rows = rows;
        FirstRow = firstRow;
        TrainEnd = trainEnd;
        ValidationEnd = validationEnd;
    }

    /// <summary>The series as read.</summary>
    public SeriesData Data { get; }

    /// <summary>(rows × F) the standardised input rows (rows before <see cref="FirstRow"/> unused).</summary>
    public double[] Features { get; }

    /// <summary>(n × K) the standardised targets of the observed rows.</summary>
    public double[] Targets { get; }

    /// <summary>The input rows: the observed ones and as many after as the known covariates or the horizon reach.</summary>
    public int Rows { get; }

    /// <summary>The first row whose lags exist.</summary>
    public int FirstRow { get; }

    /// <summary>n, the observed rows.</summary>
    public int Observed => Data.Observed;

    /// <summary>The first validation row (the training rows are [0, TrainEnd)).</summary>
    public int TrainEnd { get; }

    /// <summary>The first test row (validation rows are [TrainEnd, ValidationEnd), test rows [ValidationEnd, n)).</summary>
    public int ValidationEnd { get; }
}
