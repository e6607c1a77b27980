// Recurrent.Bench: Recurrent against TorchSharp, tokens per second and peak memory; or Recurrent's latency per spoken
// word (--workload speech). See docs/benchmarks.md.
using System.Globalization;
using Recurrent.Bench;

try
{
    var options = BenchOptions.Parse(args);
    if (options.Help)
    {
        Console.WriteLine(BenchOptions.Usage);
        return 0;
    }
    if (options.Probe is not null)
        return MemoryProbe.RunInChild(options, Console.Out);
    if (options.Workload == BenchWorkload.Speech)
        return SpeechBench.Run(options, args, Console.Out, Console.Error);

    var configs = new List<BenchConfig>();
    foreach (var config in options.Configs)
    {
        if (RecurrentSide.Cell(config) is null)
            Console.Error.WriteLine($"{config.Name} skipped: this build of Recurrent has no {config.Cell} cell (no CellKind member named {config.Cell}).");
        else
            configs.Add(config);
    }
    if (configs.Count == 0)
        throw new BenchUsageException("none of the configurations can run on this build of Recurrent.");

    Console.WriteLine($"Machine: {MachineInfo.Describe()}");
    PackedData? packed = options.Workload == BenchWorkload.Packed ? new PackedData(options.Packed) : null;
    Console.WriteLine(packed is not null ? PackedReport.Describe(packed)
        : string.Create(CultureInfo.InvariantCulture, $"Shape: B={options.Shape.Batch}, T={options.Shape.Steps}, V={options.Shape.Vocabulary}"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{options.Rounds} rounds of {options.Seconds} s per side (at least one call each), medians; warm-up {options.WarmupSeconds} s (at least 2 calls)"));
    Console.WriteLine($"Command: Recurrent.Bench {string.Join(' ', args)}");
    if (options.Quantize > 0)
        Console.WriteLine($"Recurrent's models: {options.Quantize}-bit weights (ModelQuantization); TorchSharp's: float32");
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Load average (1 min) at start: {LoadAverage.OneMinute():F2}"));
    if (packed is not null && !PackedReport.Agree(configs, packed, Console.Out))
        return 1;
    Console.WriteLine();

    var throughput = packed is not null ? ThroughputRunner.RunPacked(options, configs, Console.Error, packed)
        : ThroughputRunner.Run(options, configs, Console.Error);
    var memory = options.Memory ? MemoryProbe.Run(options, configs, Console.Error) : [];

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Load average (1 min) at end: {LoadAverage.OneMinute():F2}"));
    Console.WriteLine(packed is not null ? "Throughput (sequences/s, median; ratio = Recurrent / TorchSharp):"
        : "Throughput (tokens/s, median; ratio = Recurrent / TorchSharp; target from issue 4):");
    Console.WriteLine(Report.ThroughputTable(throughput));
    string scaling = Report.ScalingTable(throughput);
    if (scaling.Length > 0)
    {
        Console.WriteLine("Thread scaling:");
        Console.WriteLine(scaling);
    }
    if (memory.Count > 0)
    {
        Console.WriteLine("Peak memory (VmHWM of a child process per side):");
        Console.WriteLine(Report.MemoryTable(memory));
    }
    Console.WriteLine("CSV:");
    Console.Write(Report.ThroughputCsv(throughput));
    if (memory.Count > 0)
    {
        Console.WriteLine();
        Console.Write(Report.MemoryCsv(memory));
    }
    if (options.Csv is not null)
    {
        File.WriteAllText(options.Csv, Report.ThroughputCsv(throughput));
        if (memory.Count > 0)
            File.WriteAllText(Path.ChangeExtension(options.Csv, null) + ".memory.csv", Report.MemoryCsv(memory));
    }
    return 0;
}
catch (BenchUsageException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}
