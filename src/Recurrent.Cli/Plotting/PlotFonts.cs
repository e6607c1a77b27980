// The font plots are drawn in. SkiaSharp's Linux build (the NoDependencies one ScottPlot brings) finds fonts
// by scanning the font folders, without fontconfig: a family it does not have, like ScottPlot's default,
// falls back to whichever it found first, which on Debian is DejaVu Serif. So name a sans-serif one that is
// installed; with none of these, ScottPlot's own choice stands.
using SkiaSharp;

namespace Recurrent.Cli.Plotting;

/// <summary>An installed sans-serif font family for plot text, if any.</summary>
internal static class PlotFonts
{
    private static readonly string[] Preferred = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial", "Helvetica", "Segoe UI"];

    /// <summary>The first of <see cref="Preferred"/> that is installed, or null.</summary>
    public static string? Sans { get; } = Find();

    private static string? Find()
    {
        var installed = SKFontManager.Default.GetFontFamilies().ToHashSet(StringComparer.OrdinalIgnoreCase);
        return Preferred.FirstOrDefault(installed.Contains);
    }
}
