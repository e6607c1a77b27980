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
        var command = new Command("eval", "Measure how well a model predicts each next character of a text") { model, data };
        command.SetAction(parsed =>
        {
            var loaded = ModelFiles.LoadCharacterModel(Paths.Input("--model", parsed.GetValue(model)), "eval");
            int[] tokens = DataSource.LoadTokens(Paths.Input("--data", parsed.GetValue(data), standardInput: true), loaded.Vocabulary!,
                context.Error.WriteLine, context.Cancellation);
            double loss = Evaluation.MeanCrossEntropy(loaded.Network, tokens);
            context.Out.WriteLine(TrainingReport.LossLine("loss", loss));
            return CliApp.Ok;
        });
        return command;
    }
}
