// The order that gives class names their indices: one that depends only on the set of names, never on the order of
// rows, so that two files with the same classes (a training and a test file) number them alike. Names that are all
// whole numbers sort as numbers (2 before 10, as a user who wrote 0..10 means); any other set sorts ordinally.
using System.Globalization;

namespace Recurrent.Classification;

/// <summary>Sorts class names into index order.</summary>
internal static class ClassOrder
{
    /// <summary>The distinct names, by value when each is a whole number (ties, as "1" and "01", ordinally), otherwise ordinally.</summary>
    public static string[] Sort(IEnumerable<string> names)
    {
        string[] distinct = [.. names.Distinct(StringComparer.Ordinal)];
        var numbers = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (string name in distinct)
        {
            if (!long.TryParse(name, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
                return [.. distinct.Order(StringComparer.Ordinal)];
            numbers[name] = value;
        }
        return [.. distinct.OrderBy(name => numbers[name]).ThenBy(name => name, StringComparer.Ordinal)];
    }
}
