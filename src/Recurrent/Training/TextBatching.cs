// How a character model's text is cut for training: the last fraction kept for validation, the rest into B
// streams read in windows of T (char-rnn's batching, TextStreams).
namespace Recurrent.Training;

/// <summary>T characters per window, B streams, and the fraction of the text (at its end) kept for validation.</summary>
public sealed record TextBatching
{
    /// <summary>T: characters per window (the BPTT length).</summary>
    public int SeqLen { get; init; } = 64;

    /// <summary>B: parallel streams.</summary>
    public int Batch { get; init; } = 32;

    /// <summary>The fraction of the text, at its end, kept for validation.</summary>
    public double ValFraction { get; init; } = 0.1;

    /// <summary>The characters of an n-character text that train: the first floor(n·(1 − ValFraction)).</summary>
    public int TrainLength(int characters) => (int)Math.Floor(characters * (1 - ValFraction));

    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or the fraction is not in [0, 1).</exception>
    public TextBatching Validated()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(SeqLen);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Batch);
        if (!(ValFraction >= 0 && ValFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(ValFraction), ValFraction, "The validation fraction must be in [0, 1).");
        return this;
    }
}
