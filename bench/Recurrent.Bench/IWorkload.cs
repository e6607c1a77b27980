// One side of a comparison in one mode: a call does a fixed amount of work on a fixed number of items (tokens, or the
// sequences of the packed workload, whose calls differ in tokens but not in sequences).
namespace Recurrent.Bench;

/// <summary>A repeatable unit of work (a training step, one generated token, one inference window, one pass over the packed batches).</summary>
internal interface IWorkload : IDisposable
{
    /// <summary>What the call runs on, e.g. "Recurrent" or "TorchSharp nn.LSTM per step".</summary>
    string Name { get; }

    /// <summary>Items processed by one <see cref="Call"/>: B·T tokens for a window, 1 token for a generation step, N sequences for a packed pass.</summary>
    int ItemsPerCall { get; }

    void Call();
}
