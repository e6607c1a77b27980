// PyTorch's default initialisation, from our seeded generator: nn.RNN/nn.LSTM draw every parameter
// from U(-1/sqrt(H), 1/sqrt(H)); nn.Linear's kaiming_uniform(a=sqrt(5)) and its bias both reduce to
// U(-1/sqrt(fan_in), 1/sqrt(fan_in)), and the head's fan_in is H. Same seed, same bytes.
using System.Numerics;
using Recurrent.Numerics;

namespace Recurrent.Models;

/// <summary>Fills a model's parameters as PyTorch's defaults would, from a seed.</summary>
public static class ParameterInitializer
{
    /// <summary>Every parameter U(-1/√H, 1/√H), drawn in float32 in buffer order.</summary>
    public static void InitializeLikePyTorch<T>(ParameterSet<T> parameters, int hidden, ulong seed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var rng = new Rng(seed);
        float bound = 1f / MathF.Sqrt(hidden);
        Span<T> values = parameters.Values;
        for (int k = 0; k < values.Length; k++)
            values[k] = T.CreateChecked(rng.NextUniform(-bound, bound));
    }
}
