// Loads the model file a verb reads, and refuses the wrong kind of model in one line that says what the file is and
// which command reads it, instead of failing later on a missing vocabulary.
using System.CommandLine;
using Recurrent.Models;
using Recurrent.Tasks;
using Recurrent.Training;

namespace Recurrent.Cli;

internal static class ModelFiles
{
    /// <summary>`--trained-weights`, for the verbs that read a character model (<see cref="LoadCharacterModel"/>).</summary>
    public static Option<bool> TrainedWeightsOption() => new("--trained-weights")
    {
        Description = "Read the weights the run trained rather than their average (the checkpoint of a run with --ema or --swa-start), to see what the average is worth",
    };

    /// <summary>
    /// A character model (a vocabulary in, a distribution over it at every step out), for eval, predict, sample and trace;
    /// with <paramref name="trainedWeights"/>, the weights its run trains in place of their average (a checkpoint of a
    /// run with --ema or --swa-start), to see what the average is worth.
    /// </summary>
    /// <exception cref="IO.CheckpointException">The file is missing or malformed.</exception>
    /// <exception cref="RecurrentException">The file holds another kind of model, or no trained weights beside an average.</exception>
    public static ModelBundle LoadCharacterModel(string path, string verb, bool trainedWeights = false)
    {
        var (model, content) = ModelFile.Read(path);
        if (!model.IsCharacterModel)
        {
            string readBy = TaskModels.IsTaskModel(model) ? " (`recurrent gradients --model` reads task models)" : "";
            throw new RecurrentException($"'{path}' is {model.Describe()}; `recurrent {verb}` reads character models, made by `recurrent train`{readBy}.");
        }
        if (trainedWeights)
        {
            float[] weights = TrainingCheckpoint.TrainedWeightsOf(content)
                ?? throw new RecurrentException($"'{path}' keeps no trained weights beside an average: only the checkpoint (--out) of a run " +
                                                "with --ema or --swa-start does, and its weights are read as they are without --trained-weights.");
            float[] parameters = model.Network.Parameters.Values;
            if (weights.Length != parameters.Length)
                throw new IO.CheckpointException($"'{path}' is damaged: its trained weights hold {weights.Length:N0} values, its model {parameters.Length:N0}.");
            weights.CopyTo(parameters, 0);
        }
        return model;
    }

    /// <summary>A resume given the wrong kind of model, said again with the command that continues the run the file holds.</summary>
    public static RecurrentException WithResumingCommand(ModelKindException e)
    {
        string? command = TaskModels.IsTaskModel(e.Model) ? "`recurrent task --resume` continues task runs"
            : e.Model.IsCharacterModel ? "`recurrent train --resume` continues character runs"
            : null;
        return command is null ? e : new RecurrentException($"{e.Message.TrimEnd('.')}; {command}.");
    }
}
