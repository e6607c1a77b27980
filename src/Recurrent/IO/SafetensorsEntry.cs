// One tensor's description from a safetensors header, already checked against the file's length.
// It holds no data; SafetensorsFile.Read turns an entry into a SafetensorsTensor.
namespace Recurrent.IO;

/// <summary>
/// A validated header entry: <c>End - Begin == ElementCount * SizeOf(DType)</c> and
/// <c>End</c> lies within the data section. Offsets are relative to the start of the data section.
/// </summary>
internal sealed record SafetensorsEntry(string Name, SafetensorsDType DType, int[] Shape, long ElementCount, long Begin, long End)
{
    /// <summary>Bytes the tensor occupies in the data section.</summary>
    public long ByteLength => End - Begin;
}
