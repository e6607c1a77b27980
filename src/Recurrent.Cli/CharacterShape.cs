// The shape of a character model as `train` and `demo` take it from their options, before the text (and so the
// vocabulary, which sizes the input and the head) is known.
using Recurrent.Data;
using Recurrent.Models;

namespace Recurrent.Cli;

/// <summary>Cell, hidden size, layers, embedding (0: one-hot), dropout and zoneout of a character model to be built.</summary>
internal sealed record CharacterShape(CellKind Cell, int Hidden, int Layers, int Embedding = 0, double Dropout = 0)
{
    /// <summary>z_h, zoneout of h (<see cref="ModelSpec.ZoneoutHidden"/>); 0: none.</summary>
    public double ZoneoutHidden { get; init; }

    /// <summary>z_c, zoneout of the LSTM's C (<see cref="ModelSpec.ZoneoutCell"/>); 0: none.</summary>
    public double ZoneoutCell { get; init; }

    /// <summary>A fresh model of this shape over <paramref name="vocabulary"/>, initialised from <paramref name="seed"/>.</summary>
    public ModelBundle Build(Vocabulary vocabulary, ulong seed)
    {
        var spec = ModelSpec.ForCharacters(Cell, vocabulary.Count, Hidden, Layers, Embedding, Dropout) with
        {
            ZoneoutHidden = ZoneoutHidden,
            ZoneoutCell = ZoneoutCell,
        };
        var model = new ModelBundle(new RecurrentModel<float>(spec)) { Vocabulary = vocabulary };
        model.Network.Initialize(seed);
        return model;
    }
}
