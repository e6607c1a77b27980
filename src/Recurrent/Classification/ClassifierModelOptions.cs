// The network of a sequence classifier, with the defaults a PyTorch user starts from for short texts: a one-layer
// LSTM of 128 units over 32-wide character embeddings, batches of 32; one direction unless asked, as nn.LSTM.
using Recurrent.Models;

namespace Recurrent.Classification;

/// <summary>Cell, sizes, embedding, dropout, directions and batch size of a classifier's network.</summary>
public sealed record ClassifierModelOptions
{
    /// <summary>The recurrent cell.</summary>
    public CellKind Cell { get; init; } = CellKind.Lstm;

    /// <summary>H, hidden units per direction.</summary>
    public int Hidden { get; init; } = 128;

    /// <summary>L, stacked layers.</summary>
    public int Layers { get; init; } = 1;

    /// <summary>D, the width of a token's embedding; 0 reads tokens one-hot. Ignored for real-valued sequences.</summary>
    public int Embedding { get; init; } = 32;

    /// <summary>Dropout between layers and before the head (training only).</summary>
    public double Dropout { get; init; }

    /// <summary>Zoneout of h (<see cref="ModelSpec.ZoneoutHidden"/>); 0: none.</summary>
    public double ZoneoutHidden { get; init; }

    /// <summary>Zoneout of the LSTM's C (<see cref="ModelSpec.ZoneoutCell"/>); 0: none.</summary>
    public double ZoneoutCell { get; init; }

    /// <summary>Whether every layer also reads each sequence backwards (torch's bidirectional=True).</summary>
    public bool Bidirectional { get; init; }

    /// <summary>B, sequences per training batch.</summary>
    public int Batch { get; init; } = 32;

    /// <summary>The spec of a classifier of these options over <paramref name="inputs"/> tokens (or features) and <paramref name="classes"/> classes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size or the dropout is out of range.</exception>
    public ModelSpec Spec(bool tokens, int inputs, int classes, Readout pooling)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Batch);
        ArgumentOutOfRangeException.ThrowIfNegative(Embedding);
        var input = !tokens ? InputKind.Dense : Embedding > 0 ? InputKind.Embedding : InputKind.OneHot;
        return new ModelSpec(Cell, input, inputs, Hidden, Layers, classes)
        {
            EmbeddingSize = input == InputKind.Embedding ? Embedding : 0,
            Dropout = Dropout,
            ZoneoutHidden = ZoneoutHidden,
            ZoneoutCell = ZoneoutCell,
            Head = HeadKind.Classification,
            Readout = pooling,
            Bidirectional = Bidirectional,
        }.Validated();
    }
}
