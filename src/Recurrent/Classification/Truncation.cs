// Which part of a sequence longer than a classifier's maximum length it keeps: the beginning (a title, a name's
// first letters) or the end (the latest readings, a name's ending, which in English first names says most about sex).
namespace Recurrent.Classification;

/// <summary>The part of an over-long sequence a classifier reads.</summary>
public enum Truncation
{
    /// <summary>The first steps (torch users' x[:max_len]).</summary>
    KeepHead,
    /// <summary>The last steps (x[-max_len:]).</summary>
    KeepTail,
}
