// Chrono initialisation (Tallec & Ollivier 2018, "Can recurrent neural networks warp time?") of an LSTM's gate
// biases for dependencies up to a given lag: per hidden unit, u ~ U[1, maxLag - 1], the forget-gate bias log(u) and
// the input-gate bias −log(u). A unit then starts out keeping its cell for about u steps (f = σ(log u) = u/(1+u))
// and writing little into it, instead of PyTorch's f ≈ σ(0) = 0.5, which halves a memory every step. The values go
// into bias_ih; the same blocks of bias_hh are zeroed, so the sum of the two is the chrono bias.
using System.Numerics;
using Recurrent.Numerics;

namespace Recurrent.Models;

/// <summary>Sets the forget and input gate biases of every LSTM layer by chrono initialisation.</summary>
public static class ChronoInitializer
{
    /// <summary>Overwrites the forget and input blocks of rnn.bias_ih_l{k} and rnn.bias_hh_l{k} of every layer.</summary>
    /// <param name="parameters">The model's parameters, laid out for <paramref name="spec"/>.</param>
    /// <param name="spec">The model's spec: an LSTM of L layers and H hidden units.</param>
    /// <param name="maxLag">T_max, the longest dependency expected (a task's length); values below 3 count as 3.</param>
    /// <param name="rng">The source of the draws u ~ U[1, T_max − 1], one per hidden unit of each layer.</param>
    /// <exception cref="ArgumentException">The spec is not an LSTM.</exception>
    public static void Initialize<T>(ParameterSet<T> parameters, ModelSpec spec, int maxLag, Rng rng)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (spec.Cell != CellKind.Lstm)
            throw new ArgumentException("Chrono initialisation sets forget gates: it needs an LSTM.", nameof(spec));
        int hidden = spec.Hidden, forget = (int)LstmGate.Forget * hidden, input = (int)LstmGate.Input * hidden;
        for (int e = 0; e < spec.Layers * spec.Directions; e++) // each direction of each layer, forward first
        {
            int k = e / spec.Directions;
            bool reverse = e % spec.Directions == 1;
            Span<T> ih = parameters.Value(ParameterNames.BiasIh(k, reverse)), hh = parameters.Value(ParameterNames.BiasHh(k, reverse));
            for (int j = 0; j < hidden; j++)
            {
                T bias = T.CreateChecked((float)Math.Log(1 + (Math.Max(maxLag, 3) - 2) * rng.NextDouble()));
                ih[forget + j] = bias;
                ih[input + j] = -bias;
                hh[forget + j] = T.Zero;
                hh[input + j] = T.Zero;
            }
        }
    }
}
