// The element types this reader accepts from a safetensors header. It is not the full safetensors
// list: integer and boolean tensors are refused because nothing here has float parameters of those types.
namespace Recurrent.IO;

/// <summary>Floating-point element types a safetensors file may store; all are converted to <see cref="float"/>.</summary>
internal enum SafetensorsDType
{
    /// <summary>IEEE 754 binary32, the only type the writer produces.</summary>
    F32,

    /// <summary>IEEE 754 binary64, narrowed to float (round to nearest even).</summary>
    F64,

    /// <summary>IEEE 754 binary16, widened exactly.</summary>
    F16,

    /// <summary>bfloat16: the top 16 bits of a binary32, widened exactly.</summary>
    BF16,
}
