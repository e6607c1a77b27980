// `recurrent demo`: the README's first command. Trains a small LSTM on the embedded demo text
// (generated, license-clean, no download), then shows a sample and a prediction from it.
using System.CommandLine;
using System.Globalization;
using Recurrent.Data;
using Recurrent.Generation;
using Recurrent.Models;
using Recurrent.Training;

namespace Recurrent.Cli;

public static class DemoCommand
{
    public static Command Create(CliContext context)
    {
        var steps = new Option<long>("--steps") { Description = "Training steps", DefaultValueFactory = _ => 1000 };
        var output = new Option<string>("--out") { Description = "Where to save the trained model", DefaultValueFactory = _ => "demo.safetensors" };
        var command = new Command("demo", "Train a small LSTM on the embedded demo text, then sample from it and predict") { steps, output };
        command.SetAction(parsed =>
        {
            var options = new TrainingOptions
            {
                Steps = OptionChecks.AtLeast("--steps", parsed.GetValue(steps), 1),
                Optimizer = OptimizerKind.Adam, LearningRate = 3e-3, Clip = 5, Seed = 1, EvalEvery = 0,
            };
            var batching = new TextBatching { SeqLen = 64, Batch = 32, ValFraction = 0.1 };
            string outPath = Paths.Output("--out", parsed.GetValue(output)); // checked before training, not after it
            using var runLock = RunLock.Acquire(outPath);
            int code = TrainCommand.Train(context, EncodedText.FromText(DemoCorpus.Generate()), "the embedded demo text",
                new CharacterShape(Models.CellKind.Lstm, Hidden: 128, Layers: 1), batching, options, outPath, printEvery: 50);
            if (code != CliApp.Ok)
                return code;

            var model = ModelFile.Load(outPath);
            var vocabulary = model.Vocabulary!;
            context.Out.WriteLine();
            context.Out.WriteLine("sample (temperature 0.7):");
            SampleCommand.Generate(context.Out, model, "TESSA:\n", 400, 0.7, seed: 1, context.Cancellation);
            context.Out.WriteLine();
            context.Out.WriteLine();

            const string prompt = "Wake Tess";
            var sampler = new Sampler<float>(model.Network);
            foreach (int token in vocabulary.Encode(prompt))
                sampler.Feed(token);
            float[] probabilities = sampler.NextDistribution().ToArray();
            context.Out.WriteLine($"prediction after \"{prompt}\" (most likely first):");
            foreach (int k in Enumerable.Range(0, probabilities.Length).OrderByDescending(k => probabilities[k]).Take(3))
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {CharDisplay.Quote(vocabulary[k])}\t{probabilities[k]:F4}"));
            context.Out.WriteLine();
            context.Out.WriteLine($"Try: recurrent sample --model {outPath} --prime \"MARLO:\" --temperature 0.8");
            return CliApp.Ok;
        });
        return command;
    }
}
