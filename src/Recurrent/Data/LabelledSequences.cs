// Labelled sequences for classification: N examples of T steps each (token indices, or T rows of F real values)
// with one class each, read by a model whose head sits on the last step. Training visits them in a fresh shuffle
// every epoch (floor(N/B) batches; each from the zero state); a validation reads them all in order.
using System.Numerics;

namespace Recurrent.Data;

/// <summary>Sequences of one length with a class each: a batch source and an example set.</summary>
public sealed class LabelledSequences : ExampleSource
{
    private readonly int[]? _tokens;
    private readonly double[]? _values;
    private readonly int _features;
    private readonly int[] _labels;

    private LabelledSequences(int[]? tokens, double[]? values, int features, int steps, int[] labels, int batch, ulong seed, bool shuffle)
        : base(CheckBatch(labels.Length, batch), steps, batch, seed, shuffle)
    {
        _tokens = tokens;
        _values = values;
        _features = features;
        _labels = labels;
    }

    private static int CheckBatch(int count, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        if (count < batch)
            throw new RecurrentException($"There are {count} labelled sequences, too few for a batch of {batch}; lower batch.", "batch");
        return count;
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

    private static int CheckShape(int[] lengths, int labels)
    {
        if (lengths.Length == 0 || lengths.Length != labels)
            throw new ArgumentException($"Expected one label per sequence and at least one sequence ({lengths.Length} sequences, {labels} labels).");
        if (lengths[0] == 0 || lengths.Any(l => l != lengths[0]))
            throw new ArgumentException("Every sequence must have the same, non-zero length.");
        return lengths[0];
    }

    private protected override void Check<T>(BatchBuffers<T> batch, int sequences)
    {
        int rows = Steps * sequences;
        bool fits = _tokens is not null ? batch.Tokens.Length == rows && batch.Inputs.IsEmpty : batch.Inputs.Length == rows * _features && batch.Tokens.IsEmpty;
        if (!fits || batch.Targets.Length != sequences || !batch.TargetValues.IsEmpty)
            throw new ArgumentException($"These sequences need {(_tokens is not null ? $"{rows} input tokens" : $"{rows * _features} input values")} " +
                $"and {sequences} target classes (a model with a classification head on the last step).", nameof(batch));
    }

    private protected override void Write<T>(int example, int b, int sequences, BatchBuffers<T> batch)
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
