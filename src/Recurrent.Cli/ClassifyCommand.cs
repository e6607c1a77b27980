// `recurrent classify`: sequence classification in three verbs over one model file: train (a classifier of texts or
// of real-valued sequences from a CSV/TSV, a file per class or a folder per class), eval (accuracy, per-class
// precision, recall and F1, macro F1, the confusion matrix and the majority-class baseline on labelled examples) and
// predict (the most probable classes of new texts). The model file keeps how texts are read, so eval and predict need
// only --model and the examples.
using System.CommandLine;

namespace Recurrent.Cli;

public static class ClassifyCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("classify", "Classify sequences (texts, or rows of numbers from a CSV): train a classifier, evaluate it, predict the classes of new examples");
        command.Subcommands.Add(ClassifyTrainCommand.Create(context));
        command.Subcommands.Add(ClassifyEvalCommand.Create(context));
        command.Subcommands.Add(ClassifyPredictCommand.Create(context));
        return command;
    }
}
