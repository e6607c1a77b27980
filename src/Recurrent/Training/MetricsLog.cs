// The metrics log of a training run: a CSV file next to the checkpoint (MODEL.metrics.csv), one line per
// logged step, for plots and for reading a run's progress while it is going.
//
// Crash safety: each line goes to the operating system in one write as soon as it is appended, so a killed
// process loses at most the line it was writing; a line is a record only once its '\n' is there, so a cut
// last line is ignored when reading and removed when resuming. Lines are not fsync'd (a power cut can lose
// the last few seconds of lines; the checkpoint is what must survive, and it is written elsewhere).
//
// Resume: a resumed run keeps the lines up to its checkpoint's step and drops the rest, so its log holds the
// same records as an uninterrupted run's (timing columns aside). Not here: the CSV text (MetricsCsv), plots
// (the CLI).
using System.Text;

namespace Recurrent.Training;

/// <summary>Appends <see cref="MetricsRecord"/>s to a CSV file, and reads such files back.</summary>
public sealed class MetricsLog : IDisposable
{
    private readonly FileStream _stream;
    private readonly byte[] _line = new byte[MetricsCsv.MaxLineChars]; // the line is ASCII: one byte per character

    private MetricsLog(string path, FileStream stream, MetricsRecord? last)
    {
        Path = path;
        _stream = stream;
        Last = last;
    }

    /// <summary>The file this log writes.</summary>
    public string Path { get; }

    /// <summary>
    /// The last record in the file: the last one appended, or after <see cref="Resume"/> the last one kept (a resumed
    /// run can continue its elapsed time from it); null while the file holds none.
    /// </summary>
    public MetricsRecord? Last { get; private set; }

    /// <summary>The log that goes with a checkpoint: "runs/model.safetensors" gives "runs/model.metrics.csv".</summary>
    public static string PathFor(string checkpointPath) =>
        System.IO.Path.ChangeExtension(checkpointPath, null) + ".metrics.csv";

    /// <summary>Starts a new log at <paramref name="path"/>, replacing any file there, and writes the header line.</summary>
    /// <exception cref="RecurrentException">The file cannot be created (missing directory, no permission...).</exception>
    public static MetricsLog Create(string path)
    {
        var stream = Open(path, FileMode.Create);
        var log = new MetricsLog(path, stream, null);
        log.WriteHeader();
        return log;
    }

    /// <summary>
    /// Opens the log of a run resumed from a checkpoint taken after step <paramref name="step"/>: keeps the records
    /// up to that step, drops later ones and a cut last line, and appends after them. A missing file, or one cut
    /// before its header was complete, starts a new log.
    /// </summary>
    /// <exception cref="RecurrentException">
    /// The file is not a metrics log or is malformed before the records it drops (it is left as it was), or it cannot be written.
    /// </exception>
    public static MetricsLog Resume(string path, long step)
    {
        if (!File.Exists(path) && !Directory.Exists(path))
            return Create(path);
        byte[] bytes = ReadBytes(path);
        var scan = new MetricsScan(path, bytes);
        if (!scan.HasHeader)
            return Create(path);

        MetricsRecord? last = null;
        long keep = scan.HeaderEnd;
        while (scan.Next() is { } line && line.Record.Step <= step)
        {
            last = line.Record;
            keep = line.End;
        }
        var stream = Open(path, FileMode.Open);
        try
        {
            stream.SetLength(keep);
            stream.Seek(keep, SeekOrigin.Begin);
        }
        catch (IOException e)
        {
            stream.Dispose();
            throw new RecurrentException($"Cannot write the metrics log '{path}': {e.Message}", e);
        }
        return new MetricsLog(path, stream, last);
    }

    /// <summary>Every record in the metrics log at <paramref name="path"/>, in file order; a cut last line is left out.</summary>
    /// <exception cref="RecurrentException">
    /// The file is missing, a directory, unreadable, empty, not a metrics log (wrong first line), or has a malformed line.
    /// </exception>
    public static IReadOnlyList<MetricsRecord> Read(string path)
    {
        byte[] bytes = ReadBytes(path);
        if (bytes.Length == 0)
            throw new RecurrentException($"The metrics log '{path}' is empty: it does not even have the header line.");
        var scan = new MetricsScan(path, bytes);
        if (!scan.HasHeader)
            throw new RecurrentException($"The metrics log '{path}' was cut short before the end of its header line.");
        var records = new List<MetricsRecord>();
        while (scan.Next() is { } line)
            records.Add(line.Record);
        return records;
    }

    /// <summary>Appends <paramref name="record"/> as one line and hands it to the operating system at once. Allocates nothing.</summary>
    /// <exception cref="ArgumentException">Its step is not after the last record's.</exception>
    /// <exception cref="RecurrentException">The line could not be written (disk full...).</exception>
    public void Append(in MetricsRecord record)
    {
        if (Last is { } last && record.Step <= last.Step)
            throw new ArgumentException($"Metrics records must come in increasing step order: step {record.Step} after step {last.Step}.", nameof(record));
        Span<char> text = stackalloc char[MetricsCsv.MaxLineChars];
        int length = MetricsCsv.Format(record, text);
        int bytes = Encoding.ASCII.GetBytes(text[..length], _line);
        Write(_line.AsSpan(0, bytes));
        Last = record;
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _stream.Dispose();

    private void WriteHeader()
    {
        byte[] header = Encoding.ASCII.GetBytes(MetricsCsv.Header + "\n");
        Write(header);
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        try
        {
            _stream.Write(bytes);
            _stream.Flush();
        }
        catch (IOException e)
        {
            throw new RecurrentException($"Cannot write to the metrics log '{Path}': {e.Message}", e);
        }
    }

    /// <summary>Unbuffered (each Write is one system call), readable by others while training runs.</summary>
    private static FileStream Open(string path, FileMode mode)
    {
        try
        {
            return new FileStream(path, mode, FileAccess.Write, FileShare.Read, bufferSize: 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RecurrentException($"Cannot write the metrics log '{path}': {e.Message}", e);
        }
    }

    private static byte[] ReadBytes(string path)
    {
        if (Directory.Exists(path))
            throw new RecurrentException($"The metrics log '{path}' is a directory.");
        if (!File.Exists(path))
            throw new RecurrentException($"The metrics log '{path}' does not exist.");
        try
        {
            // ReadWrite sharing: a log can be read while its run is still appending to it.
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RecurrentException($"Cannot read the metrics log '{path}': {e.Message}", e);
        }
    }
}
