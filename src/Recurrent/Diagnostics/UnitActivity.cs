// Which units of a layer did the most while a text was read: the spread (standard deviation over the steps) of each
// unit's hidden state. A unit that sits still says little on a page; one that swings with the text is worth seeing.
namespace Recurrent.Diagnostics;

/// <summary>Ranks a layer's units by how much their h moves over a trace.</summary>
public static class UnitActivity
{
    /// <summary>The standard deviation over the steps of each unit's h in <paramref name="layer"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The layer does not exist.</exception>
    public static double[] Spread(GateTrace trace, int layer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(layer, trace.Layers);
        var sum = new double[trace.Hidden];
        var squares = new double[trace.Hidden];
        foreach (var step in trace.Steps)
        {
            float[] h = step.Layers[layer][GateQuantities.Hidden];
            for (int u = 0; u < h.Length; u++)
            {
                sum[u] += h[u];
                squares[u] += (double)h[u] * h[u];
            }
        }
        int n = trace.Steps.Count;
        return [.. sum.Select((s, u) => Math.Sqrt(Math.Max(0, squares[u] / n - s / n * (s / n))))];
    }

    /// <summary>The <paramref name="count"/> units of <paramref name="layer"/> with the widest spread, widest first (lower index on ties).</summary>
    public static IReadOnlyList<int> MostActive(GateTrace trace, int layer, int count)
    {
        double[] spread = Spread(trace, layer);
        return [.. Enumerable.Range(0, trace.Hidden).OrderByDescending(u => spread[u]).ThenBy(u => u).Take(count)];
    }
}
