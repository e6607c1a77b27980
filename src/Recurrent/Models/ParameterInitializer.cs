// PyTorch's default initialisation, from our seeded generator: nn.RNN/nn.LSTM draw every parameter
// from U(-1/sqrt(H), 1/sqrt(H)); nn.Linear's kaiming_uniform(a=sqrt(5)) and its bias both reduce to
// U(-1/sqrt(fan_in), 1/sqrt(fan_in)), and the head's fan_in is H (2H when bidirectional); nn.Embedding draws N(0, 1).
// Same seed, same bytes.
using System.Numerics;
using Recurrent.Numerics;

namespace Recurrent.Models;

/// <summary>Fills a model's parameters as PyTorch's defaults would, from a seed.</summary>
public static class ParameterInitializer
{
    /// <summary>
    /// Every recurrent parameter U(-1/√H, 1/√H), the head's U(-1/√F, 1/√F) for its F inputs (H, or 2H when
    /// bidirectional, as torch.nn.Linear), the embedding N(0, 1); drawn in float32, in buffer order.
    /// </summary>
    public static void InitializeLikePyTorch<T>(ParameterSet<T> parameters, int hidden, ulong seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Rng(seed);
        float bound = 1f / MathF.Sqrt(hidden);
        float headBound = parameters.Contains(ParameterNames.HeadWeight) ? 1f / MathF.Sqrt(parameters[ParameterNames.HeadWeight].Shape[1]) : bound;
        foreach (var info in parameters.Parameters)
        {
            Span<T> values = parameters.Value(info);
            bool normal = info.Name == ParameterNames.EmbeddingWeight;
            float limit = info.Name is ParameterNames.HeadWeight or ParameterNames.HeadBias ? headBound : bound;
            for (int k = 0; k < values.Length; k++)
                values[k] = T.CreateChecked(normal ? (float)rng.NextNormal() : rng.NextUniform(-limit, limit));
        }
    }
}
