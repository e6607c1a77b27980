// Regularisers that drop weights rather than activations, for one training step at a time, as AWD-LSTM applies them:
// weight drop (DropConnect on every hidden-to-hidden matrix weight_hh: each weight kept with probability 1 − p and
// scaled by 1/(1 − p), one mask for the whole batch and window) and embedding dropout (each token's input weights,
// its row of embed.weight or its column of weight_ih_l0 for one-hot input, dropped whole with probability p, the
// others scaled by 1/(1 − p): a dropped token reads as no input wherever it appears in the batch). The step runs on
// the masked weights, W' = W ⊙ M; then the trained weights come back and, by the chain rule, dL/dW = dL/dW' ⊙ M. No
// layer changes: the masks live here, in arrays sized once, and the step allocates nothing.
using System.Numerics;
using Recurrent.Models;
using Recurrent.Numerics;

namespace Recurrent.Training;

/// <summary>The masks of weight drop and embedding dropout, and their application around a training step.</summary>
public sealed class DroppedWeights<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly ParameterSet<T> _parameters;
    private readonly (ParameterInfo Info, T[] Mask, T[] Trained, bool ByToken)[] _targets;
    private readonly int _vocabulary, _inputRows;
    private readonly T[] _tokens; // embedding dropout: each token's 0 or 1/(1 − p)
    private readonly double _weightDrop, _embeddingDropout;
    private bool _applied;

    /// <param name="model">The model whose weights are dropped.</param>
    /// <param name="weightDrop">The probability of dropping each weight of every weight_hh; 0: none.</param>
    /// <param name="embeddingDropout">The probability of dropping each token's input weights; 0: none. Token inputs only.</param>
    /// <exception cref="RecurrentException">A probability is outside [0, 1), or embedding dropout is asked of a model of real-valued inputs.</exception>
    public DroppedWeights(RecurrentModel<T> model, double weightDrop, double embeddingDropout)
    {
        if (!(weightDrop >= 0 && weightDrop < 1))
            throw new RecurrentException($"weightDrop must be in [0, 1) (got {weightDrop}).", "weightDrop");
        if (!(embeddingDropout >= 0 && embeddingDropout < 1))
            throw new RecurrentException($"embeddingDropout must be in [0, 1) (got {embeddingDropout}).", "embeddingDropout");
        model.EnsureFloatWeights();
        var spec = model.Spec;
        if (embeddingDropout > 0 && !spec.TakesTokens)
            throw new RecurrentException("embeddingDropout drops whole tokens, and this model reads real values; leave it at 0.", "embeddingDropout");
        _parameters = model.Parameters;
        _weightDrop = weightDrop;
        _embeddingDropout = embeddingDropout;
        _vocabulary = spec.InputSize;
        _inputRows = spec.GateCount * spec.Hidden;
        _tokens = new T[embeddingDropout > 0 ? _vocabulary : 0];
        var targets = new List<(ParameterInfo, T[], T[], bool)>();
        if (embeddingDropout > 0)
        {
            string[] names = spec.Input == InputKind.Embedding ? [ParameterNames.EmbeddingWeight]
                : spec.Bidirectional ? [ParameterNames.WeightIh(0), ParameterNames.WeightIh(0, reverse: true)] : [ParameterNames.WeightIh(0)];
            foreach (string name in names)
                targets.Add(Target(name, byToken: true));
        }
        if (weightDrop > 0)
            for (int k = 0; k < spec.Layers; k++)
                for (int d = 0; d < spec.Directions; d++)
                    targets.Add(Target(ParameterNames.WeightHh(k, d == 1), byToken: false));
        _targets = [.. targets];
    }

    private (ParameterInfo, T[], T[], bool) Target(string name, bool byToken)
    {
        var info = _parameters[name];
        return (info, new T[info.Length], new T[info.Length], byToken);
    }

    /// <summary>Whether any weight is dropped.</summary>
    public bool Active => _targets.Length > 0;

    /// <summary>
    /// Each dropped parameter's mask, the shape of the parameter: 0 or 1/(1 − p) per weight. <see cref="Sample"/> draws
    /// them; a caller may write its own (a reference computation's) instead.
    /// </summary>
    public IEnumerable<(string Name, T[] Mask)> Masks => _targets.Select(t => (t.Info.Name, t.Mask));

    /// <summary>
    /// Draws new masks: first one draw per token (embedding dropout; a token dropped from one direction's weight_ih is
    /// dropped from the other's too), then one per weight of each weight_hh, in parameter order.
    /// </summary>
    public void Sample(Rng rng)
    {
        if (_embeddingDropout > 0)
        {
            T kept = T.CreateChecked(1 / (1 - _embeddingDropout));
            for (int v = 0; v < _vocabulary; v++)
                _tokens[v] = rng.NextDouble() < _embeddingDropout ? T.Zero : kept;
        }
        T keep = T.CreateChecked(1 / (1 - _weightDrop));
        foreach (var (info, mask, _, byToken) in _targets)
        {
            if (!byToken)
            {
                for (int k = 0; k < mask.Length; k++)
                    mask[k] = rng.NextDouble() < _weightDrop ? T.Zero : keep;
                continue;
            }
            bool rows = info.Name == ParameterNames.EmbeddingWeight; // (V × D): a row per token; weight_ih (G·H × V): a column
            int width = rows ? info.Shape[1] : _inputRows;
            for (int v = 0; v < _vocabulary; v++)
                for (int j = 0; j < width; j++)
                    mask[rows ? v * width + j : j * _vocabulary + v] = _tokens[v];
        }
    }

    /// <summary>Keeps the trained weights aside and puts W ⊙ M in their place, for a forward and backward.</summary>
    public void Apply()
    {
        if (_applied)
            throw new InvalidOperationException("The masks are already applied; Restore first.");
        foreach (var (info, mask, trained, _) in _targets)
        {
            Span<T> values = _parameters.Value(info);
            values.CopyTo(trained);
            for (int k = 0; k < values.Length; k++)
                values[k] *= mask[k];
        }
        _applied = true;
    }

    /// <summary>Puts the trained weights back and turns dL/dW' into dL/dW = dL/dW' ⊙ M.</summary>
    public void Restore()
    {
        if (!_applied)
            return;
        foreach (var (info, mask, trained, _) in _targets)
        {
            trained.CopyTo(_parameters.Value(info));
            Span<T> gradient = _parameters.Gradient(info);
            for (int k = 0; k < gradient.Length; k++)
                gradient[k] *= mask[k];
        }
        _applied = false;
    }
}
