// Turns one row of logits into a drawn token under SamplingOptions, in HF transformers' order:
// temperature scaling, then top-k, then top-p (on the distribution that top-k left, renormalised),
// then a draw from what remains. Works in double whatever T is, and allocates nothing after the
// constructor: a generation loop draws thousands of tokens. It does not run the model (see Sampler).
using System.Numerics;
using Recurrent.Numerics;

namespace Recurrent.Generation;

/// <summary>Temperature, top-k, top-p and greedy selection over V logits, with buffers sized once.</summary>
public sealed class SamplingPolicy<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>
    /// A nucleus is complete once its cumulative probability is within this of p: probabilities from float32 logits
    /// are only good to about 1e-7, so 0.5 + 0.3 must count as reaching p = 0.8 even when it rounds to 0.79999997.
    /// </summary>
    public const double NucleusTolerance = 1e-6;

    private readonly double[] _scores;        // (V) z = logits / temperature
    private readonly double[] _weights;       // (V) exp(z − max z), 0 where filtered out; sums to _total
    private readonly double[] _probabilities; // (V) _weights / _total, for callers that want the distribution
    private readonly int[] _order;            // (V) token indices, most likely first, ties lowest index first
    private readonly Comparison<int> _mostLikelyFirst;
    private double _total;

    /// <param name="size">V, the number of logits per row.</param>
    public SamplingPolicy(int size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        _scores = new double[size];
        _weights = new double[size];
        _probabilities = new double[size];
        _order = new int[size];
        _mostLikelyFirst = MostLikelyFirst; // one delegate, made here, so sorting allocates nothing
    }

    /// <summary>V.</summary>
    public int Size => _scores.Length;

    /// <summary>Draws a token from <paramref name="logits"/> under <paramref name="options"/>, using <paramref name="rng"/> once (never when greedy).</summary>
    /// <exception cref="ArgumentException">The logits are not V long.</exception>
    public int Draw(ReadOnlySpan<T> logits, SamplingOptions options, Rng rng) =>
        Draw(logits, options.IsGreedy ? 0 : options.Temperature, options.TopK, options.TopP, rng);

    /// <summary>
    /// The distribution <see cref="Draw(ReadOnlySpan{T}, SamplingOptions, Rng)"/> samples from: softmax(logits / T)
    /// restricted to the top-k, then to the top-p nucleus, renormalised; one-hot at the arg-max when greedy.
    /// Valid until the next call on this policy.
    /// </summary>
    public ReadOnlySpan<double> Distribution(ReadOnlySpan<T> logits, SamplingOptions options)
    {
        CheckLength(logits);
        if (options.IsGreedy)
        {
            Array.Clear(_probabilities);
            _probabilities[ArgMax(logits)] = 1;
            return _probabilities;
        }
        Weigh(logits, options.Temperature, options.TopK, options.TopP);
        for (int k = 0; k < _weights.Length; k++)
            _probabilities[k] = _weights[k] / _total;
        return _probabilities;
    }

    /// <summary>The index of the largest logit; the lowest such index on ties.</summary>
    public static int ArgMax(ReadOnlySpan<T> logits)
    {
        int best = 0;
        for (int k = 1; k < logits.Length; k++)
            if (logits[k] > logits[best])
                best = k;
        return best;
    }

    /// <summary>The draw with the options spelt out; temperature 0 is greedy. Callers have validated the values.</summary>
    internal int Draw(ReadOnlySpan<T> logits, double temperature, int topK, double topP, Rng rng)
    {
        CheckLength(logits);
        if (temperature == 0)
            return ArgMax(logits);
        Weigh(logits, temperature, topK, topP);
        return Pick(rng.NextDouble());
    }

    /// <summary>Fills _weights with exp(z − max z) for the kept tokens and 0 for the others, and _total with their sum.</summary>
    private void Weigh(ReadOnlySpan<T> logits, double temperature, int topK, double topP)
    {
        int size = _scores.Length;
        double max = double.NegativeInfinity;
        for (int k = 0; k < size; k++)
        {
            double z = double.CreateChecked(logits[k]) / temperature;
            _scores[k] = z;
            if (z > max)
                max = z;
        }
        for (int k = 0; k < size; k++)
            _weights[k] = Math.Exp(_scores[k] - max);

        int keep = topK > 0 ? Math.Min(topK, size) : size;
        if (keep < size || topP < 1)
        {
            for (int k = 0; k < size; k++)
                _order[k] = k;
            _order.AsSpan().Sort(_mostLikelyFirst);
            if (topP < 1)
                keep = NucleusSize(keep, topP);
            for (int j = keep; j < size; j++)
                _weights[_order[j]] = 0;
        }
        _total = 0;
        for (int k = 0; k < size; k++)
            _total += _weights[k];
    }

    /// <summary>How many of the first <paramref name="candidates"/> tokens in _order make the top-p nucleus (at least one).</summary>
    private int NucleusSize(int candidates, double topP)
    {
        double mass = 0;
        for (int j = 0; j < candidates; j++)
            mass += _weights[_order[j]];
        double target = (topP - NucleusTolerance) * mass, cumulative = 0;
        for (int j = 0; j < candidates; j++)
        {
            cumulative += _weights[_order[j]];
            if (cumulative >= target)
                return j + 1;
        }
        return candidates;
    }

    /// <summary>Inverse-CDF draw over _weights in index order, for a uniform <paramref name="uniform"/> in [0, 1).</summary>
    private int Pick(double uniform)
    {
        double draw = uniform * _total, cumulative = 0;
        int last = 0;
        for (int k = 0; k < _weights.Length; k++)
        {
            double weight = _weights[k];
            if (weight == 0)
                continue;
            cumulative += weight;
            if (draw < cumulative)
                return k;
            last = k;
        }
        return last; // draw rounded up to _total: the last token with any weight
    }

    /// <summary>Larger score first; on equal scores the lower index first, so the order is total and deterministic.</summary>
    private int MostLikelyFirst(int a, int b)
    {
        int byScore = _scores[b].CompareTo(_scores[a]);
        return byScore != 0 ? byScore : a.CompareTo(b);
    }

    private void CheckLength(ReadOnlySpan<T> logits)
    {
        if (logits.Length != _scores.Length)
            throw new ArgumentException($"Expected {_scores.Length} logits, got {logits.Length}.", nameof(logits));
    }
}
