// Where one named parameter lives inside a ParameterSet's flat buffers.
namespace Recurrent.Models;

/// <summary>A named, shaped view: elements [Offset, Offset + Length) of the flat value and gradient buffers.</summary>
public sealed record ParameterInfo(string Name, int Offset, int[] Shape)
{
    /// <summary>The number of elements: the product of the shape.</summary>
    public int Length { get; } = Shape.Aggregate(1, (product, dim) => product * dim);
}
