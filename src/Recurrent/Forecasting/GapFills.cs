// The names of the gap-fill methods, as parameters and messages write them.
namespace Recurrent.Forecasting;

/// <summary>Reads and writes <see cref="GapFill"/> names: none, forward, linear, zero.</summary>
public static class GapFills
{
    private static readonly string[] Names = ["none", "forward", "linear", "zero"]; // in GapFill's order

    /// <summary>The method called <paramref name="name"/> (any case).</summary>
    /// <exception cref="RecurrentException">No method has that name; the message lists them.</exception>
    public static GapFill Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        int index = Array.FindIndex(Names, n => string.Equals(n, name.Trim(), StringComparison.OrdinalIgnoreCase));
        return index >= 0
            ? (GapFill)index
            : throw new RecurrentException($"'{name}' is not a way to fill; fill is one of {string.Join(", ", Names)}.", "fill");
    }

    /// <summary>The method's name, as <see cref="Parse"/> reads it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined method.</exception>
    public static string NameOf(GapFill fill) =>
        (int)fill >= 0 && (int)fill < Names.Length ? Names[(int)fill] : throw new ArgumentOutOfRangeException(nameof(fill), fill, "Not a fill method.");
}
