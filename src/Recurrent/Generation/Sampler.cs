// Reads text one character at a time from a zero state and draws the next character from the
// model's distribution: softmax(logits / temperature), or the most likely one at temperature 0.
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
    private bool _hasRead;

    public Sampler(RecurrentModel<T> model)
    {
        if (model.Spec.Input != InputKind.OneHot)
            throw new ArgumentException("Sampling needs a one-hot (character) model.", nameof(model));
        _model = model;
        _workspace = model.CreateWorkspace(1, 1);
        _state = model.CreateState(1);
        _scaled = new T[model.Spec.OutputSize];
        _probabilities = new T[model.Spec.OutputSize];
    }

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
        ReadOnlySpan<T> logits = _workspace.Logits.AsSpan(0, _scaled.Length);
        T inverse = T.CreateChecked(1 / temperature);
        for (int k = 0; k < logits.Length; k++)
            _scaled[k] = logits[k] * inverse;
        SoftmaxCrossEntropy.Softmax<T>(_scaled, _probabilities);
        return _probabilities;
    }

    /// <summary>
    /// Draws the next token: from softmax(logits / temperature), or the arg-max when temperature is 0. Before any
    /// token is read there is no context, so the first token is drawn uniformly, as char-rnn does.
    /// </summary>
    public int Next(double temperature, Rng rng)
    {
        if (!_hasRead)
            return rng.NextInt(_probabilities.Length);
        if (temperature == 0)
        {
            ReadOnlySpan<T> logits = _workspace.Logits.AsSpan(0, _scaled.Length);
            int best = 0;
            for (int k = 1; k < logits.Length; k++)
                if (logits[k] > logits[best])
                    best = k;
            return best;
        }
        ReadOnlySpan<T> probabilities = NextDistribution(temperature);
        double draw = rng.NextDouble(), cumulative = 0;
        for (int k = 0; k < probabilities.Length; k++)
        {
            cumulative += double.CreateChecked(probabilities[k]);
            if (draw < cumulative)
                return k;
        }
        return probabilities.Length - 1; // rounding left the sum a hair below 1
    }
}
