// Reads and writes safetensors files (https://github.com/huggingface/safetensors): a u64 header length,
// a JSON header, then raw little-endian tensor data. Generic: it knows tensors and strings, not models.
using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Recurrent.IO;

/// <summary>Whole-file reading and crash-safe writing of safetensors files: float tensors, and the I8/I16 integers of quantized models.</summary>
public static class SafetensorsFile
{
    /// <summary>Headers beyond this are refused before allocation: real headers are kilobytes.</summary>
    internal const long MaxHeaderBytes = 100_000_000;

    // Non-F32 data is converted through a pooled buffer of this size, so a large tensor needs no second copy.
    private const int ChunkBytes = 1 << 20;

    /// <summary>
    /// Writes <paramref name="tensors"/> back to back, F32 (whatever float type a tensor was read as) in list order, then
    /// the I16 and I8 ones, after a header whose length makes the data start at a multiple of 8 bytes. The file is written to a temporary sibling, flushed to disk and then
    /// moved over <paramref name="path"/>, so a crash or failure leaves either the old file or the new one.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">
    /// The path is empty; a tensor is null; two tensors share a name; a tensor's data length no longer matches its
    /// shape; a metadata value is null; or a name is not valid UTF-16. Nothing is written in these cases.
    /// </exception>
    /// <exception cref="RecurrentException">The file system refused the write; the existing file is unchanged.</exception>
    public static void Write(string path, IReadOnlyList<SafetensorsTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(metadata);
        // Snapshot the list so that what is validated is what gets written; wider elements first (a stable order, so a
        // file of floats keeps the caller's), so that no F32 tensor starts after an odd number of I8 bytes.
        SafetensorsTensor[] snapshot = tensors.OrderByDescending(tensor => tensor is null ? 4 : SafetensorsDecoder.SizeOf(tensor.WrittenAs)).ToArray();
        Validate(snapshot, metadata);
        byte[] header = SafetensorsHeaderWriter.Build(snapshot, metadata);

        AtomicFile.Write(path, "the safetensors file", stream =>
        {
            stream.Write(header);
            foreach (SafetensorsTensor tensor in snapshot)
                if (tensor.WrittenAs == SafetensorsDType.F32)
                    WriteF32(stream, tensor.Data);
                else
                    WriteIntegers(stream, tensor);
        });
    }

    /// <summary>
    /// Reads every tensor of a safetensors file, converting F32, F64, F16 and BF16 data to float, plus its
    /// <c>__metadata__</c>. Every header size is checked against the file length before it is used.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="CheckpointException">
    /// The file does not exist, cannot be read, or is not a well-formed safetensors file (too short, bad header
    /// length, header not UTF-8 JSON, bad entry, unsupported dtype, offsets that disagree with the shape,
    /// truncated data, overlapping tensors, non-string metadata). The message names the file and the fault.
    /// </exception>
    public static SafetensorsContent Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
            throw new CheckpointException($"The safetensors file '{path}' is a directory, not a file.");
        if (!File.Exists(path))
            throw new CheckpointException($"The safetensors file '{path}' does not exist.");
        try
        {
            using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            return ReadOpen(handle, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CheckpointException($"The safetensors file '{path}' could not be read: {e.Message}", e);
        }
    }

    private static SafetensorsContent ReadOpen(SafeFileHandle handle, string path)
    {
        long fileLength = RandomAccess.GetLength(handle);
        if (fileLength < 8)
            throw new CheckpointException($"The safetensors file '{path}' is only {fileLength} bytes long, too short to hold the 8-byte header length.");
        Span<byte> prefix = stackalloc byte[8];
        ReadExactly(handle, prefix, 0, path);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > MaxHeaderBytes)
            throw new CheckpointException($"The safetensors file '{path}' declares a header of {headerLength} bytes, absurdly large (the limit is {MaxHeaderBytes}); the file is corrupt or not safetensors.");
        if ((long)headerLength > fileLength - 8)
            throw new CheckpointException($"The safetensors file '{path}' declares a header of {headerLength} bytes but only {fileLength - 8} bytes follow the length field; the file is truncated or not safetensors.");

        var json = new byte[headerLength];
        ReadExactly(handle, json, 8, path);
        long dataStart = 8 + (long)headerLength;
        SafetensorsHeader header = SafetensorsHeader.Parse(json, fileLength - dataStart, path);

