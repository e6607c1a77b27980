// `recurrent bench`: how fast Recurrent trains, generates and infers with a model of a given shape on this
// machine, in tokens per second, on random tokens. Only timing lives here; every computation is the library's
// (Trainer, Sampler, the model's Forward). Comparisons with TorchSharp are in bench/ (docs/benchmarks.md).
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Recurrent.Data;
using Recurrent.Generation;
using Recurrent.Layers;
using Recurrent.Models;
using Recurrent.Numerics;
using Recurrent.Training;

namespace Recurrent.Cli;

public static class BenchCommand
{
    private const double ClipNorm = 5, LearningRate = 1e-3;

    public static Command Create(CliContext context)
    {
        // model
        var cell = new Option<string>("--cell") { Description = "Recurrent cell: lstm, gru or rnn", DefaultValueFactory = _ => "lstm" };
        var hidden = new Option<int>("--hidden") { Description = "Hidden units per layer (H)", DefaultValueFactory = _ => 128 };
        var layers = new Option<int>("--layers") { Description = "Stacked recurrent layers (L)", DefaultValueFactory = _ => 1 };
        var vocab = new Option<int>("--vocab") { Description = "Vocabulary size (V), one-hot input and softmax output", DefaultValueFactory = _ => 65 };
        // data
        var batch = new Option<int>("--batch") { Description = "Sequences per training and inference window (B)", DefaultValueFactory = _ => 32 };
        var seqLen = new Option<int>("--seq-len") { Description = "Steps per window (T)", DefaultValueFactory = _ => 64 };
        // bookkeeping
        var seconds = new Option<double>("--seconds") { Description = "Seconds of measurement per mode, after a short warm-up", DefaultValueFactory = _ => 5 };
        var quantize = new Option<int>("--quantize") { Description = "Also time generation and inference with the weights quantized to 8 or 16 bits (as `recurrent quantize` writes them); 0: float32 only", DefaultValueFactory = _ => 0 };

        var command = new Command("bench", "Measure training, generation and inference speed (tokens/s) for a model shape")
        {
            cell, hidden, layers, vocab, batch, seqLen, seconds, quantize,
        };
        command.SetAction(parsed =>
        {
            var spec = ModelSpec.ForCharacters(
                OptionChecks.Cell("--cell", parsed.GetValue(cell)!),
                OptionChecks.AtLeast("--vocab", parsed.GetValue(vocab), 2),
                OptionChecks.AtLeast("--hidden", parsed.GetValue(hidden), 1),
                OptionChecks.AtLeast("--layers", parsed.GetValue(layers), 1));
            int b = OptionChecks.AtLeast("--batch", parsed.GetValue(batch), 1);
            int t = OptionChecks.AtLeast("--seq-len", parsed.GetValue(seqLen), 1);
            double duration = OptionChecks.InRange("--seconds", parsed.GetValue(seconds), 0.01, 3600);
            int bits = parsed.GetValue(quantize);
            if (bits != 0 && !ModelQuantization.Widths.Contains(bits))
                throw new UsageException($"--quantize must be 8 or 16 (or 0 for float32 only), not {bits}.");
            return Run(context, spec, b, t, duration, bits);
        });
        return command;
    }

