// The JSON fixtures the reference scripts in tools/reference write (regularisers.json, zoneout.json): read from the
// test output's Fixtures folder, numbers as double arrays, written into a model's float or double buffers.
using System.Numerics;
using System.Text.Json;

namespace Recurrent.Tests.Reference;

internal static class JsonFixture
{
    /// <summary>The root of Fixtures/<paramref name="name"/>.</summary>
    public static JsonElement Load(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name)));
        return document.RootElement.Clone();
    }

    /// <summary>A JSON array of numbers.</summary>
    public static double[] Numbers(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetDouble())];

    /// <summary>Writes <paramref name="values"/> into <paramref name="target"/>, which must hold exactly as many.</summary>
    public static void Fill<T>(Span<T> target, double[] values) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Assert.Equal(values.Length, target.Length);
        for (int k = 0; k < values.Length; k++)
            target[k] = T.CreateChecked(values[k]);
    }
}
