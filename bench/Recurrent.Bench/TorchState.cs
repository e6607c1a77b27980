// The h (and c) that TorchSharp's side carries from one call to the next, kept outside any dispose scope.
using static TorchSharp.torch;

namespace Recurrent.Bench;

/// <summary>(layers, B, H) tensors; Carry replaces them by the detached final state of a forward.</summary>
internal sealed class TorchState : IDisposable
{
    public TorchState(long layers, long batch, long hidden, bool hasCell, bool batchDimension = true)
    {
        long[] shape = batchDimension ? [layers, batch, hidden] : [batch, hidden];
        Hidden = zeros(shape);
        Cell = hasCell ? zeros(shape) : null;
    }

    public Tensor Hidden { get; private set; }

    public Tensor? Cell { get; private set; }

    /// <summary>Keeps the new state past the current dispose scope and frees the old one. The gradient stops here.</summary>
    public void Carry(Tensor hidden, Tensor? cell)
    {
        var nextHidden = hidden.detach().MoveToOuterDisposeScope();
        Hidden.Dispose();
        Hidden = nextHidden;
        if (cell is not null)
        {
            var nextCell = cell.detach().MoveToOuterDisposeScope();
            Cell!.Dispose();
            Cell = nextCell;
        }
    }

    public void Dispose()
    {
        Hidden.Dispose();
        Cell?.Dispose();
    }
}
