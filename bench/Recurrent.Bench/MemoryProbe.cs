// Peak memory per side: the program starts itself again with --probe SIDE for one config and mode, the child
// builds that side's model, runs it for about a second, and prints VmHWM from /proc/self/status (peak resident set).
// A child per side keeps LibTorch (about 140 MiB once loaded) out of Recurrent's figure and the other way round.
// The "baseline" config builds nothing: the .NET runtime alone, and the runtime with LibTorch loaded.
using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace Recurrent.Bench;

internal static class MemoryProbe
{
    public const string Baseline = "baseline", ResultPrefix = "vmhwm_kib=";

    /// <summary>Stands for "build nothing" in a child's --configs.</summary>
    public static readonly BenchConfig BaselineConfig = new(Baseline, 0, 0);

    public static List<MemoryRow> Run(BenchOptions options, IReadOnlyList<BenchConfig> configs, TextWriter progress)
    {
        int threads = options.Threads.Max();
        var rows = new List<MemoryRow>();
        var probes = new List<(string Config, BenchMode Mode)> { (Baseline, BenchMode.Train) };
        foreach (var config in configs)
            foreach (var mode in options.Modes)
                probes.Add((config.Name, mode));
        foreach (var (config, mode) in probes)
        {
            double recurrent = RunChild(options.ProbeArguments("recurrent", config, mode, threads));
            double torch = RunChild(options.ProbeArguments("torchsharp", config, mode, threads));
            var row = new MemoryRow(config, mode, threads, recurrent, torch);
            rows.Add(row);
            progress.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"peak memory {config} {(config == Baseline ? "" : mode.ToName() + " ")}: Recurrent {recurrent:F0} MiB, TorchSharp {torch:F0} MiB"));
        }
        return rows;
    }

    /// <summary>The child's side: build, run about a second (at least 2 calls), print the peak.</summary>
    public static int RunInChild(BenchOptions options, TextWriter output)
    {
        var config = options.Configs[0];
        var mode = options.Modes[0];
        int threads = options.Threads[0];
        bool torch = options.Probe == "torchsharp";
        if (config == BaselineConfig)
        {
            if (torch)
                TorchSide.Load();
        }
        else
        {
            var tokens = new TokenData(options.Shape);
            using var group = torch
                ? TorchSide.Create(config, mode, options.Shape, tokens, allPaths: false)
                : RecurrentSide.Create(config, mode, options.Shape, tokens);
            if (torch)
                TorchSide.ApplyThreads(threads);
            else
                RecurrentSide.ApplyThreads(threads);
            foreach (var workload in group.Workloads)
                Measurement.ItemsPerSecond(workload, options.Seconds, minimumCalls: 2);
        }
        output.WriteLine($"{ResultPrefix}{PeakResidentKiB()}");
        return 0;
    }

    /// <summary>VmHWM of this process in KiB.</summary>
    public static long PeakResidentKiB()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        throw new InvalidOperationException("/proc/self/status has no VmHWM line.");
    }

    private static double RunChild(string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Under `dotnet Recurrent.Bench.dll` the process is dotnet itself: pass the assembly first.
        if (Path.GetFileNameWithoutExtension(start.FileName).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        using var child = Process.Start(start) ?? throw new InvalidOperationException("Could not start the memory probe.");
        var errors = child.StandardError.ReadToEndAsync();
        string output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        string? line = output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith(ResultPrefix, StringComparison.Ordinal));
        if (child.ExitCode != 0 || line is null)
            throw new InvalidOperationException(
                $"Memory probe '{string.Join(' ', arguments)}' failed (exit {child.ExitCode}): {errors.Result}{output}");
        return long.Parse(line[ResultPrefix.Length..], CultureInfo.InvariantCulture) / 1024.0;
    }
}
