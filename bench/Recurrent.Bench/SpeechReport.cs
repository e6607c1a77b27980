// The speech workload's results as a Markdown table (for the terminal and docs/benchmarks.md) and as CSV.
using System.Globalization;
using System.Text;

namespace Recurrent.Bench;

internal static class SpeechReport
{
    public const string CsvHeader =
        "model,parameters,threads,recurrent_threads_used,words,mean_frames,predict_median_ms,predict_p95_ms,predict_max_ms," +
        "features_median_ms,features_p95_ms,network_median_ms,network_p95_ms,allocated_kib_per_word,features_allocated_kib_per_word,target_ms,met,load_avg_1min";

    public static string Table(IReadOnlyList<SpeechRow> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| model | parameters | threads | PredictWav median | p95 | max | reading + features median | p95 | network median | p95 | allocated/word (features + network) | target | load |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|");
        foreach (var row in rows)
        {
            string threads = row.ThreadsUsed == row.Threads ? $"{row.Threads}" : $"{row.Threads} (used: {row.ThreadsUsed})";
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row.Model.Display} | {row.Model.Parameters:N0} | {threads} | {row.Predict.Median:F2} ms | {row.Predict.P95:F2} ms | {row.Predict.Max:F1} ms | " +
                $"{row.Features.Median:F2} ms | {row.Features.P95:F2} ms | {row.Network.Median:F2} ms | {row.Network.P95:F2} ms | {row.AllocatedKiB:N0} KiB ({row.FeaturesKiB:N0} + {row.AllocatedKiB - row.FeaturesKiB:N0}) | " +
                $"p95 < {SpeechRow.TargetMs:0} ms: {(row.Met ? "met" : "not met")} | {row.Load:F1} |"));
        }
        return text.ToString();
    }

    public static string Csv(IReadOnlyList<SpeechRow> rows)
    {
        var text = new StringBuilder(CsvHeader).Append('\n');
        foreach (var row in rows)
            text.Append(string.Create(CultureInfo.InvariantCulture,
                $"\"{row.Model.Name}\",{row.Model.Parameters},{row.Threads},{row.ThreadsUsed},{row.Words},{row.MeanFrames:F1},{row.Predict.Median:F4},{row.Predict.P95:F4},{row.Predict.Max:F4}," +
                $"{row.Features.Median:F4},{row.Features.P95:F4},{row.Network.Median:F4},{row.Network.P95:F4},{row.AllocatedKiB:F1},{row.FeaturesKiB:F1},{SpeechRow.TargetMs},{(row.Met ? "yes" : "no")},{row.Load:F2}\n"));
        return text.ToString();
    }
}
