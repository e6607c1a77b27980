// The names of the window levels in model files and on the command line: mean, last, none.
namespace Recurrent.Forecasting;

/// <summary>Parses and names <see cref="WindowLevel"/>s.</summary>
public static class WindowLevels
{
    /// <summary>The level named <paramref name="name"/> (mean, last or none, any case), or null.</summary>
    public static WindowLevel? TryParse(string name) => name.ToLowerInvariant() switch
    {
        "mean" => WindowLevel.Mean,
        "last" => WindowLevel.Last,
        "none" => WindowLevel.None,
        _ => null,
    };

    /// <summary>The level named <paramref name="name"/>.</summary>
    /// <exception cref="FormatException">The name is not mean, last or none.</exception>
    public static WindowLevel Parse(string name) => TryParse(name) ?? throw new FormatException($"unknown window level \"{name}\"");
}
