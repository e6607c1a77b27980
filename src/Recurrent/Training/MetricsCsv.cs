// The text form of a MetricsRecord: one CSV line, invariant culture, numbers that read back to the same
// bits. Formatting writes into a caller's span (no allocation, so logging can sit in the training loop);
// parsing says which field of a line is wrong. File handling is MetricsLog's.
//
// Fields, in order: step, epoch, train_loss, val_loss, lr, grad_norm, tokens_per_sec, elapsed_sec.
// - Losses, lr and grad_norm use the shortest round-trip form ("R"): parsing gives back the same double.
// - val_loss is empty on steps that did not validate. An empty field anywhere else is an error.
// - Non-finite values are written as NaN, Infinity, -Infinity (what a NaN guard saw stays in the log);
//   they read back as such, and plots skip them. An empty val_loss (not measured) and "NaN" (measured,
//   and it was NaN) are different things.
// - tokens_per_sec is rounded to 0.1 and elapsed_sec to 0.001: timing differs between runs anyway.
using System.Globalization;

namespace Recurrent.Training;

/// <summary>One <see cref="MetricsRecord"/> as one CSV line, and back.</summary>
internal static class MetricsCsv
{
    /// <summary>The first line of every metrics log.</summary>
    public const string Header = "step,epoch,train_loss,val_loss,lr,grad_norm,tokens_per_sec,elapsed_sec";

    /// <summary>Columns per line.</summary>
    public const int FieldCount = 8;

    /// <summary>Enough for any formatted line: 8 fields of at most 25 characters, 7 commas and '\n'.</summary>
    public const int MaxLineChars = 256;

    private static readonly string[] Names = Header.Split(',');
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Writes <paramref name="record"/> and a closing '\n' into <paramref name="destination"/>; returns the characters written.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="MaxLineChars"/>.</exception>
    public static int Format(in MetricsRecord record, Span<char> destination)
    {
        if (destination.Length < MaxLineChars)
            throw new ArgumentException($"A metrics line needs a buffer of {MaxLineChars} characters.", nameof(destination));
        // Field by field with TryFormat: an interpolated TryWrite allocates a little on every call.
        int n = 0;
        bool ok = Put(destination, ref n, record.Step) && Put(destination, ref n, ',')
            && Put(destination, ref n, record.Epoch) && Put(destination, ref n, ',')
            && Put(destination, ref n, record.TrainLoss) && Put(destination, ref n, ',')
            && (record.ValidationLoss is not double validation || Put(destination, ref n, validation)) && Put(destination, ref n, ',')
            && Put(destination, ref n, record.LearningRate) && Put(destination, ref n, ',')
            && Put(destination, ref n, record.GradientNorm) && Put(destination, ref n, ',')
            && Put(destination, ref n, Math.Round(record.TokensPerSecond, 1)) && Put(destination, ref n, ',')
            && Put(destination, ref n, Math.Round(record.ElapsedSeconds, 3)) && Put(destination, ref n, '\n');
        if (!ok)
            throw new InvalidOperationException("A metrics line overflowed its buffer."); // cannot happen: each field is at most 25 characters
        return n;
    }

    /// <summary>The shortest text that parses back to the same double ("R"); NaN, Infinity, -Infinity when not finite.</summary>
    private static bool Put(Span<char> destination, ref int n, double value)
    {
        bool ok = value.TryFormat(destination[n..], out int written, "R", Invariant);
        n += written;
        return ok;
    }

    private static bool Put(Span<char> destination, ref int n, long value)
    {
        bool ok = value.TryFormat(destination[n..], out int written, default, Invariant);
        n += written;
        return ok;
    }

    private static bool Put(Span<char> destination, ref int n, char value)
    {
        if (n >= destination.Length)
            return false;
        destination[n++] = value;
        return true;
    }

    /// <summary>The record on <paramref name="line"/> (without its line break), or false and what is wrong with it.</summary>
    public static bool TryParse(ReadOnlySpan<char> line, out MetricsRecord record, out string error)
    {
        record = default;
        Span<Range> fields = stackalloc Range[FieldCount + 1];
        int count = line.Split(fields, ',');
        if (count != FieldCount)
        {
            int found = count <= FieldCount ? count : line.Count(',') + 1;
            error = $"expected {FieldCount} comma-separated fields, found {found}";
            return false;
        }
        if (!TryWhole(line[fields[0]], 0, out long step, out error)
            || !TryWhole(line[fields[1]], 1, out long epoch, out error)
            || !TryNumber(line[fields[2]], 2, out double train, out error)
            || !TryOptionalNumber(line[fields[3]], 3, out double? validation, out error)
            || !TryNumber(line[fields[4]], 4, out double rate, out error)
            || !TryNumber(line[fields[5]], 5, out double norm, out error)
            || !TryNumber(line[fields[6]], 6, out double tokens, out error)
            || !TryNumber(line[fields[7]], 7, out double elapsed, out error))
            return false;
        record = new MetricsRecord(step, epoch, train, validation, rate, norm, tokens, elapsed);
        return true;
    }

    private static bool TryWhole(ReadOnlySpan<char> field, int column, out long value, out string error)
    {
        error = "";
        if (long.TryParse(field, NumberStyles.None, Invariant, out value))
            return true;
        error = $"{Names[column]} {Quote(field)} is not a whole number of at least 0";
        return false;
    }

    private static bool TryNumber(ReadOnlySpan<char> field, int column, out double value, out string error)
    {
        error = "";
        if (field.IsEmpty)
        {
            value = 0;
            error = $"{Names[column]} is empty";
            return false;
        }
        if (double.TryParse(field, NumberStyles.Float, Invariant, out value))
            return true;
        error = $"{Names[column]} {Quote(field)} is not a number";
        return false;
    }

    private static bool TryOptionalNumber(ReadOnlySpan<char> field, int column, out double? value, out string error)
    {
        value = null;
        error = "";
        if (field.IsEmpty)
            return true;
        if (!TryNumber(field, column, out double number, out error))
            return false;
        value = number;
        return true;
    }

    /// <summary>'text' for a message, cut short and with control characters shown as '?', so one line stays one line.</summary>
    internal static string Quote(ReadOnlySpan<char> text)
    {
        const int Longest = 40;
        var shown = new char[Math.Min(text.Length, Longest)];
        for (int k = 0; k < shown.Length; k++)
            shown[k] = char.IsControl(text[k]) ? '?' : text[k];
        return $"'{new string(shown)}{(text.Length > Longest ? "..." : "")}'";
    }
}
