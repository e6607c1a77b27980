// `recurrent sample`: generates text from a model, streamed as it is drawn. Maps the options to
// SamplingOptions and runs the Sampler; the sampling math lives in Recurrent.Generation.
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Recurrent.Generation;
using Recurrent.Models;
using Recurrent.Numerics;

namespace Recurrent.Cli;

public static class SampleCommand
{
    /// <summary>Output is flushed after this many characters or this long since the last flush, whichever comes first.</summary>
    private const int FlushEveryCharacters = 64;
    private static readonly long FlushEveryTicks = Stopwatch.Frequency / 10;

    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "Checkpoint (.safetensors)", Required = true };
        var prime = new Option<string>("--prime") { Description = "Text to start from (printed, then continued); without it the first character is drawn uniformly", DefaultValueFactory = _ => "" };
        var length = new Option<int>("--length") { Description = "Characters to generate", DefaultValueFactory = _ => 500 };
        var temperature = new Option<double>("--temperature") { Description = "Sharpen (<1) or flatten (>1) the distribution; 0 takes the most likely character", DefaultValueFactory = _ => 1.0 };
        var topK = new Option<int>("--top-k") { Description = "Draw only from the K most likely characters (0: all)", DefaultValueFactory = _ => 0 };
        var topP = new Option<double>("--top-p") { Description = "Draw only from the most likely characters whose probabilities add up to P (1: all)", DefaultValueFactory = _ => 1.0 };
        var greedy = new Option<bool>("--greedy") { Description = "Always take the most likely character (ignores temperature, top-k, top-p)" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the random draws: the same seed gives the same text", DefaultValueFactory = _ => 1 };
        var trainedWeights = ModelFiles.TrainedWeightsOption();
        var command = new Command("sample", "Generate text from a model") { model, prime, length, temperature, topK, topP, greedy, seed, trainedWeights };
        command.SetAction(parsed =>
        {
            int count = OptionChecks.AtLeast("--length", parsed.GetValue(length), 0);
            var options = new SamplingOptions
            {
                Temperature = OptionChecks.InRange("--temperature", parsed.GetValue(temperature), 0, 100),
                TopK = OptionChecks.AtLeast("--top-k", parsed.GetValue(topK), 0),
                TopP = Probability("--top-p", parsed.GetValue(topP)),
                Greedy = parsed.GetValue(greedy),
            };
            var loaded = ModelFiles.LoadCharacterModel(Paths.Input("--model", parsed.GetValue(model)), "sample", parsed.GetValue(trainedWeights));
            Generate(context.Out, loaded, parsed.GetValue(prime)!, count, options, parsed.GetValue(seed), context.Cancellation);
            context.Out.WriteLine();
            context.Out.Flush();
            return context.Cancellation.IsCancellationRequested ? CliApp.Interrupted : CliApp.Ok;
        });
        return command;
    }

    /// <summary>Writes the prime, then <paramref name="length"/> characters drawn at <paramref name="temperature"/>; shared with `demo`.</summary>
    internal static void Generate(TextWriter output, ModelBundle model, string prime, int length, double temperature,
        ulong seed, CancellationToken cancellation) =>
        Generate(output, model, prime, length, new SamplingOptions { Temperature = temperature }, seed, cancellation);

    /// <summary>
    /// Writes the prime, then up to <paramref name="length"/> characters drawn under <paramref name="options"/> as
    /// they come, flushing every so often and at the end; stops early, cleanly, when cancelled.
    /// </summary>
    /// <returns>The number of characters generated (after the prime).</returns>
    internal static int Generate(TextWriter output, ModelBundle model, string prime, int length, SamplingOptions options,
        ulong seed, CancellationToken cancellation)
    {
        var vocabulary = model.Vocabulary!;
        int[] primeTokens = vocabulary.Encode(prime);
        var sampler = new Sampler<float>(model.Network);
        var rng = new Rng(seed);
        foreach (int token in primeTokens)
            sampler.Feed(token);
        output.Write(prime);
        output.Flush();
        long lastFlush = Stopwatch.GetTimestamp();
        int written = 0, pending = 0;
        while (written < length && !cancellation.IsCancellationRequested)
        {
            int next = sampler.Next(options, rng);
            output.Write(vocabulary[next]);
            written++;
            if (++pending >= FlushEveryCharacters || Stopwatch.GetTimestamp() - lastFlush >= FlushEveryTicks)
            {
                output.Flush();
                lastFlush = Stopwatch.GetTimestamp();
                pending = 0;
            }
            if (written < length)
                sampler.Feed(next);
        }
        output.Flush();
        return written;
    }

    /// <summary>A top-p value: above 0 and at most 1.</summary>
    private static double Probability(string option, double value) =>
        value > 0 && value <= 1 ? value
            : throw new UsageException($"{option} must be a number above 0 and at most 1 (got {value.ToString("G6", CultureInfo.InvariantCulture)}).");
}
