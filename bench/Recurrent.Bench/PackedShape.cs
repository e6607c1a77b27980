// The data of the packed workload (issue 14): N token sequences with lengths drawn uniformly from [MIN, MAX], one
// class each, read in batches of B sequences of similar length. Tokens over V are embedded in D = 64, a realistic
// front for text classification; 10 classes.
namespace Recurrent.Bench;

/// <summary>B sequences per batch, N sequences in all, lengths in [MinLength, MaxLength], V tokens.</summary>
internal sealed record PackedShape(int Batch, int Sequences, int MinLength, int MaxLength, int Vocabulary)
{
    /// <summary>D, the width of a token's embedding (nn.Embedding(V, D) on both sides).</summary>
    public const int Embedding = 64;

    /// <summary>C, the classes of the head on each sequence's last step.</summary>
    public const int Classes = 10;

    /// <summary>The batches of a pass: floor(N / B) (the last sequences of the length order are left out when B does not divide N).</summary>
    public int Batches => Sequences / Batch;

    /// <summary>The sequences a pass reads: every batch's.</summary>
    public int SequencesPerPass => Batches * Batch;
}
