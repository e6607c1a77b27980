// The results as Markdown tables (for the terminal and docs/benchmarks.md) and as CSV.
using System.Globalization;
using System.Text;

namespace Recurrent.Bench;

internal static class Report
{
    public const string ThroughputCsvHeader =
        "config,mode,threads,recurrent_tok_s,torchsharp_tok_s,ratio,target_ratio,torchsharp_path,recurrent_threads_used,torchsharp_threads_used,load_avg_1min";

    /// <summary>The packed workload's columns: sequences/s, and no target (issue 14 gives none).</summary>
    public const string PackedCsvHeader =
        "config,mode,threads,recurrent_seq_s,torchsharp_seq_s,ratio,torchsharp_path,recurrent_threads_used,torchsharp_threads_used,load_avg_1min";

    public const string MemoryCsvHeader = "config,mode,threads,recurrent_peak_mib,torchsharp_peak_mib,ratio";

    public static string ThroughputTable(IReadOnlyList<ThroughputRow> rows)
    {
        if (rows.Count > 0 && rows[0].Workload == BenchWorkload.Packed)
            return PackedTable(rows);
        var text = new StringBuilder();
        text.AppendLine("| config | mode | threads | Recurrent tok/s | TorchSharp tok/s | ratio | target | TorchSharp path | load |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---|---|---:|");
        foreach (var row in rows)
        {
            string threads = row.RecurrentThreads == row.Threads ? $"{row.Threads}" : $"{row.Threads} (Recurrent: {row.RecurrentThreads})";
            string met = row.Ratio >= row.Target ? "met" : "not met";
            text.AppendLine(Invariant($"| {row.Display} | {row.Mode.ToName()} | {threads} | {row.Recurrent:N0} | {row.Torch:N0} | {row.Ratio:F2}x | {row.Target:0.0#}x: {met} | {row.BestTorch.Name} | {row.Load:F1} |"));
        }
        var paths = rows.Where(r => r.TorchPaths.Count > 1).ToArray();
        if (paths.Length > 0)
        {
            text.AppendLine();
            text.AppendLine("TorchSharp generation paths (tok/s; the table keeps the faster):");
            foreach (var row in paths)
                text.AppendLine(Invariant($"- {row.Display}, {row.Threads} thread(s): ")
                    + string.Join("; ", row.TorchPaths.Select(p => Invariant($"{p.Name} {p.PerSecond:N0}"))));
        }
        return text.ToString();
    }

    /// <summary>Sequences per second of the packed workload, without issue 4's targets.</summary>
    private static string PackedTable(IReadOnlyList<ThroughputRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| config | mode | threads | Recurrent seq/s | TorchSharp seq/s | ratio | TorchSharp path | load |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---|---:|");
        foreach (var row in rows)
        {
            string threads = row.RecurrentThreads == row.Threads ? $"{row.Threads}" : $"{row.Threads} (Recurrent: {row.RecurrentThreads})";
            text.AppendLine(Invariant($"| {row.Display} | {row.Mode.ToName()} | {threads} | {row.Recurrent:N1} | {row.Torch:N1} | {row.Ratio:F2}x | {row.BestTorch.Name} | {row.Load:F1} |"));
        }
        return text.ToString();
    }

    /// <summary>2-thread over 1-thread speed of each side, where both were measured.</summary>
    public static string ScalingTable(IReadOnlyList<ThroughputRow> rows)
    {
        var pairs = rows.Where(r => r.Threads == 1)
            .Select(one => (one, two: rows.FirstOrDefault(r => r.Threads == 2 && r.Config == one.Config && r.Mode == one.Mode)))
            .Where(p => p.two is not null).ToArray();
        if (pairs.Length == 0)
            return "";
        var text = new StringBuilder();
        text.AppendLine("| config | mode | Recurrent 2 threads / 1 | TorchSharp 2 threads / 1 |");
        text.AppendLine("|---|---|---:|---:|");
        foreach (var (one, two) in pairs)
            text.AppendLine(Invariant($"| {one.Display} | {one.Mode.ToName()} | {two!.Recurrent / one.Recurrent:F2}x | {two.Torch / one.Torch:F2}x |"));
        return text.ToString();
    }

    public static string MemoryTable(IReadOnlyList<MemoryRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| config | mode | threads | Recurrent MiB | TorchSharp MiB | Recurrent / TorchSharp |");
        text.AppendLine("|---|---|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            string mode = row.Config == MemoryProbe.Baseline ? "(nothing built; TorchSharp: LibTorch loaded)" : row.Mode.ToName();
            text.AppendLine(Invariant($"| {row.Config} | {mode} | {row.Threads} | {row.RecurrentMiB:F0} | {row.TorchMiB:F0} | {row.Ratio:F2} |"));
        }
        return text.ToString();
    }

    public static string ThroughputCsv(IReadOnlyList<ThroughputRow> rows)
    {
        bool packed = rows.Count > 0 && rows[0].Workload == BenchWorkload.Packed;
        var text = new StringBuilder(packed ? PackedCsvHeader : ThroughputCsvHeader).Append('\n');
        foreach (var row in rows)
            text.Append(packed
                ? Invariant($"{row.ConfigName},{row.Mode.ToName()},{row.Threads},{row.Recurrent:F2},{row.Torch:F2},{row.Ratio:F4},\"{row.BestTorch.Name}\",{row.RecurrentThreads},{row.TorchThreads},{row.Load:F2}\n")
                : Invariant($"{row.Config.Name},{row.Mode.ToName()},{row.Threads},{row.Recurrent:F1},{row.Torch:F1},{row.Ratio:F4},{row.Target},\"{row.BestTorch.Name}\",{row.RecurrentThreads},{row.TorchThreads},{row.Load:F2}\n"));
        return text.ToString();
    }

    public static string MemoryCsv(IReadOnlyList<MemoryRow> rows)
    {
        var text = new StringBuilder(MemoryCsvHeader).Append('\n');
        foreach (var row in rows)
            text.Append(Invariant($"{row.Config},{(row.Config == MemoryProbe.Baseline ? "none" : row.Mode.ToName())},{row.Threads},{row.RecurrentMiB:F1},{row.TorchMiB:F1},{row.Ratio:F4}\n"));
        return text.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
