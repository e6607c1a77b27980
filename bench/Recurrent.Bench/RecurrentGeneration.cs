// Recurrent at batch 1, one token at a time: Sampler<float> reads a token and gives p(next token).
using Recurrent.Generation;
using Recurrent.Models;

namespace Recurrent.Bench;

internal sealed class RecurrentGeneration : IWorkload
{
    private readonly Sampler<float> _sampler;
    private readonly int[] _stream;
    private int _position;

    public RecurrentGeneration(RecurrentModel<float> model, TokenData data)
    {
        _sampler = new Sampler<float>(model);
        _stream = data.Stream;
    }

    public string Name => RecurrentSide.Name;

    public int ItemsPerCall => 1;

    /// <summary>Feeds one token and computes softmax(logits), the distribution a sampler draws from.</summary>
    public void Call()
    {
        _sampler.Feed(_stream[_position++ % _stream.Length]);
        _sampler.NextDistribution(1.0);
    }

    public void Dispose()
    {
    }
}
