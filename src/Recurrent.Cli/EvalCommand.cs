// `recurrent eval`: the mean cross-entropy of a model on a text, read from a zero state.
using System.CommandLine;
using Recurrent.Data;
using Recurrent.Training;

namespace Recurrent.Cli;

public static class EvalCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "Checkpoint (.safetensors)", Required = true };
        var data = new Option<string>("--data") { Description = "UTF-8 text to evaluate on, 'demo' or 'tinyshakespeare'", Required = true };
        var digits = new Option<int>("--digits") { Description = "Decimal places of the loss, 1 to 12 (more than 4 to compare close models, such as a quantized one with its float one)", DefaultValueFactory = _ => 4 };
        var trainedWeights = ModelFiles.TrainedWeightsOption();
        var command = new Command("eval", "Measure how well a model predicts each next character of a text") { model, data, digits, trainedWeights };
        command.SetAction(parsed =>
        {
            int places = parsed.GetValue(digits);
            if (places is < 1 or > 12)
                throw new UsageException($"--digits must be 1 to 12, not {places}.");
            var loaded = ModelFiles.LoadCharacterModel(Paths.Input("--model", parsed.GetValue(model)), "eval", parsed.GetValue(trainedWeights));
            int[] tokens = DataSource.LoadTokens(Paths.Input("--data", parsed.GetValue(data), standardInput: true), loaded.Vocabulary!,
                context.Error.WriteLine, context.Cancellation);
            double loss = Evaluation.MeanCrossEntropy(loaded.Network, tokens);
            context.Out.WriteLine(TrainingReport.LossLine("loss", loss, places));
            return CliApp.Ok;
        });
        return command;
    }
}
