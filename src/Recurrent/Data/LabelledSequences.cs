// Labelled sequences for classification: N examples (token indices, or rows of F real values) with one class each,
// read by a model whose head sits on the last step. Sequences may differ in length: a batch then pads each to T, the
// longest (zeros, token 0), and writes its length, so the model reads each to its own last step (pack_padded_sequence).
// Training visits them in a fresh shuffle every epoch (floor(N/B) batches; each from the zero state), or grouped by
// length (each batch then runs to its own longest) and/or balanced over the classes (SequenceBatching); a validation
// reads them all in order, each batch up to its own longest.
using System.Numerics;

namespace Recurrent.Data;

/// <summary>Sequences with a class each, of one length or several (padded to the longest): a batch source and an example set.</summary>
public sealed class LabelledSequences : ExampleSource
{
    private readonly int[]? _tokens;
    private readonly double[]? _values;
    private readonly int _features;
    private readonly int[] _labels;
    private readonly int[] _lengths; // steps of each example
    private readonly int[] _starts;  // the step where each example starts in _tokens or _values (rows of F)

    private LabelledSequences(int[]? tokens, double[]? values, int features, int[] lengths, int[] labels, int batch, ulong seed, bool shuffle,
        SequenceBatching? batching)
        : base(CheckBatch(labels.Length, batch), lengths.Max(), batch, seed, shuffle, batching?.Plan ?? 0)
    {
        if (labels.Any(label => label < 0))
            throw new ArgumentOutOfRangeException(nameof(labels), "Every label must be a class index of at least 0.");
        if (batching is { } plan && plan.Plan != 0)
            Plan = new BatchPlan(plan, lengths, labels, batch, seed);
        _tokens = tokens;
        _values = values;
        _features = features;
        _labels = labels;
        _lengths = lengths;
        _starts = new int[lengths.Length];
        for (int n = 1; n < lengths.Length; n++)
            _starts[n] = _starts[n - 1] + lengths[n - 1];
        Ragged = lengths.Any(length => length != Steps);
    }

    /// <summary>The longest sequence of training batch <paramref name="step"/>.</summary>
    public override int StepsOf(long step) => Longest(BatchOf(step));

    /// <summary>The longest of examples [start, start + count).</summary>
    public override int StepsOf(int start, int count)
    {
        int longest = 1;
        for (int example = start; example < start + count; example++)
            longest = Math.Max(longest, _lengths[example]);
        return longest;
    }

    private int Longest(ReadOnlySpan<int> examples)
    {
        int longest = 1;
        foreach (int example in examples)
            longest = Math.Max(longest, _lengths[example]);
        return longest;
    }

    /// <summary>Whether the sequences differ in length (a batch then writes each one's length; T is the longest).</summary>
    public bool Ragged { get; }

    private static int CheckBatch(int count, int batch)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batch);
        if (count < batch)
            throw new RecurrentException($"There are {count} labelled sequences, too few for a batch of {batch}; lower batch.", "batch");
        return count;
    }

    /// <summary>Token sequences (indices into a vocabulary; of one length, or of several padded to the longest) and their classes.</summary>
    /// <exception cref="ArgumentException">No sequence, an empty one, or the counts of sequences and labels differ.</exception>
    public static LabelledSequences FromTokens(IReadOnlyList<int[]> sequences, IReadOnlyList<int> labels, int batch, ulong seed = 1, bool shuffle = true,
        SequenceBatching? batching = null)
    {
        int[] lengths = CheckShape(sequences.Select(s => s.Length).ToArray(), labels.Count);
        return new LabelledSequences(sequences.SelectMany(s => s).ToArray(), null, 0, lengths, [.. labels], batch, seed, shuffle, batching);
    }

    /// <summary>
    /// Real-valued sequences (rows of <paramref name="features"/> values, row after row; of one length, or of several
    /// padded to the longest) and their classes.
    /// </summary>
    /// <exception cref="ArgumentException">No sequence, an empty one, one not of whole rows, a value not finite, or the counts differ.</exception>
    public static LabelledSequences FromValues(IReadOnlyList<double[]> sequences, int features, IReadOnlyList<int> labels, int batch,
        ulong seed = 1, bool shuffle = true, SequenceBatching? batching = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(features);
        int[] lengths = CheckShape(sequences.Select(s => s.Length).ToArray(), labels.Count);
        if (lengths.Any(length => length % features != 0))
            throw new ArgumentException($"A sequence is not a whole number of rows of {features} values.", nameof(sequences));
        if (sequences.Any(s => !s.All(double.IsFinite)))
            throw new ArgumentException("Every value must be a finite number.", nameof(sequences));
        return new LabelledSequences(null, sequences.SelectMany(s => s).ToArray(), features, [.. lengths.Select(length => length / features)],
            [.. labels], batch, seed, shuffle, batching);
    }

    private static int[] CheckShape(int[] lengths, int labels)
    {
        if (lengths.Length == 0 || lengths.Length != labels)
            throw new ArgumentException($"Expected one label per sequence and at least one sequence ({lengths.Length} sequences, {labels} labels).");
        if (lengths.Any(l => l == 0))
            throw new ArgumentException("Every sequence must have at least one step.");
        return lengths;
    }

    private protected override void Check<T>(BatchBuffers<T> batch, int sequences)
    {
        int rows = Steps * sequences;
        bool fits = _tokens is not null ? batch.Tokens.Length == rows && batch.Inputs.IsEmpty : batch.Inputs.Length == rows * _features && batch.Tokens.IsEmpty;
        if (Ragged && batch.Lengths.Length != sequences)
            throw new ArgumentException($"These sequences differ in length: a batch needs room for {sequences} lengths.", nameof(batch));
        if (!fits || batch.Targets.Length != sequences || !batch.TargetValues.IsEmpty)
            throw new ArgumentException($"These sequences need {(_tokens is not null ? $"{rows} input tokens" : $"{rows * _features} input values")} " +
                $"and {sequences} target classes (a model with a classification head on the last step).", nameof(batch));
    }

    private protected override void Write<T>(int example, int b, int sequences, BatchBuffers<T> batch)
    {
        int length = _lengths[example], start = _starts[example];
        for (int t = 0; t < Steps; t++) // past its length, padding: token 0, or zeros
        {
            if (_tokens is not null)
                batch.Tokens[t * sequences + b] = t < length ? _tokens[start + t] : 0;
            else
                for (int f = 0; f < _features; f++)
                    batch.Inputs[(t * sequences + b) * _features + f] = t < length ? T.CreateChecked(_values![(start + t) * _features + f]) : T.Zero;
        }
        batch.Targets[b] = _labels[example];
        if (!batch.Lengths.IsEmpty)
            batch.Lengths[b] = length;
    }
}
