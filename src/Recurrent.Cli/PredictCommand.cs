// `recurrent predict`: the next-character distribution after a text, most likely first.
using System.CommandLine;
using System.Globalization;
using Recurrent.Generation;

namespace Recurrent.Cli;

public static class PredictCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "Checkpoint (.safetensors)", Required = true };
        var text = new Option<string>("--text") { Description = "The text read before predicting (from a zero state)", Required = true };
        var top = new Option<int>("--top") { Description = "How many of the most likely characters to list", DefaultValueFactory = _ => 5 };
        var command = new Command("predict", "Show the most likely next characters after a text") { model, text, top };
        command.SetAction(parsed =>
        {
            int count = OptionChecks.AtLeast("--top", parsed.GetValue(top), 1);
            string context_ = parsed.GetValue(text)!;
            if (context_.Length == 0)
                throw new UsageException("--text must not be empty: the model predicts what follows it.");
            var loaded = ModelFiles.LoadCharacterModel(Paths.Input("--model", parsed.GetValue(model)), "predict");
            var vocabulary = loaded.Vocabulary!;
            int[] tokens = vocabulary.Encode(context_);
            var sampler = new Sampler<float>(loaded.Network);
            foreach (int token in tokens)
                sampler.Feed(token);
            float[] probabilities = sampler.NextDistribution().ToArray();
            var ranked = Enumerable.Range(0, probabilities.Length).OrderByDescending(k => probabilities[k]).ThenBy(k => k);
            foreach (int k in ranked.Take(count))
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{CharDisplay.Quote(vocabulary[k])}\t{probabilities[k]:F4}"));
            return CliApp.Ok;
        });
        return command;
    }
}