        var tensors = new List<SafetensorsTensor>(header.Entries.Count);
        foreach (SafetensorsEntry entry in header.Entries)
        {
            var data = new float[entry.ElementCount];
            ReadData(handle, entry, dataStart, data, path);
            tensors.Add(new SafetensorsTensor(entry, data));
        }
        return new SafetensorsContent(path, tensors, header.Metadata);
    }

    private static void ReadData(SafeFileHandle handle, SafetensorsEntry entry, long dataStart, float[] data, string path)
    {
        long position = dataStart + entry.Begin;
        if (entry.DType == SafetensorsDType.F32 && BitConverter.IsLittleEndian)
        {
            // The file bytes already are the array's bytes: read straight into it.
            ReadExactly(handle, MemoryMarshal.AsBytes(data.AsSpan()), position, path);
            return;
        }
        int size = SafetensorsDecoder.SizeOf(entry.DType);
        int perChunk = ChunkBytes / size;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            // long, so that stepping past an array near Array.MaxLength cannot wrap around.
            for (long done = 0; done < data.Length; done += perChunk)
            {
                int count = (int)Math.Min(perChunk, data.Length - done);
                Span<byte> bytes = buffer.AsSpan(0, count * size);
                ReadExactly(handle, bytes, position + done * size, path);
                SafetensorsDecoder.Decode(entry.DType, bytes, data.AsSpan((int)done, count));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> destination, long position, string path)
    {
        while (!destination.IsEmpty)
        {
            int read = RandomAccess.Read(handle, destination, position);
            // The length was checked up front, so a short read means the file shrank while we read it.
            if (read == 0)
                throw new CheckpointException($"The safetensors file '{path}' is truncated: it ended at byte {position} while reading.");
            destination = destination.Slice(read);
            position += read;
        }
    }

    private static void WriteF32(Stream stream, float[] data)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(data.AsSpan()));
            return;
        }
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            int perChunk = ChunkBytes / 4;
            for (long done = 0; done < data.Length; done += perChunk)
            {
                int count = (int)Math.Min(perChunk, data.Length - done);
                Span<byte> bytes = buffer.AsSpan(0, count * 4);
                SafetensorsDecoder.EncodeF32(data.AsSpan((int)done, count), bytes);
                stream.Write(bytes);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void WriteIntegers(Stream stream, SafetensorsTensor tensor)
    {
        int size = SafetensorsDecoder.SizeOf(tensor.WrittenAs), perChunk = ChunkBytes / size;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            for (long done = 0; done < tensor.Data.Length; done += perChunk)
            {
                int count = (int)Math.Min(perChunk, tensor.Data.Length - done);
                Span<byte> bytes = buffer.AsSpan(0, count * size);
                SafetensorsDecoder.EncodeInteger(tensor.WrittenAs, tensor.Data.AsSpan((int)done, count), bytes);
                stream.Write(bytes);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Validate(SafetensorsTensor[] tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < tensors.Length; i++)
        {
            SafetensorsTensor? tensor = tensors[i];
            if (tensor is null)
                throw new ArgumentException($"Tensor {i} is null.", nameof(tensors));
            if (!names.Add(tensor.Name))
                throw new ArgumentException($"Two tensors are named '{tensor.Name}'; names must be unique.", nameof(tensors));
            string? fault = SafetensorsTensor.DescribeMismatch(tensor.Shape, tensor.Data.Length);
            if (fault is not null)
                throw new ArgumentException($"Tensor '{tensor.Name}': {fault}", nameof(tensors));
            if (tensor.WrittenAs != SafetensorsDType.F32)
            {
                // Checked before the file is opened, so that a bad value leaves nothing half-written.
                float low = tensor.DType == SafetensorsDType.I8 ? sbyte.MinValue : short.MinValue;
                float high = tensor.DType == SafetensorsDType.I8 ? sbyte.MaxValue : short.MaxValue;
                foreach (float value in tensor.Data)
                    if (value != MathF.Round(value) || value < low || value > high)
                        throw new ArgumentException($"Tensor '{tensor.Name}' is {tensor.DType} but holds {value}.", nameof(tensors));
            }
        }
        foreach (KeyValuePair<string, string> item in metadata)
        {
            if (item.Key is null || item.Value is null)
                throw new ArgumentException($"Metadata entry '{item.Key}' has a null key or value.", nameof(metadata));
        }
    }
}
