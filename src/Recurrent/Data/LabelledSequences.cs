// Labelled sequences for classification: N examples of T steps each (token indices, or T rows of F real values)
// with one class each, read by a model whose head sits on the last step. Training visits them in a fresh shuffle
// every epoch (floor(N/B) batches; each from the zero state); a validation reads them all in order.
using System.Numerics;

namespace Recurrent.Data;

/// <summary>Sequences of one length with a class each: a batch source and an example set.</summary>
public sealed class LabelledSequences : IBatchSource, IExampleSet
{
    private readonly int[]? _tokens;
    private readonly double[]? _values;
    private readonly int _features;
    private readonly int[] _labels;
    private readonly EpochOrder _order;

    private LabelledSequences(int[]? tokens, double[]? values, int features, int steps, int[] labels, int batch, ulong seed, bool shuffle)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        if (labels.Length < batch)
            throw new RecurrentException($"There are {labels.Length} labelled sequences, too few for a batch of {batch}; lower batch.", "batch");
        _tokens = tokens;
        _values = values;
        _features = features;
        _labels = labels;
        Steps = steps;
        Batch = batch;
        WindowsPerEpoch = labels.Length / batch;
        _order = new EpochOrder(labels.Length, seed, shuffle);
    }

    /// <summary>Token sequences (each of the same length T, indices into a vocabulary) and their classes.</summary>
    /// <exception cref="ArgumentException">No sequence, lengths differ, or the counts of sequences and labels differ.</exception>
    public static LabelledSequences FromTokens(IReadOnlyList<int[]> sequences, IReadOnlyList<int> labels, int batch, ulong seed = 1, bool shuffle = true)
    {
        int steps = CheckShape(sequences.Select(s => s.Length).ToArray(), labels.Count);
        return new LabelledSequences(sequences.SelectMany(s => s).ToArray(), null, 0, steps, [.. labels], batch, seed, shuffle);
    }

    /// <summary>Real-valued sequences (each T rows of <paramref name="features"/> values, row after row) and their classes.</summary>
    /// <exception cref="ArgumentException">No sequence, lengths differ or are not whole rows, a value is not finite, or the counts differ.</exception>
    public static LabelledSequences FromValues(IReadOnlyList<double[]> sequences, int features, IReadOnlyList<int> labels, int batch,
        ulong seed = 1, bool shuffle = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(features);
        int length = CheckShape(sequences.Select(s => s.Length).ToArray(), labels.Count);
        if (length % features != 0)
            throw new ArgumentException($"A sequence is not a whole number of rows of {features} values.", nameof(sequences));
        if (sequences.Any(s => !s.All(double.IsFinite)))
            throw new ArgumentException("Every value must be a finite number.", nameof(sequences));
        return new LabelledSequences(null, sequences.SelectMany(s => s).ToArray(), features, length / features, [.. labels], batch, seed, shuffle);
    }

    /// <summary>N, the sequences.</summary>
    public int Count => _labels.Length;

    /// <summary>T, the steps of every sequence.</summary>
    public int Steps { get; }

    /// <summary>B, the sequences of a training batch.</summary>
    public int Batch { get; }

    /// <summary>False: every sequence starts from the zero state.</summary>
    public bool CarriesState => false;

    /// <summary>floor(N/B) batches an epoch.</summary>
    public int WindowsPerEpoch { get; }

    /// <summary>Training batch <paramref name="step"/>: B sequences of this epoch's shuffle.</summary>
    public int Fill<T>(long step, BatchBuffers<T> batch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int window = (int)(step % WindowsPerEpoch);
        ReadOnlySpan<int> order = _order.Of(step / WindowsPerEpoch).Slice(window * Batch, Batch);
        Check(batch, Batch);
        for (int b = 0; b < Batch; b++)
            Write(order[b], b, Batch, batch);
        return window;
    }

    /// <summary>Sequences [start, start + count) in order, as one batch of <paramref name="count"/>.</summary>
    public void Fill<T>(int start, int count, BatchBuffers<T> batch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (start < 0 || count < 1 || start > Count - count)
            throw new ArgumentOutOfRangeException(nameof(start), $"Sequences [{start}, {start + count}) are not within [0, {Count}).");
        Check(batch, count);
        for (int b = 0; b < count; b++)
            Write(start + b, b, count, batch);
    }

    /// <summary>Null: a batch is a function of the step and the seed.</summary>
    public ulong[]? GetState() => null;

    /// <summary>Does nothing: there is no random state beyond the seed.</summary>
    public void SetState(ulong[] state)
    {
    }

    private static int CheckShape(int[] lengths, int labels)
    {
        if (lengths.Length == 0 || lengths.Length != labels)
            throw new ArgumentException($"Expected one label per sequence and at least one sequence ({lengths.Length} sequences, {labels} labels).");
        if (lengths[0] == 0 || lengths.Any(l => l != lengths[0]))
            throw new ArgumentException("Every sequence must have the same, non-zero length.");
        return lengths[0];
    }

    private void Check<T>(BatchBuffers<T> batch, int sequences) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rows = Steps * sequences;
        bool fits = _tokens is not null ? batch.Tokens.Length >= rows : batch.Inputs.Length >= rows * _features;
        if (!fits || batch.Targets.Length < sequences)
            throw new ArgumentException($"These sequences need {(_tokens is not null ? $"{rows} input tokens" : $"{rows * _features} input values")} " +
                $"and {sequences} target classes (a model with a classification head on the last step).", nameof(batch));
    }

    private void Write<T>(int example, int b, int sequences, BatchBuffers<T> batch) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int t = 0; t < Steps; t++)
        {
            if (_tokens is not null)
                batch.Tokens[t * sequences + b] = _tokens[example * Steps + t];
            else
                for (int f = 0; f < _features; f++)
                    batch.Inputs[(t * sequences + b) * _features + f] = T.CreateChecked(_values![(example * Steps + t) * _features + f]);
        }
        batch.Targets[b] = _labels[example];
    }
}
