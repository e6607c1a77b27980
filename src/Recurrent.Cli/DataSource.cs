// Resolves --data: a UTF-8 text file, or the name of a text that ships with Recurrent.
using Recurrent.Data;

namespace Recurrent.Cli;

/// <summary>Turns a --data value into text.</summary>
public static class DataSource
{
    /// <summary>
    /// The text of <paramref name="value"/>: the embedded demo corpus for "demo" (unless a file of that name exists),
    /// otherwise the file, read strictly as UTF-8.
    /// </summary>
    /// <exception cref="RecurrentException">The file is missing, empty or not UTF-8.</exception>
    public static (string Text, string Description) Load(string value)
    {
        if (value == DemoCorpus.Name && !File.Exists(value))
            return (DemoCorpus.Generate(), "the embedded demo text");
        return (TextFile.Read(value), $"'{value}'");
    }
}
