// The order in which a batch source visits its examples during an epoch: a fresh shuffle per epoch (Fisher–Yates),
// drawn from the source's seed and the epoch number alone, so batch k is a function of k and a resumed run reads the
// same batches without saving any state. The order is recomputed in place when the epoch changes: no allocation.
using Recurrent.Numerics;

namespace Recurrent.Data;

/// <summary>A per-epoch permutation of N examples, or the identity when not shuffled.</summary>
public sealed class EpochOrder
{
    private readonly int[] _order;
    private readonly ulong _seed;
    private readonly bool _shuffle;
    private readonly Rng _rng = new(0);
    private long _epoch = -1;

    /// <param name="count">N, the examples.</param>
    /// <param name="seed">The seed of the shuffles.</param>
    /// <param name="shuffle">False: every epoch visits the examples in their order.</param>
    public EpochOrder(int count, ulong seed, bool shuffle = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        _order = new int[count];
        _seed = seed;
        _shuffle = shuffle;
    }

    /// <summary>The examples in the order epoch <paramref name="epoch"/> visits them; valid until a call for another epoch.</summary>
    public ReadOnlySpan<int> Of(long epoch)
    {
        if (epoch != _epoch)
        {
            for (int k = 0; k < _order.Length; k++)
                _order[k] = k;
            if (_shuffle)
            {
                _rng.Reseed(_seed ^ (0x9E37_79B9_7F4A_7C15UL * (ulong)(epoch + 1)));
                for (int k = _order.Length - 1; k > 0; k--)
                {
                    int j = _rng.NextInt(k + 1);
                    (_order[k], _order[j]) = (_order[j], _order[k]);
                }
            }
            _epoch = epoch;
        }
        return _order;
    }
}
