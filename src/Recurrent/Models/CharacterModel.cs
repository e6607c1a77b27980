// A character language model as users handle it: the network and the vocabulary it reads and
// writes, plus the free-form facts a checkpoint records about how it was made.
using Recurrent.Data;

namespace Recurrent.Models;

/// <summary>A float32 recurrent model over one-hot characters, with its vocabulary and metadata.</summary>
public sealed record CharacterModel(RecurrentModel<float> Network, Vocabulary Vocabulary, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>A fresh, zero-weight network of the given shape over <paramref name="vocabulary"/>.</summary>
    public static CharacterModel Create(CellKind cell, Vocabulary vocabulary, int hidden, int layers) =>
        new(new RecurrentModel<float>(ModelSpec.ForCharacters(cell, vocabulary.Count, hidden, layers)), vocabulary,
            new Dictionary<string, string>());
}
