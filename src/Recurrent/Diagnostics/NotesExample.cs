// The notes' worked example as a real model: an LSTM with H = 2 over the characters of "help" whose only non-zero
// weights are weight_ih's column for 'h', holding the pre-activations of the example's gates (the logit of each σ
// value, the atanh of each tanh value). Reading 'h' from a zero state then gives f = [0.8, 0.3], i = [0.5, 0.7],
// C~ = [0.2, -0.1], o = [0.9, 0.6], so C = f⊙0 + i⊙C~ = [0.1, -0.07] and h = o⊙tanh(C) ≈ [0.0897, -0.0419]. The head
// is zero, so every next character is equally likely: the example stops at h.
using Recurrent.Data;
using Recurrent.Layers;
using Recurrent.Models;

namespace Recurrent.Diagnostics;

/// <summary>The hand-built cell of the notes' "help" example, for traces and the live diagram.</summary>
public static class NotesExample
{
    /// <summary>The word whose characters are the vocabulary; the example reads its first, "h".</summary>
    public const string Word = "help";

    /// <summary>The gate values the example supposes, per unit.</summary>
    public static readonly IReadOnlyList<double> Forget = [0.8, 0.3], Input = [0.5, 0.7], Candidate = [0.2, -0.1], Output = [0.9, 0.6];

    /// <summary>The model: reading "h" from a zero state gives the example's gates, C and h.</summary>
    public static ModelBundle Create()
    {
        var model = ModelBundle.ForCharacters(CellKind.Lstm, Vocabulary.FromText(Word), hidden: 2, layers: 1) with
        {
            Metadata = new Dictionary<string, string> { ["example"] = "the notes' worked example: 'h' read from a zero state" },
        };
        Span<float> weightIh = model.Network.Parameters.Value(ParameterNames.WeightIh(0)); // (4H × V) = (8 × 4), row blocks i, f, g, o
        SetBlock(weightIh, LstmCell<float>.InputGate, Input, Logit);
        SetBlock(weightIh, LstmCell<float>.ForgetGate, Forget, Logit);
        SetBlock(weightIh, LstmCell<float>.Candidate, Candidate, Math.Atanh);
        SetBlock(weightIh, LstmCell<float>.OutputGate, Output, Logit);
        return model;
    }

    /// <summary>Writes the pre-activations of one gate block's two units into column 0 ('h') of weight_ih.</summary>
    private static void SetBlock(Span<float> weightIh, int block, IReadOnlyList<double> values, Func<double, double> preActivation)
    {
        for (int u = 0; u < 2; u++)
            weightIh[(block * 2 + u) * Word.Length] = (float)preActivation(values[u]);
    }

    private static double Logit(double p) => Math.Log(p / (1 - p));
}
