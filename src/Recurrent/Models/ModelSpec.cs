// The architecture of a model: everything needed to lay out its parameters and buffers.
namespace Recurrent.Models;

/// <summary>
/// Cell, input form and sizes: I inputs per step, H hidden units, L stacked layers, V outputs of the head.
/// </summary>
public sealed record ModelSpec(CellKind Cell, InputKind Input, int InputSize, int Hidden, int Layers, int OutputSize)
{
    /// <summary>A character model: one-hot input over the vocabulary, a softmax head over the same vocabulary.</summary>
    public static ModelSpec ForCharacters(CellKind cell, int vocabulary, int hidden, int layers) =>
        new(cell, InputKind.OneHot, vocabulary, hidden, layers, vocabulary);

    /// <summary>G: gate blocks per hidden unit.</summary>
    public int GateCount => Cell.GateCount();

    /// <summary>The size of layer k's input: I for the first layer, H above it.</summary>
    public int LayerInputSize(int layer) => layer == 0 ? InputSize : Hidden;

    /// <summary>Throws if a size is not positive.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is zero or negative.</exception>
    public ModelSpec Validated()
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(InputSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Hidden);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Layers);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(OutputSize);
        return this;
    }
}
