// The order of an epoch of labelled sequences drawn as a SequenceBatching says: the epoch's shuffle (or, balanced, N
// draws with replacement: a class uniformly, then one of its examples uniformly), then, grouped by length, each run
// of PoolBatches·B entries sorted by length, cut into batches, and the batches visited in a shuffled order. Every
// draw comes from the seed and the epoch alone, so a resumed run reads the same batches; the buffers are sized once
// and reused, so an epoch's first step allocates nothing either.
using Recurrent.Numerics;

namespace Recurrent.Data;

/// <summary>A per-epoch order of examples, grouped by length and/or balanced over classes.</summary>
internal sealed class BatchPlan
{
    private readonly SequenceBatching _batching;
    private readonly int[] _lengths, _batchOrder, _keys, _scratch, _order;
    private readonly int[] _members, _classStarts; // examples grouped by class; class c's are _members[_classStarts[c].._classStarts[c + 1]]
    private readonly int[] _present; // the classes that have examples, which a balanced draw picks from
    private readonly int _batch, _windows;
    private readonly ulong _seed;
    private readonly Rng _rng = new(0);
    private long _epoch = -1;

    public BatchPlan(SequenceBatching batching, int[] lengths, int[] labels, int batch, ulong seed)
    {
        _batching = batching;
        _lengths = lengths;
        _batch = batch;
        _windows = lengths.Length / batch;
        _seed = seed;
        _order = new int[lengths.Length];
        _keys = new int[lengths.Length];
        _scratch = new int[lengths.Length];
        _batchOrder = new int[_windows];
        int classes = labels.Length == 0 ? 0 : labels.Max() + 1;
        _classStarts = new int[classes + 1];
        foreach (int label in labels)
            _classStarts[label + 1]++;
        for (int c = 0; c < classes; c++)
            _classStarts[c + 1] += _classStarts[c];
        _members = new int[labels.Length];
        var next = _classStarts[..^1];
        for (int n = 0; n < labels.Length; n++)
            _members[next[labels[n]]++] = n;
        _present = [.. Enumerable.Range(0, classes).Where(c => _classStarts[c + 1] > _classStarts[c])];
    }

    /// <summary>The order of epoch <paramref name="epoch"/>, from its plain shuffle; valid until a call for another epoch.</summary>
    public ReadOnlySpan<int> Of(long epoch, ReadOnlySpan<int> shuffled)
    {
        if (epoch == _epoch)
            return _order;
        _rng.Reseed(_seed ^ 0xD1B5_4A32_D192_ED03UL ^ (0x9E37_79B9_7F4A_7C15UL * (ulong)(epoch + 1)));
        if (_batching.BalancedClasses)
            DrawBalanced();
        else
            shuffled.CopyTo(_order);
        if (_batching.ByLength)
            GroupByLength();
        _epoch = epoch;
        return _order;
    }

    private void DrawBalanced()
    {
        for (int n = 0; n < _order.Length; n++)
        {
            int c = _present[_rng.NextInt(_present.Length)], start = _classStarts[c];
            _order[n] = _members[start + _rng.NextInt(_classStarts[c + 1] - start)];
        }
    }

    private void GroupByLength()
    {
        int used = _windows * _batch, pool = SequenceBatching.PoolBatches * _batch;
        for (int start = 0; start < used; start += pool)
        {
            int count = Math.Min(pool, used - start);
            Span<int> keys = _keys.AsSpan(start, count), items = _order.AsSpan(start, count);
            for (int k = 0; k < count; k++)
                keys[k] = _lengths[items[k]];
            keys.Sort(items);
        }
        for (int w = 0; w < _windows; w++)
            _batchOrder[w] = w;
        for (int w = _windows - 1; w > 0; w--)
        {
            int j = _rng.NextInt(w + 1);
            (_batchOrder[w], _batchOrder[j]) = (_batchOrder[j], _batchOrder[w]);
        }
        _order.AsSpan(0, used).CopyTo(_scratch);
        for (int w = 0; w < _windows; w++)
            _scratch.AsSpan(_batchOrder[w] * _batch, _batch).CopyTo(_order.AsSpan(w * _batch, _batch));
    }
}
