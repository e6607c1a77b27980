// Character models whose next-character distribution is known exactly: every weight zero except the
// head bias, so the hidden state stays 0 and the logits are the bias whatever was read.
using Recurrent.Data;
using Recurrent.Models;

namespace Recurrent.Tests.Generation;

internal static class TinyModels
{
    /// <summary>A 1-unit RNN over "abcd…" whose logits are always <paramref name="logits"/>.</summary>
    public static ModelBundle WithLogits(params float[] logits)
    {
        var vocabulary = new Vocabulary(Enumerable.Range(0, logits.Length).Select(k => ((char)('a' + k)).ToString()));
        var model = ModelBundle.ForCharacters(CellKind.Rnn, vocabulary, hidden: 1, layers: 1);
        logits.CopyTo(model.Network.Parameters.Value(ParameterNames.HeadBias));
        return model;
    }

    /// <summary>A model whose next-character probabilities are always <paramref name="probabilities"/> (logits = ln p).</summary>
    public static ModelBundle WithProbabilities(params double[] probabilities) =>
        WithLogits(probabilities.Select(p => (float)Math.Log(p)).ToArray());

    /// <summary>A small LSTM with PyTorch-style random weights, whose distribution depends on what it read.</summary>
    public static ModelBundle Random(ulong seed = 3)
    {
        var model = ModelBundle.ForCharacters(CellKind.Lstm, Vocabulary.FromText("abcdefgh ij\n"), hidden: 6, layers: 1);
        model.Network.Initialize(seed);
        // Sharper than the init's near-uniform logits, so greedy and sampled texts look different.
        foreach (ref float w in model.Network.Parameters.Value(ParameterNames.HeadWeight))
            w *= 8;
        return model;
    }
}
