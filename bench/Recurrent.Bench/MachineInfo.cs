// What the figures were measured on, printed above the results.
using System.Runtime.InteropServices;

namespace Recurrent.Bench;

internal static class MachineInfo
{
    public static string Describe()
    {
        string cpu = "unknown CPU";
        if (File.Exists("/proc/cpuinfo"))
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))
                ?.Split(':', 2)[1].Trim() ?? cpu;
        string simd = System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "Vector512"
            : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? "Vector256" : "Vector128";
        return $"{cpu}, {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, " +
               $"{RuntimeInformation.FrameworkDescription}, {simd} accelerated, TorchSharp {TorchVersion()}";
    }

    private static string TorchVersion() =>
        typeof(TorchSharp.torch).Assembly.GetName().Version?.ToString() ?? "?";
}
