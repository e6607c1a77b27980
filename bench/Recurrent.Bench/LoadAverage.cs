// The machine's 1-minute load average, recorded beside each figure: on a shared machine, other work
// slows both sides, and multi-threaded LibTorch most of all.
using System.Globalization;

namespace Recurrent.Bench;

internal static class LoadAverage
{
    /// <summary>The first field of /proc/loadavg, or NaN where there is none.</summary>
    public static double OneMinute()
    {
        const string path = "/proc/loadavg";
        if (!File.Exists(path))
            return double.NaN;
        string first = File.ReadAllText(path).Split(' ', 2)[0];
        return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out double load) ? load : double.NaN;
    }
}
