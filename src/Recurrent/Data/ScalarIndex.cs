// The index of each character of a vocabulary, looked up by scalar value without hashing for the
// Basic Multilingual Plane (a 256 KB table), which is every character of most texts; the rare
// characters beyond it (emoji) go through a dictionary. Used when encoding large files.
namespace Recurrent.Data;

/// <summary>Scalar value → vocabulary index, -1 when absent.</summary>
internal sealed class ScalarIndex
{
    private const int BasicPlane = 0x10000;

    private readonly int[] _basic = new int[BasicPlane];
    private readonly Dictionary<int, int> _beyond = [];

    public ScalarIndex() => _basic.AsSpan().Fill(-1);

    /// <summary>The indices of <paramref name="vocabulary"/>'s characters.</summary>
    public static ScalarIndex Of(Vocabulary vocabulary)
    {
        var index = new ScalarIndex();
        for (int k = 0; k < vocabulary.Count; k++)
            index.Add(char.ConvertToUtf32(vocabulary[k], 0), k);
        return index;
    }

    /// <summary>The index of <paramref name="scalar"/>, or -1.</summary>
    public int this[int scalar] => scalar < BasicPlane ? _basic[scalar] : _beyond.GetValueOrDefault(scalar, -1);

    public void Add(int scalar, int index)
    {
        if (scalar < BasicPlane)
            _basic[scalar] = index;
        else
            _beyond[scalar] = index;
    }
}
