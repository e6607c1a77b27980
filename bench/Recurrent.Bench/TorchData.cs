// TorchSharp's copy of the benchmark tokens, made before timing: one-hot (T, B, V) float inputs and int64 targets
// per window, and one-hot rows for generation. Building the one-hot tensors inside the step would cost TorchSharp
// an extra operation per call; here it is free, which favours the peer.
using static TorchSharp.torch;

namespace Recurrent.Bench;

internal sealed class TorchData : IDisposable
{
    public TorchData(BenchShape shape, TokenData data)
    {
        int vocabulary = shape.Vocabulary;
        Inputs = new Tensor[TokenData.WindowCount];
        Targets = new Tensor[TokenData.WindowCount];
        for (int w = 0; w < TokenData.WindowCount; w++)
        {
            using var tokens = tensor(data.Inputs[w].Select(t => (long)t).ToArray(), [shape.Steps, shape.Batch]);
            Inputs[w] = nn.functional.one_hot(tokens, vocabulary).to_type(ScalarType.Float32);
            Targets[w] = tensor(data.Targets[w].Select(t => (long)t).ToArray(), [shape.Steps * shape.Batch]);
        }
        using var identity = eye(vocabulary);
        Rows = new Tensor[vocabulary];
        Steps = new Tensor[vocabulary];
        for (int v = 0; v < vocabulary; v++)
        {
            using var row = identity[v];
            Rows[v] = row.reshape(1, vocabulary).clone();
            Steps[v] = row.reshape(1, 1, vocabulary).clone();
        }
        Stream = data.Stream;
    }

    /// <summary>(W) one-hot windows, (T, B, V) float32.</summary>
    public Tensor[] Inputs { get; }

    /// <summary>(W) target windows, (T·B) int64.</summary>
    public Tensor[] Targets { get; }

    /// <summary>(V) one-hot rows (1, V), for cells.</summary>
    public Tensor[] Rows { get; }

    /// <summary>(V) one-hot steps (1, 1, V), for the sequence modules.</summary>
    public Tensor[] Steps { get; }

    public int[] Stream { get; }

    public void Dispose()
    {
        foreach (var t in Inputs.Concat(Targets).Concat(Rows).Concat(Steps))
            t.Dispose();
    }
}
