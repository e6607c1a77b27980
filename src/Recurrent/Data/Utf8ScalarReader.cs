// Decodes a UTF-8 file a chunk at a time into Unicode scalar values, with the same strictness and
// the same messages as TextFile.Read: a leading byte-order mark is skipped, an empty body is refused,
// and the first invalid or unfinished sequence is reported at its byte offset in the body (after the
// mark), which is where UTF8Encoding's DecoderFallbackException.Index points. A sequence cut by a
// chunk boundary is carried into the next chunk (at most 3 bytes), so the chunk size never changes
// the result. Nothing holds more than one chunk of the file. It reads no more than the file's length at opening:
// a device that never ends (/dev/zero) reads as empty instead of forever, and a stream without a length (a pipe) is
// refused.
using System.Buffers;
using System.Text;

namespace Recurrent.Data;

/// <summary>Reads a strict UTF-8 file as scalar values, one chunk at a time.</summary>
internal sealed class Utf8ScalarReader : IDisposable
{
    private const int MaxCarry = 3; // the longest unfinished sequence: 3 bytes of a 4-byte one

    private readonly FileStream _stream;
    private readonly string _path;
    private readonly byte[] _bytes;   // (MaxCarry + chunk) the carried bytes, then the new chunk
    private int _carry;               // bytes at the start of _bytes not decoded yet
    private long _offset;             // body offset of _bytes[0]
    private long _left;               // bytes of the file not read yet, from its length at opening
    private bool _ended;

    private Utf8ScalarReader(FileStream stream, string path, int chunkBytes)
    {
        _stream = stream;
        _left = stream.Length;
        _path = path;
        ChunkBytes = chunkBytes;
        _bytes = new byte[MaxCarry + chunkBytes];
    }

    /// <summary>The most bytes read from the file at a time.</summary>
    public int ChunkBytes { get; }

    /// <summary>The most scalar values one <see cref="Read"/> returns: a buffer this long always suffices.</summary>
    public int MaxScalars => MaxCarry + ChunkBytes;

    /// <summary>Opens <paramref name="path"/> and skips its byte-order mark.</summary>
    /// <exception cref="RecurrentException">The file is a directory, missing, unreadable, or empty after the mark.</exception>
    public static Utf8ScalarReader Open(string path, int chunkBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(chunkBytes);
        TextFile.CheckExists(path);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw TextFile.Unreadable(path, e);
        }
        if (!stream.CanSeek)
        {
            stream.Dispose();
            throw TextFile.NotAFile(path);
        }
        var reader = new Utf8ScalarReader(stream, path, chunkBytes);
        try
        {
            reader.SkipPreamble();
            return reader;
        }
        catch
        {
            reader.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Decodes the next chunk into <paramref name="scalars"/> (at least <see cref="MaxScalars"/> long);
    /// returns how many values it wrote, 0 only at the end of the file.
    /// </summary>
    /// <exception cref="RecurrentException">The bytes are not valid UTF-8 (the message gives the offset), or reading failed.</exception>
    public int Read(Span<int> scalars)
    {
        if (scalars.Length < MaxScalars)
            throw new ArgumentException($"The buffer must hold at least {MaxScalars} values.", nameof(scalars));
        while (true)
        {
            if (_ended && _carry == 0)
                return 0;
            int length = _carry;
            if (!_ended)
            {
                int got = Fill(_bytes.AsSpan(_carry, ChunkBytes));
                _ended = got == 0;
                length += got;
            }
            int used = Decode(_bytes.AsSpan(0, length), scalars, out int count);
            _carry = length - used;
            _bytes.AsSpan(used, _carry).CopyTo(_bytes);
            _offset += used;
            if (count > 0)
                return count;
        }
    }

    /// <summary>Decodes whole sequences; stops before an unfinished one unless the file has ended. Returns the bytes used.</summary>
    private int Decode(ReadOnlySpan<byte> bytes, Span<int> scalars, out int count)
    {
        int position = 0;
        count = 0;
        while (position < bytes.Length)
        {
            byte lead = bytes[position];
            if (lead < 0x80)
            {
                scalars[count++] = lead;
                position++;
                continue;
            }
            OperationStatus status = Rune.DecodeFromUtf8(bytes[position..], out Rune rune, out int consumed);
            if (status == OperationStatus.Done)
            {
                scalars[count++] = rune.Value;
                position += consumed;
            }
            else if (status == OperationStatus.NeedMoreData && !_ended)
            {
                break; // the rest of the sequence is in the next chunk
            }
            else
            {
                throw TextFile.NotUtf8(_path, _offset + position, null);
            }
        }
        return position;
    }

    private void SkipPreamble()
    {
        ReadOnlySpan<byte> mark = Encoding.UTF8.Preamble;
        int got = Fill(_bytes.AsSpan(0, mark.Length));
        if (got == mark.Length && _bytes.AsSpan(0, got).SequenceEqual(mark))
            got = Fill(_bytes.AsSpan(0, 1)); // the mark is not text: the body starts after it
        if (got == 0)
            throw TextFile.Empty(_path);
        _carry = got; // at most MaxCarry bytes, decoded with the first chunk
    }

    /// <summary>Reads until <paramref name="into"/> is full or the file ends; returns the bytes read.</summary>
    private int Fill(Span<byte> into)
    {
        try
        {
            int got = _stream.ReadAtLeast(into[..(int)Math.Min(into.Length, _left)], (int)Math.Min(into.Length, _left), throwOnEndOfStream: false);
            _left -= got;
            return got;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw TextFile.Unreadable(_path, e);
        }
    }

    public void Dispose() => _stream.Dispose();
}
