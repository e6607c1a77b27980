// `recurrent train`: trains a character model on a text, or resumes a run, and saves resumable
// safetensors checkpoints; the best one is kept under a name carrying its step and validation loss.
using System.CommandLine;
using Recurrent.Data;
using Recurrent.Models;
using Recurrent.Training;

namespace Recurrent.Cli;

public static class TrainCommand
{
    /// <summary>The library's training defaults, as `train` offers them.</summary>
    internal static readonly TrainingOptions Defaults = new();

    public static Command Create(CliContext context)
    {
        // data
        var data = new Option<string>("--data") { Description = "UTF-8 text to train on, 'demo' for the embedded text, or 'tinyshakespeare'", Required = true };
        var valFraction = new Option<double>("--val-fraction") { Description = "Fraction of the text, at its end, kept for validation", DefaultValueFactory = _ => 0.1 };
        var seqLen = new Option<int>("--seq-len") { Description = "Characters per BPTT window (T)", DefaultValueFactory = _ => 64 };
        var batch = new Option<int>("--batch") { Description = "Parallel text streams (B)", DefaultValueFactory = _ => 32 };
        // model
        var cell = new Option<string>("--cell") { Description = "Recurrent cell: lstm, gru or rnn", DefaultValueFactory = _ => "lstm" };
        var hidden = new Option<int>("--hidden") { Description = "Hidden units per layer (H)", DefaultValueFactory = _ => 128 };
        var layers = new Option<int>("--layers") { Description = "Stacked recurrent layers (L)", DefaultValueFactory = _ => 1 };
        var embed = new Option<int>("--embed") { Description = "Learned embedding of this size instead of one-hot input; 0 = one-hot", DefaultValueFactory = _ => 0 };
        var dropout = new Option<double>("--dropout") { Description = "Dropout between layers and before the head, in [0, 1)", DefaultValueFactory = _ => 0 };
        var zoneout = new ZoneoutFlags();
        // optimisation and bookkeeping
        var flags = new TrainingFlags(Defaults, what: null);
        var output = new Option<string>("--out") { Description = "Checkpoint to write (.safetensors); resumable", Required = true };
        var resume = new Option<string?>("--resume") { Description = "Continue the run saved in this checkpoint (same text; model and optimisation settings come from it)" };
        var printEvery = new Option<int>("--print-every") { Description = "Print a progress line every N steps (when the output is not a terminal; a terminal gets a live bar)", DefaultValueFactory = _ => 100 };

        Option[] fixedOnResume = [valFraction, seqLen, batch, cell, hidden, layers, embed, dropout, .. zoneout.All, .. flags.FixedOnResume];
        var command = new Command("train", "Train a character model on a text (or resume a run) and save it")
        {
            data, valFraction, seqLen, batch, cell, hidden, layers, embed, dropout, zoneout.Hidden, zoneout.Cell,
        };
        foreach (var option in flags.All)
            command.Options.Add(option);
        command.Options.Add(output);
        command.Options.Add(resume);
        command.Options.Add(printEvery);
        command.SetAction(parsed =>
        {
            int every = OptionChecks.AtLeast("--print-every", parsed.GetValue(printEvery), 1);
            string outPath = Paths.Output("--out", parsed.GetValue(output));
            string dataValue = Paths.Input("--data", parsed.GetValue(data), standardInput: true);

            if (parsed.GetValue(resume) is string resumeValue)
            {
                string resumeFrom = Paths.Input("--resume", resumeValue);
                if (fixedOnResume.FirstOrDefault(o => parsed.GetResult(o) is { Implicit: false }) is { } given)
                    throw new UsageException($"{given.Name} cannot be given with --resume: the run continues with the settings saved in '{resumeFrom}'.");
                long? totalSteps = flags.GivenSteps(parsed);
                using var resumeLock = RunLock.Acquire(outPath);
                var (text, description) = DataSource.LoadEncoded(dataValue, context.Error.WriteLine, context.Cancellation);
                CharacterRun run;
                try
                {
                    run = CharacterTraining.Resume(resumeFrom, text, totalSteps, outPath, warning => context.Error.WriteLine($"warning: {warning}"));
                }
                catch (ModelKindException e)
                {
                    throw ModelFiles.WithResumingCommand(e);
                }
                if (!run.Session.IsComplete)
                    context.Out.WriteLine($"resuming '{resumeFrom}' at step {run.Session.StepsDone} of {run.Session.Options.Steps}");
                return TrainingReport.Run(context, run, description, every);
            }

            var cellKind = OptionChecks.Cell("--cell", parsed.GetValue(cell)!);
            var (zoneoutHidden, zoneoutCell) = zoneout.Read(parsed, cellKind);
            var shape = new CharacterShape(
                cellKind,
                OptionChecks.AtLeast("--hidden", parsed.GetValue(hidden), 1),
                OptionChecks.AtLeast("--layers", parsed.GetValue(layers), 1),
                OptionChecks.AtLeast("--embed", parsed.GetValue(embed), 0),
                OptionChecks.InRange("--dropout", parsed.GetValue(dropout), 0, 1, maximumIncluded: false))
            {
                ZoneoutHidden = zoneoutHidden,
                ZoneoutCell = zoneoutCell,
            };
            var batching = new TextBatching
            {
                SeqLen = OptionChecks.AtLeast("--seq-len", parsed.GetValue(seqLen), 1),
                Batch = OptionChecks.AtLeast("--batch", parsed.GetValue(batch), 1),
                ValFraction = OptionChecks.InRange("--val-fraction", parsed.GetValue(valFraction), 0, 1, maximumIncluded: false),
            };
            var options = flags.Read(parsed);
            using var runLock = RunLock.Acquire(outPath);
            var (trainText, trainDescription) = DataSource.LoadEncoded(dataValue, context.Error.WriteLine, context.Cancellation);
            return Train(context, trainText, trainDescription, shape, batching, options, outPath, every);
        });
        return command;
    }

    /// <summary>Starts a new run of a character model of <paramref name="shape"/> over the text's vocabulary, initialised from the options' seed, and reports it; shared with `demo`.</summary>
    internal static int Train(CliContext context, EncodedText text, string description, CharacterShape shape, TextBatching batching,
        TrainingOptions options, string outPath, int printEvery)
    {
        var model = shape.Build(text.Vocabulary, options.Seed);
        var run = CharacterTraining.Start(model, text.Tokens, batching, options, outPath);
        return TrainingReport.Run(context, run, description, printEvery);
    }
}
