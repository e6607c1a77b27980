// An averaged copy of the weights, kept beside the trained ones, as torch.optim.swa_utils.AveragedModel keeps it:
// an exponential moving average (EMA) with a decay, avg ← decay·avg + (1 − decay)·w after every step, or stochastic
// weight averaging (SWA) from a step on, the plain mean of the weights after each step from there. The first update
// copies the weights (AveragedModel's first update_parameters). A noisy late-training trajectory averages to a point
// that usually generalises better than any one of its steps; validation, the best model and the saved model read the
// average, while training goes on from the trained weights. The update is one pass over preallocated arrays.
namespace Recurrent.Training;

/// <summary>The running average of a model's weights over its training steps.</summary>
public sealed class WeightAveraging
{
    /// <param name="count">The number of weights.</param>
    /// <param name="emaDecay">The EMA decay in (0, 1), or 0 for SWA.</param>
    /// <param name="swaStart">For SWA, the first step (1-based) whose weights enter the mean; 0 for EMA.</param>
    /// <exception cref="ArgumentOutOfRangeException">Neither or both of EMA and SWA are chosen, or a value is out of range.</exception>
    public WeightAveraging(int count, double emaDecay, long swaStart)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if ((emaDecay > 0) == (swaStart > 0))
            throw new ArgumentOutOfRangeException(nameof(emaDecay), "Average the weights by an EMA decay or from an SWA start step, one of the two.");
        if (!(emaDecay >= 0 && emaDecay < 1))
            throw new ArgumentOutOfRangeException(nameof(emaDecay), emaDecay, "The EMA decay must be in (0, 1).");
        ArgumentOutOfRangeException.ThrowIfNegative(swaStart);
        EmaDecay = emaDecay;
        SwaStart = swaStart;
        Average = new float[count];
        _trained = new float[count];
    }

    private readonly float[] _trained;

    /// <summary>The EMA decay, or 0 for SWA.</summary>
    public double EmaDecay { get; }

    /// <summary>The first step whose weights SWA averages, or 0 for EMA.</summary>
    public long SwaStart { get; }

    /// <summary>The averaged weights (zeros before the first update).</summary>
    public float[] Average { get; }

    /// <summary>How many steps' weights the average holds.</summary>
    public long Updates { get; private set; }

    /// <summary>
    /// Takes the weights after step <paramref name="step"/> (1-based) into the average: for EMA every step, for SWA the
    /// steps from <see cref="SwaStart"/> on.
    /// </summary>
    public void Update(long step, ReadOnlySpan<float> weights)
    {
        if (weights.Length != Average.Length)
            throw new ArgumentException($"Expected {Average.Length} weights, got {weights.Length}.", nameof(weights));
        if (SwaStart > 0 && step < SwaStart)
            return;
        Span<float> average = Average;
        if (Updates == 0)
            weights.CopyTo(average);
        else if (EmaDecay > 0)
        {
            float keep = (float)EmaDecay, take = (float)(1 - EmaDecay);
            for (int k = 0; k < average.Length; k++)
                average[k] = keep * average[k] + take * weights[k];
        }
        else
        {
            float count = Updates + 1; // the mean of n + 1 weights: avg + (w − avg) / (n + 1), divided as torch divides
            for (int k = 0; k < average.Length; k++)
                average[k] += (weights[k] - average[k]) / count;
        }
        Updates++;
    }

    /// <summary>
    /// Runs <paramref name="action"/> with <paramref name="weights"/> holding the average (when there is one), then puts
    /// the trained weights back, bit for bit. The action is given a copy of the trained weights while the average stands
    /// in for them, or null when there is no average yet (and the weights are the trained ones).
    /// </summary>
    public void WithAverage(float[] weights, Action<float[]?> action)
    {
        if (Updates == 0)
        {
            action(null);
            return;
        }
        weights.CopyTo(_trained, 0);
        Average.CopyTo(weights, 0);
        try
        {
            action(_trained);
        }
        finally
        {
            _trained.CopyTo(weights, 0);
        }
    }

    /// <summary>Continues a saved average: its values and update count.</summary>
    public void Restore(ReadOnlySpan<float> average, long updates)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(updates);
        if (average.Length != Average.Length)
            throw new ArgumentException($"Expected {Average.Length} averaged weights, got {average.Length}.", nameof(average));
        average.CopyTo(Average);
        Updates = updates;
    }
}
