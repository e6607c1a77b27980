// Records a gate trace by running the model itself: one Forward step at a time from a zero state, then reading
// the activations and states that Forward left in the workspace's layer buffers (Gates after Forward holds the
// activations, Hiddens/Cells slot 1 the new state) and, for a language model, the head's logits of that step, whose
// softmax gives the most likely next characters. Nothing is recomputed here, so the trace is the model's own
// computation. Not here: printing (the CLI), JSON (GateTraceJson), the page (GateTracePage).
using System.Numerics;
using Recurrent.Models;

namespace Recurrent.Diagnostics;

/// <summary>Runs a token model over a sequence and keeps every step's gates and states.</summary>
public static class GateTracer
{
    /// <summary>How many of the most likely next tokens a language model's trace keeps at each step.</summary>
    public const int NextTokens = 5;

    /// <summary>The trace of a token model with a vocabulary (a character model, or a classifier of text) reading <paramref name="text"/> from a zero state.</summary>
    /// <exception cref="ArgumentException">The model has no vocabulary (it reads real values).</exception>
    /// <exception cref="RecurrentException">The text is empty or holds a character the model does not know.</exception>
    public static GateTrace Trace(ModelBundle model, string text)
    {
        var vocabulary = model.Vocabulary ?? throw new ArgumentException("A gate trace of a text needs a model with a vocabulary.", nameof(model));
        if (text.Length == 0)
            throw new RecurrentException("The text is empty: there is nothing to trace.");
        int[] tokens = vocabulary.Encode(text);
        return Trace(model.Network, tokens, k => vocabulary[k]);
    }

    /// <summary>
    /// The trace of <paramref name="network"/> reading <paramref name="tokens"/> from a zero state, without dropout;
    /// <paramref name="symbolOf"/> names each token for the trace (its character).
    /// </summary>
    /// <exception cref="ArgumentException">The model does not read tokens or is bidirectional, or there are none.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A token is outside [0, V).</exception>
    public static GateTrace Trace<T>(RecurrentModel<T> network, IReadOnlyList<int> tokens, Func<int, string> symbolOf)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var spec = network.Spec;
        if (!spec.TakesTokens)
            throw new ArgumentException("A gate trace reads tokens; this model takes dense inputs.", nameof(network));
        if (spec.Bidirectional)
            throw new ArgumentException("A gate trace steps through the tokens one at a time from a carried state; a bidirectional model reads a whole window from both ends.",
                nameof(network));
        if (tokens.Count == 0)
            throw new ArgumentException("There are no tokens to trace.", nameof(tokens));
        var names = GateQuantities.Of(spec.Cell);
        var workspace = network.CreateWorkspace(1, 1);
        var state = network.CreateState(1);
        var steps = new List<GateTraceStep>(tokens.Count);
        for (int t = 0; t < tokens.Count; t++)
        {
            int token = tokens[t];
            if (token < 0 || token >= spec.InputSize)
                throw new ArgumentOutOfRangeException(nameof(tokens), token, $"Token {t} is outside [0, {spec.InputSize}).");
            workspace.Tokens[0] = token;
            network.Forward(workspace, 1, state);
            workspace.CopyFinalState(state);
            var layers = new IReadOnlyDictionary<string, float[]>[spec.Layers];
            for (int k = 0; k < spec.Layers; k++)
                layers[k] = ReadLayer(workspace, k, spec.Cell, spec.Hidden, names);
            steps.Add(new GateTraceStep(t, symbolOf(token), token, layers, spec.IsLanguageModel ? Next(workspace.OutputOf(0), symbolOf) : null));
        }
        return new GateTrace(spec.Cell.ToName(), spec.Hidden, spec.Layers, steps);
    }

    /// <summary>The <see cref="NextTokens"/> most likely tokens under softmax(<paramref name="logits"/>), most likely first (the lower index on ties).</summary>
    private static NextToken[] Next<T>(ReadOnlySpan<T> logits, Func<int, string> symbolOf) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double max = double.NegativeInfinity, sum = 0;
        foreach (T logit in logits)
            max = Math.Max(max, double.CreateChecked(logit));
        var probabilities = new double[logits.Length];
        for (int k = 0; k < logits.Length; k++)
            sum += probabilities[k] = Math.Exp(double.CreateChecked(logits[k]) - max);
        return [.. Enumerable.Range(0, logits.Length).OrderByDescending(k => probabilities[k]).ThenBy(k => k).Take(NextTokens)
            .Select(k => new NextToken(symbolOf(k), (float)(probabilities[k] / sum)))];
    }

    /// <summary>One layer's quantities after a one-step, batch-1 Forward.</summary>
    private static Dictionary<string, float[]> ReadLayer<T>(ModelWorkspace<T> workspace, int layer, CellKind cell, int hidden,
        IReadOnlyList<string> names) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var buffers = workspace.Layers[layer];
        var values = new Dictionary<string, float[]>(names.Count, StringComparer.Ordinal);
        foreach (string name in names)
        {
            int block = GateQuantities.GateBlock(cell, name);
            ReadOnlySpan<T> source = block >= 0 ? buffers.Gates.AsSpan(block * hidden, hidden)
                : name == GateQuantities.Cell ? buffers.Cells.AsSpan(hidden, hidden) // slot 1: C(t)
                : buffers.Hiddens.AsSpan(hidden, hidden);                            // slot 1: h(t)
            var copy = new float[hidden];
            for (int u = 0; u < hidden; u++)
                copy[u] = float.CreateSaturating(source[u]);
            values[name] = copy;
        }
        return values;
    }
}
