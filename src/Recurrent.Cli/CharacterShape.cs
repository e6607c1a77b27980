// The shape of a character model as `train` and `demo` take it from their options, before the text (and so the
// vocabulary, which sizes the input and the head) is known.
using Recurrent.Data;
using Recurrent.Models;

namespace Recurrent.Cli;

/// <summary>Cell, hidden size, layers, embedding (0: one-hot) and dropout of a character model to be built.</summary>
internal sealed record CharacterShape(CellKind Cell, int Hidden, int Layers, int Embedding = 0, double Dropout = 0)
{
    /// <summary>A fresh model of this shape over <paramref name="vocabulary"/>, initialised from <paramref name="seed"/>.</summary>
    public ModelBundle Build(Vocabulary vocabulary, ulong seed)
    {
        var model = ModelBundle.ForCharacters(Cell, vocabulary, Hidden, Layers, Embedding, Dropout);
        model.Network.Initialize(seed);
        return model;
    }
}
