// How the next character is chosen from a model's logits: the knobs of HF transformers' and nanoGPT's
// generate (temperature, top-k, top-p, greedy). This file holds the settings and their validation;
// SamplingPolicy applies them, in the order temperature -> top-k -> top-p.
namespace Recurrent.Generation;

/// <summary>
/// Settings of one sampling run. Invalid values cannot be set: each property checks itself, so an options object,
/// once made, is always valid. The defaults (temperature 1, top-k off, top-p off) draw from softmax(logits).
/// </summary>
public sealed record SamplingOptions
{
    /// <summary>The plain softmax: temperature 1, no filtering.</summary>
    public static SamplingOptions Default { get; } = new();

    /// <summary>Always the most likely token.</summary>
    public static SamplingOptions ArgMax { get; } = new() { Greedy = true };

    /// <summary>Logits are divided by T before the softmax: T &lt; 1 sharpens, T &gt; 1 flattens, 0 means greedy.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative, infinite or NaN.</exception>
    public double Temperature
    {
        get;
        init => field = double.IsFinite(value) && value >= 0 ? value
            : throw new ArgumentOutOfRangeException(nameof(Temperature), value, "The temperature must be a finite number of at least 0 (0 means greedy).");
    } = 1;

    /// <summary>
    /// Keep only the k most likely tokens; 0 turns it off, k ≥ V keeps all. Exactly k are kept: among tokens tied
    /// with the k-th largest logit, the lowest indices win (so top-k 1 is the greedy choice).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Negative.</exception>
    public int TopK
    {
        get;
        init => field = value >= 0 ? value
            : throw new ArgumentOutOfRangeException(nameof(TopK), value, "Top-k must be at least 0 (0 turns it off).");
    }

    /// <summary>
    /// Nucleus sampling: keep the smallest set of most likely tokens whose probabilities (after temperature and
    /// top-k) add up to at least p, never fewer than one token; 1 turns it off.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Not in (0, 1], or NaN.</exception>
    public double TopP
    {
        get;
        init => field = value > 0 && value <= 1 ? value
            : throw new ArgumentOutOfRangeException(nameof(TopP), value, "Top-p must be above 0 and at most 1 (1 turns it off).");
    } = 1;

    /// <summary>Take the arg-max of the logits (the lowest index on ties); temperature, top-k and top-p are then ignored.</summary>
    public bool Greedy { get; init; }

    /// <summary>Whether the arg-max is taken: <see cref="Greedy"/> is set or the temperature is 0.</summary>
    public bool IsGreedy => Greedy || Temperature == 0;
}
