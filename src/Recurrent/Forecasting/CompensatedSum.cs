// A running sum in double with Neumaier's compensation: the rounding error of each addition is kept and added back
// at the end, so a backtest's error sums over many forecasts do not drift with their length or depend (beyond the
// last bits) on the order in which the forecasts were added. Internal: the metrics' accumulators share it.
namespace Recurrent.Forecasting;

/// <summary>Σ values, with Neumaier's (improved Kahan–Babuška) compensation of the rounding errors.</summary>
internal struct CompensatedSum
{
    private double _sum;
    private double _compensation;

    /// <summary>Adds <paramref name="value"/>, keeping the low-order bits the addition rounded off.</summary>
    public void Add(double value)
    {
        double t = _sum + value;
        _compensation += Math.Abs(_sum) >= Math.Abs(value) ? (_sum - t) + value : (value - t) + _sum;
        _sum = t;
    }

    /// <summary>The sum so far, compensation included.</summary>
    public readonly double Value => _sum + _compensation;
}
