// The speech workload (issue 15: "prediction of one word in under 20 ms"): how long Recurrent takes to recognise one
// spoken word from its WAV file, as `recurrent speech predict` does it through Classifier.PredictWav, over the words of
// a folder (the shared spoken digits by default), per model and thread count. Recurrent alone: the issue's target is
// an absolute time, not a ratio to TorchSharp. A speed target lives here, never in a timed unit test.
using System.Globalization;
using Recurrent.Audio;

namespace Recurrent.Bench;

internal static class SpeechBench
{
    /// <summary>The shared spoken digits, from the repository root: 2,500 words, 8 kHz, 16-bit mono.</summary>
    public const string DefaultData = "../shared/data/spoken-digits";

    /// <summary>Runs the workload and prints its table and CSV; 0 also when the default folder is absent (skipped, said on stderr).</summary>
    /// <exception cref="BenchUsageException">A folder or model given on the command line cannot be used.</exception>
    public static int Run(BenchOptions options, string[] args, TextWriter output, TextWriter progress)
    {
        string folder = options.SpeechData ?? DefaultData;
        if (!Directory.Exists(folder))
        {
            if (options.SpeechData is not null)
                throw new BenchUsageException(File.Exists(folder) ? $"--data: '{folder}' is a file; give a folder of WAV files." : $"--data: the folder '{folder}' does not exist.");
            progress.WriteLine($"speech workload skipped: the shared spoken digits are not at '{Path.GetFullPath(folder)}' " +
                "(run from the repository root with ../shared beside it, or give --data FOLDER).");
            return 0;
        }
        try
        {
            return Measure(options, args, folder, output, progress);
        }
        catch (Exception e) when (e is RecurrentException or InvalidOperationException)
        {
            progress.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static int Measure(BenchOptions options, string[] args, string folder, TextWriter output, TextWriter progress)
    {
        string[] all = [.. Directory.GetFiles(folder, "*.wav", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
        if (all.Length == 0)
            throw new BenchUsageException($"--data: the folder '{folder}' holds no .wav file.");
        var files = Chosen(all, options.Words);
        // Every timing reads its file from the page cache, as a server that recognises words one after another would.
        foreach (string file in files)
            File.ReadAllBytes(file);

        var models = new List<SpeechModel>();
        if (options.SpeechModel is { } path)
            models.Add(SpeechModel.Load(path));
        else
        {
            progress.WriteLine($"reading {all.Length:N0} words of {folder} to train the models on ...");
            var words = SpokenWords.Read(folder, SpeechModel.Features);
            foreach (var config in options.Configs)
            {
                RecurrentSide.ApplyThreads(options.Threads.Max());
                progress.WriteLine($"training {config.Name} for {SpeechModel.TrainingSteps} steps ...");
                models.Add(SpeechModel.Train(config, words));
            }
        }

        output.WriteLine($"Machine: {MachineInfo.Describe()}");
        output.WriteLine($"Command: Recurrent.Bench {string.Join(' ', args)}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Words: {files.Count:N0} of the {all.Length:N0} WAV files of {folder}{(files.Count < all.Length ? ", evenly spaced in name order" : "")}; " +
            $"warm-up {Math.Min(files.Count, SpeechLatency.WarmupWords)} words per row; PredictWav(path, top: {SpeechLatency.Top}) per word"));
        if (options.SpeechModel is not null) // with models trained here, reading and training have run the JIT over most of the path already
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"First PredictWav after loading the model (the JIT included): {FirstCall(models[0], files[0]):F1} ms"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Load average (1 min) at start: {LoadAverage.OneMinute():F2}"));
        var rows = new List<SpeechRow>();
        foreach (var model in models)
        {
            foreach (int threads in options.Threads)
            {
                var row = SpeechLatency.Measure(model, files, threads);
                rows.Add(row);
                progress.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{model.Name} {threads} thread(s): PredictWav median {row.Predict.Median:F2} ms, p95 {row.Predict.P95:F2} ms " +
                    $"(features {row.Features.Median:F2}, network {row.Network.Median:F2}; load {row.Load:F1})"));
            }
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Load average (1 min) at end: {LoadAverage.OneMinute():F2}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Latency per word (ms; mean length {rows[0].MeanFrames:F1} frames of 10 ms; target from issue 15):"));
        output.WriteLine(SpeechReport.Table(rows));
        output.WriteLine("CSV:");
        output.Write(SpeechReport.Csv(rows));
        if (options.Csv is not null)
            File.WriteAllText(options.Csv, SpeechReport.Csv(rows));
        return 0;
    }

    /// <summary><paramref name="count"/> of the files, evenly spaced (every digit and speaker), or all of them for 0.</summary>
    private static IReadOnlyList<string> Chosen(string[] all, int count) =>
        count == 0 || count >= all.Length ? all : [.. Enumerable.Range(0, count).Select(k => all[(int)((long)k * all.Length / count)])];

    private static double FirstCall(SpeechModel model, string file)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        model.Classifier.PredictWav(file, SpeechLatency.Top);
        return clock.Elapsed.TotalMilliseconds;
    }
}
