// The element types this reader accepts from a safetensors header, and the writer's three: F32 for parameters, I8 and
// I16 for the integers of a quantized model. Not the full safetensors list: unsigned and 64-bit integers and booleans
// are refused, because no model here stores them.
namespace Recurrent.IO;

/// <summary>Element types a safetensors file may store; every one is read as <see cref="float"/> (integers exactly).</summary>
public enum SafetensorsDType
{
    /// <summary>IEEE 754 binary32, what parameters are written as.</summary>
    F32,

    /// <summary>IEEE 754 binary64, narrowed to float (round to nearest even); read only.</summary>
    F64,

    /// <summary>IEEE 754 binary16, widened exactly; read only.</summary>
    F16,

    /// <summary>bfloat16: the top 16 bits of a binary32, widened exactly; read only.</summary>
    BF16,

    /// <summary>Signed 8-bit integers (a quantized weight's values).</summary>
    I8,

    /// <summary>Signed 16-bit little-endian integers (a quantized weight's values).</summary>
    I16,
}
