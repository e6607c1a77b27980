// `recurrent sample`: generates text from a model, streamed as it is drawn.
using System.CommandLine;
using Recurrent.Generation;
using Recurrent.IO;
using Recurrent.Models;
using Recurrent.Numerics;

namespace Recurrent.Cli;

public static class SampleCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "Checkpoint (.safetensors)", Required = true };
        var prime = new Option<string>("--prime") { Description = "Text to start from (printed, then continued)", DefaultValueFactory = _ => "" };
        var length = new Option<int>("--length") { Description = "Characters to generate", DefaultValueFactory = _ => 500 };
        var temperature = new Option<double>("--temperature") { Description = "Sharpen (<1) or flatten (>1) the distribution; 0 takes the most likely character", DefaultValueFactory = _ => 1.0 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the random draws", DefaultValueFactory = _ => 1 };
        var command = new Command("sample", "Generate text from a model") { model, prime, length, temperature, seed };
        command.SetAction(parsed =>
        {
            int count = OptionChecks.AtLeast("--length", parsed.GetValue(length), 0);
            double heat = OptionChecks.InRange("--temperature", parsed.GetValue(temperature), 0, 100);
            var loaded = Checkpoint.Load(parsed.GetValue(model)!);
            Generate(context.Out, loaded, parsed.GetValue(prime)!, count, heat, parsed.GetValue(seed), context.Cancellation);
            context.Out.WriteLine();
            return CliApp.Ok;
        });
        return command;
    }

    /// <summary>Writes the prime, then <paramref name="length"/> drawn characters as they come; shared with `demo`.</summary>
    internal static void Generate(TextWriter output, CharacterModel model, string prime, int length, double temperature,
        ulong seed, CancellationToken cancellation)
    {
        int[] primeTokens = model.Vocabulary.Encode(prime);
        var sampler = new Sampler<float>(model.Network);
        var rng = new Rng(seed);
        foreach (int token in primeTokens)
            sampler.Feed(token);
        output.Write(prime);
        for (int k = 0; k < length && !cancellation.IsCancellationRequested; k++)
        {
            int next = sampler.Next(temperature, rng);
            output.Write(model.Vocabulary[next]);
            if (k % 64 == 63)
                output.Flush();
            sampler.Feed(next);
        }
        output.Flush();
    }
}
