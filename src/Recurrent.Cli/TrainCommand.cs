// `recurrent train`: trains a character model on a text, or resumes a run, and saves resumable
// safetensors checkpoints; the best one is kept under a name carrying its step and validation loss.
using System.CommandLine;
using Recurrent.Data;
using Recurrent.Training;

namespace Recurrent.Cli;

public static class TrainCommand
{
    public static Command Create(CliContext context)
    {
        // data
        var data = new Option<string>("--data") { Description = "UTF-8 text to train on, 'demo' for the embedded text, or 'tinyshakespeare'", Required = true };
        var valFraction = new Option<double>("--val-fraction") { Description = "Fraction of the text, at its end, kept for validation", DefaultValueFactory = _ => 0.1 };
        // model
        var cell = new Option<string>("--cell") { Description = "Recurrent cell: lstm, gru or rnn", DefaultValueFactory = _ => "lstm" };
        var hidden = new Option<int>("--hidden") { Description = "Hidden units per layer (H)", DefaultValueFactory = _ => 128 };
        var layers = new Option<int>("--layers") { Description = "Stacked recurrent layers (L)", DefaultValueFactory = _ => 1 };
        var embed = new Option<int>("--embed") { Description = "Learned embedding of this size instead of one-hot input; 0 = one-hot", DefaultValueFactory = _ => 0 };
        var dropout = new Option<double>("--dropout") { Description = "Dropout between layers and before the head, in [0, 1)", DefaultValueFactory = _ => 0 };
        // optimisation
        var seqLen = new Option<int>("--seq-len") { Description = "Characters per BPTT window (T)", DefaultValueFactory = _ => 64 };
        var batch = new Option<int>("--batch") { Description = "Parallel text streams (B)", DefaultValueFactory = _ => 32 };
        var steps = new Option<long>("--steps") { Description = "Total optimizer steps; 0 saves the initialised model", DefaultValueFactory = _ => 1000 };
        var optimizer = new Option<string>("--optimizer") { Description = "sgd, adagrad, rmsprop, adam or adamw", DefaultValueFactory = _ => "adam" };
        var lr = new Option<double?>("--lr") { Description = "Learning rate (default: adam/adamw 0.002, rmsprop 0.01, adagrad 0.01, sgd 0.1)" };
        var momentum = new Option<double>("--momentum") { Description = "SGD momentum in [0, 1)", DefaultValueFactory = _ => 0 };
        var weightDecay = new Option<double?>("--weight-decay") { Description = "AdamW's decoupled weight decay (default 0.01)" };
        var schedule = new Option<string>("--schedule") { Description = "Learning-rate schedule: constant, step (char-rnn's decay per epoch) or cosine", DefaultValueFactory = _ => "constant" };
        var decay = new Option<double>("--decay") { Description = "step schedule: factor per epoch", DefaultValueFactory = _ => 0.97 };
        var decayAfter = new Option<long>("--decay-after") { Description = "step schedule: epochs before the decay starts", DefaultValueFactory = _ => 10 };
        var warmup = new Option<long>("--warmup") { Description = "cosine schedule: warm-up steps", DefaultValueFactory = _ => 0 };
        var minLr = new Option<double>("--min-lr-factor") { Description = "cosine schedule: final rate as a fraction of --lr", DefaultValueFactory = _ => 0.1 };
        var clip = new Option<double>("--clip") { Description = "Clip the global gradient norm to this; 0 turns clipping off", DefaultValueFactory = _ => 5 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the initial weights and dropout masks", DefaultValueFactory = _ => 1 };
        // bookkeeping
        var output = new Option<string>("--out") { Description = "Checkpoint to write (.safetensors); resumable", Required = true };
        var resume = new Option<string?>("--resume") { Description = "Continue the run saved in this checkpoint (same text; model and optimisation settings come from it)" };
        var evalEvery = new Option<long>("--eval-every") { Description = "Validate and checkpoint every N steps (and at the end); 0 = only at the end", DefaultValueFactory = _ => 1000 };
        var patience = new Option<int>("--patience") { Description = "Stop after N validations without improvement; 0 = never", DefaultValueFactory = _ => 0 };
        var explode = new Option<double>("--explode-factor") { Description = "Stop when the loss exceeds this multiple of the first loss; 0 = off", DefaultValueFactory = _ => 3 };
        var printEvery = new Option<int>("--print-every") { Description = "Print a progress line every N steps (when the output is not a terminal; a terminal gets a live bar)", DefaultValueFactory = _ => 100 };

        Option[] fixedOnResume = [valFraction, cell, hidden, layers, embed, dropout, seqLen, batch, optimizer, lr, momentum, weightDecay,
            schedule, decay, decayAfter, warmup, minLr, clip, seed, evalEvery, patience, explode];
        var command = new Command("train", "Train a character model on a text (or resume a run) and save it")
        {
            data, valFraction, cell, hidden, layers, embed, dropout, seqLen, batch, steps, optimizer, lr, momentum, weightDecay,
            schedule, decay, decayAfter, warmup, minLr, clip, seed, output, resume, evalEvery, patience, explode, printEvery,
        };
        command.SetAction(parsed =>
        {
            int every = OptionChecks.AtLeast("--print-every", parsed.GetValue(printEvery), 1);
            string outPath = parsed.GetValue(output)!;
            CheckWritable(outPath);
            long? totalSteps = parsed.GetResult(steps) is { Implicit: false } ? OptionChecks.AtLeast("--steps", parsed.GetValue(steps), 0) : null;

            if (parsed.GetValue(resume) is string resumeFrom)
            {
                if (fixedOnResume.FirstOrDefault(o => parsed.GetResult(o) is { Implicit: false }) is { } given)
                    throw new UsageException($"{given.Name} cannot be given with --resume: the run continues with the settings saved in '{resumeFrom}'.");
                var (text, description) = DataSource.LoadEncoded(parsed.GetValue(data)!, context.Error.WriteLine, context.Cancellation);
                var session = TrainingSession.Resume(resumeFrom, text, totalSteps, outPath, warning => context.Error.WriteLine($"warning: {warning}"));
                context.Out.WriteLine($"resuming '{resumeFrom}' at step {session.StepsDone} of {session.Options.Steps}");
                return TrainingReport.Run(context, session, description, every);
            }

            var kind = OptionChecks.Optimizer("--optimizer", parsed.GetValue(optimizer)!);
            long total = totalSteps ?? parsed.GetValue(steps);
            var options = new TrainingOptions
            {
                Cell = OptionChecks.Cell("--cell", parsed.GetValue(cell)!),
                Hidden = OptionChecks.AtLeast("--hidden", parsed.GetValue(hidden), 1),
                Layers = OptionChecks.AtLeast("--layers", parsed.GetValue(layers), 1),
                Embedding = OptionChecks.AtLeast("--embed", parsed.GetValue(embed), 0),
                Dropout = OptionChecks.InRange("--dropout", parsed.GetValue(dropout), 0, 1, maximumIncluded: false),
                SeqLen = OptionChecks.AtLeast("--seq-len", parsed.GetValue(seqLen), 1),
                Batch = OptionChecks.AtLeast("--batch", parsed.GetValue(batch), 1),
                Steps = total,
                Optimizer = kind,
                LearningRate = parsed.GetValue(lr) is double rate ? OptionChecks.Positive("--lr", rate) : null,
                Momentum = OptionChecks.InRange("--momentum", parsed.GetValue(momentum), 0, 1, maximumIncluded: false),
                WeightDecay = parsed.GetValue(weightDecay) is double wd ? OptionChecks.InRange("--weight-decay", wd, 0, double.PositiveInfinity) : null,
                Schedule = Schedule(parsed.GetValue(schedule)!, parsed.GetValue(decay), parsed.GetValue(decayAfter),
                    parsed.GetValue(warmup), parsed.GetValue(minLr), total),
                Clip = OptionChecks.InRange("--clip", parsed.GetValue(clip), 0, double.PositiveInfinity),
                ValFraction = OptionChecks.InRange("--val-fraction", parsed.GetValue(valFraction), 0, 1, maximumIncluded: false),
                Seed = parsed.GetValue(seed),
                EvalEvery = OptionChecks.AtLeast("--eval-every", parsed.GetValue(evalEvery), 0),
                Patience = OptionChecks.AtLeast("--patience", parsed.GetValue(patience), 0),
                ExplodeFactor = OptionChecks.InRange("--explode-factor", parsed.GetValue(explode), 0, double.PositiveInfinity),
            };
            if (options.Momentum > 0 && kind != OptimizerKind.Sgd)
                throw new UsageException("--momentum applies to --optimizer sgd only.");
            if (options.WeightDecay is not null && kind != OptimizerKind.AdamW)
                throw new UsageException("--weight-decay applies to --optimizer adamw only.");
            var (trainText, trainDescription) = DataSource.LoadEncoded(parsed.GetValue(data)!, context.Error.WriteLine, context.Cancellation);
            return Train(context, trainText, trainDescription, options, outPath, every);
        });
        return command;
    }

    /// <summary>Starts a new run on a text and reports it; shared with `demo`.</summary>
    internal static int Train(CliContext context, EncodedText text, string description, TrainingOptions options, string outPath, int printEvery)
    {
        var session = TrainingSession.Start(text.Vocabulary, text.Tokens, options, outPath);
        return TrainingReport.Run(context, session, description, printEvery);
    }

    private static LearningRateSchedule Schedule(string name, double decay, long decayAfter, long warmup, double minFactor, long steps) =>
        name.ToLowerInvariant() switch
        {
            "constant" => new LearningRateSchedule.Constant(),
            "step" => new LearningRateSchedule.StepDecay(OptionChecks.InRange("--decay", decay, 0, 1, maximumIncluded: false) is > 0 and var d ? d
                    : throw new UsageException("--decay must be above 0 and below 1."), OptionChecks.AtLeast("--decay-after", decayAfter, 0)),
            "cosine" => new LearningRateSchedule.Cosine(OptionChecks.AtLeast("--warmup", warmup, 0), steps,
                OptionChecks.InRange("--min-lr-factor", minFactor, 0, 1)),
            _ => throw new UsageException($"--schedule must be constant, step or cosine (got '{name}')."),
        };

    /// <summary>Fails before training, not after it, when the checkpoint could not be written.</summary>
    private static void CheckWritable(string path)
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
            throw new UsageException($"--out: the directory '{directory}' does not exist.");
        if (Directory.Exists(path))
            throw new UsageException($"--out: '{path}' is a directory.");
    }
}
