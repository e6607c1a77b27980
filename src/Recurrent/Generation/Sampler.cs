// Reads text one character at a time from a zero state and draws the next character from the
// model's distribution under SamplingOptions (temperature, top-k, top-p, greedy; see SamplingPolicy).
// Feed and Next allocate nothing, so a generation loop runs without garbage.
// The sampler works on a snapshot of the model's weights taken when it is made (packed so that batch-1 steps
// stream them fastest; RecurrentModel.TakeWeightSnapshot): after training the model further, RefreshWeights.
using System.Numerics;
using Recurrent.Layers;
using Recurrent.Models;
using Recurrent.Numerics;

namespace Recurrent.Generation;

/// <summary>Step-by-step next-character prediction and sampling with a character model (batch 1).</summary>
public sealed class Sampler<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly RecurrentModel<T> _model;
    private readonly ModelWorkspace<T> _workspace;
    private readonly RecurrentState<T> _state;
    private readonly T[] _scaled, _probabilities;
    private readonly SamplingPolicy<T> _policy;
    private bool _hasRead;

    /// <summary>A sampler in the zero state over a snapshot of <paramref name="model"/>'s weights as they are now (see <see cref="RefreshWeights"/>).</summary>
    /// <exception cref="ArgumentException">
    /// The model is bidirectional, or not a language model (tokens in, a softmax over the same tokens at every step).
    /// </exception>
    public Sampler(RecurrentModel<T> model)
    {
        if (model.Spec.Bidirectional)
            throw new ArgumentException("Sampling reads one token at a time from a carried state; a bidirectional model reads a whole window from both ends.",
                nameof(model));
        if (!model.Spec.IsLanguageModel)
            throw new ArgumentException("Sampling needs a language model: tokens in, a softmax over the same tokens at every step out.", nameof(model));
        _model = model;
        _workspace = model.CreateWorkspace(1, 1, forBackward: false);
        model.TakeWeightSnapshot(_workspace);
        _state = model.CreateState(1);
        _scaled = new T[model.Spec.OutputSize];
        _probabilities = new T[model.Spec.OutputSize];
        _policy = new SamplingPolicy<T>(model.Spec.OutputSize);
    }

    /// <summary>
    /// Takes the model's current parameters (the sampler keeps a snapshot from when it was made, or from the last call):
    /// call after changing the model's weights, e.g. to sample between training steps. Keeps the state and what was read.
    /// </summary>
    public void RefreshWeights() => _model.TakeWeightSnapshot(_workspace);

    /// <summary>Back to the zero state, nothing read.</summary>
    public void Reset()
    {
        _state.Reset();
        _hasRead = false;
    }

    /// <summary>Reads one token; the distribution of the next one is then available.</summary>
    public void Feed(int token)
    {
        _workspace.Tokens[0] = token;
        _model.Forward(_workspace, 1, _state);
        _workspace.CopyFinalState(_state);
        _hasRead = true;
    }

    /// <summary>p(next token) = softmax(logits / temperature) after the tokens read so far.</summary>
    /// <exception cref="InvalidOperationException">Nothing has been read yet.</exception>
    public ReadOnlySpan<T> NextDistribution(double temperature = 1)
    {
        if (!_hasRead)
            throw new InvalidOperationException("Feed at least one token before asking for a prediction.");
        if (!(temperature > 0))
            throw new ArgumentOutOfRangeException(nameof(temperature), "The temperature of a distribution must be positive.");
        ReadOnlySpan<T> logits = _workspace.Outputs.AsSpan(0, _scaled.Length);
        T inverse = T.CreateChecked(1 / temperature);
        for (int k = 0; k < logits.Length; k++)
            _scaled[k] = logits[k] * inverse;
        SoftmaxCrossEntropy.Softmax<T>(_scaled, _probabilities);
        return _probabilities;
    }

    /// <summary>
    /// The distribution <see cref="Next(SamplingOptions, Rng)"/> draws from after the tokens read so far: softmax(logits / T)
    /// kept to the top-k, then to the top-p nucleus, renormalised (one-hot when greedy). Valid until the next call.
    /// </summary>
    /// <exception cref="InvalidOperationException">Nothing has been read yet.</exception>
    public ReadOnlySpan<double> SamplingDistribution(SamplingOptions options)
    {
        if (!_hasRead)
            throw new InvalidOperationException("Feed at least one token before asking for a prediction.");
        return _policy.Distribution(Logits, options);
    }

    /// <summary>
    /// Draws the next token under <paramref name="options"/> (see <see cref="SamplingPolicy{T}"/>). Before any token
    /// is read there is no context and no distribution, so the first token is drawn uniformly from all V, as
    /// char-rnn does, whatever the options: prime the sampler for a deterministic greedy start.
    /// </summary>
    public int Next(SamplingOptions options, Rng rng) =>
        _hasRead ? _policy.Draw(Logits, options, rng) : rng.NextInt(_probabilities.Length);

    /// <summary>
    /// Draws the next token from softmax(logits / temperature), or the arg-max when temperature is 0; the same as
    /// <see cref="Next(SamplingOptions, Rng)"/> with only the temperature set, without making an options object.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The temperature is negative, infinite or NaN.</exception>
    public int Next(double temperature, Rng rng)
    {
        if (!(double.IsFinite(temperature) && temperature >= 0))
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The temperature must be a finite number of at least 0.");
        return _hasRead ? _policy.Draw(Logits, temperature, topK: 0, topP: 1, rng) : rng.NextInt(_probabilities.Length);
    }

    /// <summary>The head's outputs (V) after the tokens read so far (zeros before the first); valid until the next Feed.</summary>
    public ReadOnlySpan<T> Logits => _workspace.Outputs.AsSpan(0, _scaled.Length);
}
