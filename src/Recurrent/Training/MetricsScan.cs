// Walks the bytes of a metrics log line by line for MetricsLog.Read and MetricsLog.Resume: checks the
// header, parses each complete line, and reports where each record ends so that Resume can cut the
// file after the last record it keeps. A last line without its '\n' was cut by a crash and is not a
// record. Blank lines are skipped; '\r\n' line ends (a file saved on Windows) are accepted.
using System.Text;

namespace Recurrent.Training;

/// <summary>A forward-only reader of the records in a metrics log's bytes.</summary>
internal sealed class MetricsScan
{
    private readonly string _path;
    private readonly byte[] _bytes;
    private int _position;
    private int _lineNumber;

    /// <summary>A record and the offset just past its line's '\n'.</summary>
    public readonly record struct Line(MetricsRecord Record, long End);

    /// <exception cref="RecurrentException">The first line is not the metrics header.</exception>
    public MetricsScan(string path, byte[] bytes)
    {
        _path = path;
        _bytes = bytes;
        int start = bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        int newline = Array.IndexOf(bytes, (byte)'\n', start);
        if (newline < 0)
        {
            // No complete line: either the header was being written when the writer died, or this is something else.
            if (Encoding.ASCII.GetBytes(MetricsCsv.Header).AsSpan().StartsWith(bytes.AsSpan(start)))
                return;
            throw NotALog(Text(start, bytes.Length));
        }
        string first = Text(start, newline);
        if (first != MetricsCsv.Header)
            throw NotALog(first);
        HasHeader = true;
        HeaderEnd = _position = newline + 1;
        _lineNumber = 1;
    }

    /// <summary>Whether the header line is complete; when false there are no records.</summary>
    public bool HasHeader { get; }

    /// <summary>The offset just past the header's '\n'.</summary>
    public long HeaderEnd { get; }

    /// <summary>The next record, or null at the end of the file or at a cut last line.</summary>
    /// <exception cref="RecurrentException">A complete line is not a valid record.</exception>
    public Line? Next()
    {
        while (HasHeader)
        {
            int newline = Array.IndexOf(_bytes, (byte)'\n', _position);
            if (newline < 0)
                return null;
            _lineNumber++;
            string text = Text(_position, newline);
            _position = newline + 1;
            if (text.Length == 0)
                continue;
            if (!MetricsCsv.TryParse(text, out var record, out string error))
                throw new RecurrentException($"The metrics log '{_path}' is malformed at line {_lineNumber}: {error}.");
            return new Line(record, _position);
        }
        return null;
    }

    /// <summary>The bytes in [start, end) as text, without a closing '\r'.</summary>
    private string Text(int start, int end)
    {
        if (end > start && _bytes[end - 1] == (byte)'\r')
            end--;
        return Encoding.UTF8.GetString(_bytes, start, end - start);
    }

    private RecurrentException NotALog(string firstLine)
    {
        bool showable = firstLine.Length is > 0 and <= 120 && firstLine.All(c => c is >= ' ' and <= '~');
        string seen = showable ? $" (it starts with {MetricsCsv.Quote(firstLine)})" : "";
        return new RecurrentException(
            $"'{_path}' is not a metrics log: its first line should be '{MetricsCsv.Header}'{seen}.");
    }
}
