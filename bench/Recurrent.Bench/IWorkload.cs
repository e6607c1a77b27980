// One side of a comparison in one mode: a call does a fixed amount of work on a fixed number of tokens.
namespace Recurrent.Bench;

/// <summary>A repeatable unit of work (a training step, one generated token, one inference window).</summary>
internal interface IWorkload : IDisposable
{
    /// <summary>What the call runs on, e.g. "Recurrent" or "TorchSharp nn.LSTM per step".</summary>
    string Name { get; }

    /// <summary>Tokens processed by one <see cref="Call"/>: B·T for a window, 1 for a generation step.</summary>
    int TokensPerCall { get; }

    void Call();
}