    private static int Run(CliContext context, ModelSpec spec, int batch, int steps, double seconds, int bits)
    {
        var output = context.Out;
        var model = new RecurrentModel<float>(spec);
        model.Initialize(seed: 1);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"model: {spec.Cell.ToName()}, {spec.Layers} layer(s) of {spec.Hidden}, vocabulary {spec.InputSize}, " +
            $"{model.Parameters.Count:N0} parameters; random tokens; {Parallelism.Threads} thread(s)"));
        double warmup = Math.Min(1, seconds / 5);
        var cancel = context.Cancellation;

        var train = Training(model, batch, steps);
        double? rate = Measure(train, warmup, seconds, cancel);
        if (rate is null)
            return Interrupted(context);
        output.WriteLine(Line("training", rate.Value, $"batch {batch} x {steps} steps: forward, backward, clip {ClipNorm}, Adam"));

        rate = Measure(Generation(model), warmup, seconds, cancel);
        if (rate is null)
            return Interrupted(context);
        output.WriteLine(Line("generation", rate.Value, "batch 1, one token per step: forward + softmax"));

        rate = Measure(Inference(model, batch, steps), warmup, seconds, cancel);
        if (rate is null)
            return Interrupted(context);
        output.WriteLine(Line("inference", rate.Value, $"batch {batch} x {steps} steps: forward + softmax, no gradients"));

        if (bits > 0)
        {
            // The same weights, quantized: what `recurrent quantize` makes of this model.
            var quantized = ModelQuantization.Quantize(model, bits);
            rate = Measure(Generation(quantized), warmup, seconds, cancel);
            if (rate is null)
                return Interrupted(context);
            output.WriteLine(Line($"generation, {bits}-bit", rate.Value, "the same, weights quantized"));
            rate = Measure(Inference(quantized, batch, steps), warmup, seconds, cancel);
            if (rate is null)
                return Interrupted(context);
            output.WriteLine(Line($"inference, {bits}-bit", rate.Value, "the same, weights quantized"));
        }

        if (PeakMemoryMiB() is double peak)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak memory: {peak:F0} MiB (resident, whole process)"));
        return CliApp.Ok;
    }

    /// <summary>One training step per call, the library's own (Trainer.Step), on random text; returns the tokens a call reads (B·T).</summary>
    private static (Action Call, int Tokens) Training(RecurrentModel<float> model, int batch, int steps)
    {
        const int windows = 4;
        var rng = new Rng(2);
        var text = new int[batch * (windows * steps + 1)];
        for (int k = 0; k < text.Length; k++)
            text[k] = rng.NextInt(model.Spec.InputSize);
        var trainer = new Trainer<float>(model, new TextStreams(text, batch, steps),
            new Adam<float>(model.Parameters.Count, LearningRate), ClipNorm);
        return (() => trainer.Step(), steps * batch);
    }

    /// <summary>One token per call at batch 1: the sampler reads it and gives the next token's distribution.</summary>
    private static (Action Call, int Tokens) Generation(RecurrentModel<float> model)
    {
        var sampler = new Sampler<float>(model);
        var rng = new Rng(3);
        return (() =>
        {
            sampler.Feed(rng.NextInt(model.Spec.InputSize));
            sampler.NextDistribution();
        }, 1);
    }

    /// <summary>One window per call without gradients: forward over B·T tokens and the softmax of every step.</summary>
    private static (Action Call, int Tokens) Inference(RecurrentModel<float> model, int batch, int steps)
    {
        var workspace = model.CreateWorkspace(steps, batch, forBackward: false);
        var state = model.CreateState(batch);
        var rng = new Rng(4);
        for (int r = 0; r < steps * batch; r++)
            workspace.Tokens[r] = rng.NextInt(model.Spec.InputSize);
        int classes = model.Spec.OutputSize, rows = steps * batch;
        return (() =>
        {
            model.Forward(workspace, steps, state);
            workspace.CopyFinalState(state);
            SoftmaxCrossEntropy.SoftmaxRows<float>(workspace.Outputs.AsSpan(0, rows * classes),
                workspace.Probabilities.AsSpan(0, rows * classes), classes);
        }, rows);
    }

    /// <summary>Tokens per second over at least <paramref name="seconds"/> (and one call) after the warm-up; null if cancelled.</summary>
    private static double? Measure((Action Call, int Tokens) work, double warmup, double seconds, CancellationToken cancel)
    {
        for (var clock = Stopwatch.StartNew(); clock.Elapsed.TotalSeconds < warmup && !cancel.IsCancellationRequested;)
            work.Call();
        long calls = 0;
        var timer = Stopwatch.StartNew();
        do
        {
            if (cancel.IsCancellationRequested)
                return null;
            work.Call();
            calls++;
        }
        while (timer.Elapsed.TotalSeconds < seconds);
        return calls * (double)work.Tokens / timer.Elapsed.TotalSeconds;
    }

    private static string Line(string mode, double tokensPerSecond, string what) =>
        string.Create(CultureInfo.InvariantCulture, $"{mode + ":",-19}{tokensPerSecond,12:N0} tokens/s  ({what})");

    private static int Interrupted(CliContext context)
    {
        context.Error.WriteLine("interrupted: benchmark stopped");
        return CliApp.Interrupted;
    }

    /// <summary>VmHWM (peak resident set) from /proc/self/status, where the system has one.</summary>
    private static double? PeakMemoryMiB()
    {
        const string path = "/proc/self/status", key = "VmHWM:";
        if (!File.Exists(path))
            return null;
        string? line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        string[]? fields = line?[key.Length..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return fields is { Length: > 0 } && long.TryParse(fields[0], CultureInfo.InvariantCulture, out long kib) ? kib / 1024.0 : null;
    }
}
