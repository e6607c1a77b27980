// The notes' worked example as a real model: an LSTM with H = 2 over the vocabulary of "help" whose only
// non-zero weights are weight_ih's column for 'h', holding the pre-activations of the example's gates
// (logit for σ, atanh for tanh). Reading 'h' from a zero state then gives f = [0.8, 0.3], i = [0.5, 0.7],
// C~ = [0.2, -0.1], o = [0.9, 0.6], so C = [0.1, -0.07] and h = [0.9·tanh 0.1, 0.6·tanh -0.07] ≈ [0.0897, -0.0419].
using Recurrent.Data;
using Recurrent.Layers;
using Recurrent.Models;

namespace Recurrent.Tests.Diagnostics;

internal static class WorkedExampleModel
{
    public static readonly double[] F = [0.8, 0.3], I = [0.5, 0.7], Candidate = [0.2, -0.1], O = [0.9, 0.6];
    public static readonly double[] C = [0.1, -0.07];
    public static readonly double[] H = [0.9 * Math.Tanh(0.1), 0.6 * Math.Tanh(-0.07)];

    public static ModelBundle Create()
    {
        var model = ModelBundle.ForCharacters(CellKind.Lstm, Vocabulary.FromText("help"), hidden: 2, layers: 1);
        var parameters = model.Network.Parameters;
        const int vocabulary = 4, hColumn = 0;
        void SetBlock(int block, double[] preActivations)
        {
            Span<float> wIh = parameters.Value(ParameterNames.WeightIh(0)); // (4H × V) = (8 × 4), row blocks i, f, g, o
            for (int u = 0; u < 2; u++)
                wIh[(block * 2 + u) * vocabulary + hColumn] = (float)preActivations[u];
        }
        SetBlock(LstmCell<float>.InputGate, I.Select(Logit).ToArray());
        SetBlock(LstmCell<float>.ForgetGate, F.Select(Logit).ToArray());
        SetBlock(LstmCell<float>.Candidate, Candidate.Select(Math.Atanh).ToArray());
        SetBlock(LstmCell<float>.OutputGate, O.Select(Logit).ToArray());
        return model;
    }

    private static double Logit(double p) => Math.Log(p / (1 - p));
}
