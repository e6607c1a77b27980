// Loads the model file a verb reads, and refuses the wrong kind of model in one line that says what the file is and
// which command reads it, instead of failing later on a missing vocabulary.
using Recurrent.Models;
using Recurrent.Tasks;

namespace Recurrent.Cli;

internal static class ModelFiles
{
    /// <summary>A character model (a vocabulary in, a distribution over it at every step out), for eval, predict, sample and trace.</summary>
    /// <exception cref="IO.CheckpointException">The file is missing or malformed.</exception>
    /// <exception cref="RecurrentException">The file holds another kind of model.</exception>
    public static ModelBundle LoadCharacterModel(string path, string verb)
    {
        var model = ModelFile.Load(path);
        if (model.IsCharacterModel)
            return model;
        string readBy = TaskModels.IsTaskModel(model) ? " (`recurrent gradients --model` reads task models)" : "";
        throw new RecurrentException($"'{path}' is {model.Describe()}; `recurrent {verb}` reads character models, made by `recurrent train`{readBy}.");
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
