// One named float tensor as it travels to and from a safetensors file: a name, a shape, flat data.
// It is not a compute tensor: it owns no layout beyond row-major order and does no arithmetic.
namespace Recurrent.IO;

/// <summary>
/// A named tensor with a row-major shape and its elements as 32-bit floats.
/// <c>Data.Length</c> equals the product of <c>Shape</c>; a scalar has shape <c>[]</c> and one element,
/// and any zero dimension gives an empty tensor.
/// </summary>
public sealed class SafetensorsTensor
{
    /// <summary>The reserved header key that holds file metadata; no tensor may use it.</summary>
    internal const string MetadataKey = "__metadata__";

    /// <summary>Creates a tensor over the given arrays (they are kept, not copied).</summary>
    /// <exception cref="ArgumentNullException">A parameter is null.</exception>
    /// <exception cref="ArgumentException">
    /// The name is empty or <c>__metadata__</c>, a dimension is negative, or <c>data.Length</c> is not the
    /// product of the shape.
    /// </exception>
    public SafetensorsTensor(string name, int[] shape, float[] data) : this(name, shape, data, SafetensorsDType.F32)
    {
    }

    /// <summary>
    /// Creates a tensor stored in the file as <paramref name="dtype"/>: F32, or I8 / I16 for integers (the values must then
    /// be integers in the type's range when written).
    /// </summary>
    /// <exception cref="ArgumentNullException">A parameter is null.</exception>
    /// <exception cref="ArgumentException">As the other constructor; or the dtype is one this library only reads.</exception>
    public SafetensorsTensor(string name, int[] shape, float[] data, SafetensorsDType dtype)
    {
        if (dtype is not (SafetensorsDType.F32 or SafetensorsDType.I8 or SafetensorsDType.I16))
            throw new ArgumentException($"Tensors are written as F32, I8 or I16, not {dtype}.", nameof(dtype));
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        if (name.Length == 0)
            throw new ArgumentException("A tensor name must not be empty.", nameof(name));
        if (name == MetadataKey)
            throw new ArgumentException($"'{MetadataKey}' is reserved for file metadata and cannot name a tensor.", nameof(name));
        string? fault = DescribeMismatch(shape, data.Length);
        if (fault is not null)
            throw new ArgumentException($"Tensor '{name}': {fault}", nameof(data));
        Name = name;
        Shape = shape;
        Data = data;
        DType = dtype;
    }

    /// <summary>Internal: a tensor as read, with the dtype the file stored it as (any readable one).</summary>
    internal SafetensorsTensor(SafetensorsEntry entry, float[] data)
    {
        Name = entry.Name;
        Shape = entry.Shape;
        Data = data;
        DType = entry.DType;
    }

    /// <summary>How the file stores (or stored) the elements: F32 unless written or read as another type.</summary>
    public SafetensorsDType DType { get; }

    /// <summary>How a writer stores it: I8 and I16 as they are, every float type (a tensor read as F16, BF16, F64) as F32.</summary>
    internal SafetensorsDType WrittenAs => DType is SafetensorsDType.I8 or SafetensorsDType.I16 ? DType : SafetensorsDType.F32;

    /// <summary>The tensor's name, unique within a file (PyTorch style, e.g. <c>weight_ih_l0</c>).</summary>
    public string Name { get; }

    /// <summary>Dimensions, outermost first; empty for a scalar.</summary>
    public int[] Shape { get; }

    /// <summary>Elements in row-major order.</summary>
    public float[] Data { get; }

    /// <summary>The number of elements the shape implies: the product of its dimensions (1 for a scalar).</summary>
    /// <exception cref="ArgumentException">A dimension is negative.</exception>
    /// <exception cref="OverflowException">The product does not fit in 64 bits.</exception>
    public static long ElementCount(ReadOnlySpan<int> shape)
    {
        long count = 1;
        foreach (int d in shape)
        {
            if (d < 0)
                throw new ArgumentException($"Dimension {d} is negative.", nameof(shape));
            count = checked(count * d);
        }
        return count;
    }

    /// <summary>
    /// Says why <paramref name="length"/> elements cannot fill <paramref name="shape"/>, or null when they can.
    /// The arrays are mutable, so the writer asks again instead of trusting the check made at construction.
    /// </summary>
    internal static string? DescribeMismatch(int[] shape, int length)
    {
        long expected;
        try
        {
            expected = ElementCount(shape);
        }
        catch (ArgumentException)
        {
            return $"shape {FormatShape(shape)} has a negative dimension.";
        }
        catch (OverflowException)
        {
            return $"shape {FormatShape(shape)} has more elements than fit in 64 bits.";
        }
        return expected == length
            ? null
            : $"shape {FormatShape(shape)} needs {expected} elements but the data has {length}.";
    }

    /// <summary>Formats a shape the way the header writes it, e.g. <c>[2, 3]</c>.</summary>
    internal static string FormatShape(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";

    /// <inheritdoc cref="FormatShape(IEnumerable{long})"/>
    internal static string FormatShape(int[] shape) => FormatShape(shape.Select(d => (long)d));

    /// <inheritdoc/>
    public override string ToString() => $"{Name} {FormatShape(Shape)}";
}
