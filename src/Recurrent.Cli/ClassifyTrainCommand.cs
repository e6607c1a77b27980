// `recurrent classify train`: reads labelled texts (or numeric sequences), reports what cleaning and the split did,
// trains a classifier with a stratified validation part, checkpoints and early stopping (every training option of
// `train`), and prints a line per validation with its loss and accuracy. --resume continues a run saved with --out,
// on the same examples.
using System.CommandLine;
using Recurrent.Classification;
using Recurrent.Data;
using Recurrent.Models;
using Recurrent.Training;

namespace Recurrent.Cli;

internal static class ClassifyTrainCommand
{
    /// <summary>Classification's training defaults: Adam 2e-3, clip 5, a validation every 200 steps, stop after 5 without a better one.</summary>
    public static readonly TrainingOptions Defaults = new()
    {
        Steps = 3000,
        LearningRate = 2e-3,
        Clip = 5,
        EvalEvery = 200,
        Patience = 5,
        ExplodeFactor = 0,
    };

    public static Command Create(CliContext context)
    {
        var inputs = new ClassifyInputs();
        // reading and cleaning
        var lowercase = new Option<bool>("--lowercase") { Description = "Lowercase texts before reading them" };
        var maxLen = new Option<int>("--max-len") { Description = "Read at most N steps of each example (0: all), keeping its head or tail (--keep)", DefaultValueFactory = _ => 0 };
        var keep = new Option<string>("--keep") { Description = "The part of an example longer than --max-len that is read: head or tail", DefaultValueFactory = _ => "head" };
        var keepRepeats = new Option<bool>("--keep-repeats") { Description = "Keep every repeat of an example (default: the first of each)" };
        var keepConflicts = new Option<bool>("--keep-conflicts") { Description = "Keep texts that appear under two labels (default: leave them all out)" };
        var valFraction = new Option<double>("--val-fraction") { Description = "The share of each class held out for validation (stratified)", DefaultValueFactory = _ => 0.1 };
        var balanced = new Option<bool>("--balanced") { Description = "Draw training examples with every class equally likely (for imbalanced classes)" };
        var classWeights = new Option<string?>("--class-weights") { Description = "Weigh each class in the training loss: balanced (N / (classes x its count), as scikit-learn), or one weight per class, comma-separated, in the classes' order" };
        // model
        var cell = new Option<string>("--cell") { Description = "Recurrent cell: lstm, gru or rnn", DefaultValueFactory = _ => "lstm" };
        var hidden = new Option<int>("--hidden") { Description = "Hidden units per layer and direction", DefaultValueFactory = _ => 128 };
        var layers = new Option<int>("--layers") { Description = "Stacked recurrent layers", DefaultValueFactory = _ => 1 };
        var embedding = new Option<int>("--embedding") { Description = "Width of each character's embedding; 0 reads characters one-hot", DefaultValueFactory = _ => 32 };
        var bidirectional = new Option<bool>("--bidirectional") { Description = "Every layer also reads each example backwards (torch's bidirectional=True)" };
        var pool = new Option<string>("--pool") { Description = "What the head reads of each example: final (each direction's final state), mean or max (over its steps), or last (its last step)", DefaultValueFactory = _ => "final" };
        var dropout = new Option<double>("--dropout") { Description = "Dropout between layers and before the head, in [0, 1)", DefaultValueFactory = _ => 0 };
        var zoneout = new ZoneoutFlags();
        var batch = new Option<int>("--batch") { Description = "Examples per training step", DefaultValueFactory = _ => 32 };
        var flags = new TrainingFlags(Defaults, "training batches and the validation split");
        var selectBy = new Option<string>("--select-by") { Description = "What a validation must improve to give a new best model (and reset --patience): accuracy, or loss", DefaultValueFactory = _ => "accuracy" };
        // output
        var output = new Option<string>("--out") { Description = "Save the model here (.safetensors): a resumable checkpoint at every validation, the best model beside it, the metrics log", Required = true };
        var resume = new Option<string?>("--resume") { Description = "Continue the run saved in this checkpoint (on the same examples)" };

        Option[] fixedOnResume = [lowercase, maxLen, keep, keepRepeats, keepConflicts, valFraction, balanced, classWeights, cell, hidden, layers, embedding, bidirectional, pool,
            dropout, .. zoneout.All, batch, selectBy, .. flags.FixedOnResume];
        var command = new Command("train", "Train a classifier of texts (or numeric sequences) on labelled examples");
        foreach (var option in inputs.All.Concat([lowercase, maxLen, keep, keepRepeats, keepConflicts, valFraction, balanced, classWeights, cell, hidden, layers, embedding,
                     bidirectional, pool, dropout]).Concat(zoneout.All).Concat([batch]).Concat(flags.All).Concat([selectBy, output, resume]))
            command.Options.Add(option);
        command.SetAction(parsed =>
        {
            bool Given(Option option) => parsed.GetResult(option) is { Implicit: false };
            string outPath = Paths.Output("--out", parsed.GetValue(output));
            bool numeric = inputs.Numeric(parsed);
            SequenceTable? table = numeric ? inputs.Sequences(parsed) : null;
            TextExamples? texts = numeric ? null : inputs.Texts(parsed);
            ClassificationData Prepare(ClassifierSettings settings, ulong seed) => table is not null
                ? ClassificationData.FromTable(table, settings, seed)
                : ClassificationData.FromTexts(texts!, settings, seed);
            using var runLock = RunLock.Acquire(outPath);
            ClassifierRun run;
            if (parsed.GetValue(resume) is string resumeValue)
            {
                string resumeFrom = Paths.Input("--resume", resumeValue);
                if (fixedOnResume.FirstOrDefault(o => parsed.GetResult(o) is { Implicit: false }) is { } given)
                    throw new UsageException($"{given.Name} cannot be given with --resume: the run continues with the settings saved in '{resumeFrom}'.");
                run = ClassifierRun.Resume(resumeFrom, Prepare, flags.GivenSteps(parsed), outPath);
            }
            else
            {
                if (numeric && new Option[] { lowercase, embedding, keepRepeats, keepConflicts }.FirstOrDefault(Given) is { } text)
                    throw new UsageException($"{text.Name} is for texts, not numeric sequences.");
                if (Given(keep) && parsed.GetValue(maxLen) == 0)
                    throw new UsageException("--keep says which end of an example longer than --max-len is read; give --max-len too.");
                if (parsed.GetValue(valFraction) == 0 && new Option[] { selectBy, flags.Patience }.FirstOrDefault(Given) is { } validating)
                    throw new UsageException($"{validating.Name} needs a validation part; with --val-fraction 0 the model is the last step's.");
                var settings = new ClassifierSettings
                {
                    Lowercase = parsed.GetValue(lowercase),
                    MaxLength = OptionChecks.AtLeast("--max-len", parsed.GetValue(maxLen), 0),
                    Truncation = parsed.GetValue(keep)!.ToLowerInvariant() switch
                    {
                        "head" => Truncation.KeepHead,
                        "tail" => Truncation.KeepTail,
                        var other => throw new UsageException($"--keep must be head or tail (got '{other}')."),
                    },
                    Pooling = OptionChecks.Pooling("--pool", parsed.GetValue(pool)!),
                    ValidationFraction = OptionChecks.InRange("--val-fraction", parsed.GetValue(valFraction), 0, 1, maximumIncluded: false),
                    Batching = new SequenceBatching(ByLength: true, BalancedClasses: parsed.GetValue(balanced)),
                    KeepRepeats = parsed.GetValue(keepRepeats),
                    KeepConflicts = parsed.GetValue(keepConflicts),
                };
                var cellKind = OptionChecks.Cell("--cell", parsed.GetValue(cell)!);
                var (zoneoutHidden, zoneoutCell) = zoneout.Read(parsed, cellKind);
                var model = new ClassifierModelOptions
                {
                    Cell = cellKind,
                    ZoneoutHidden = zoneoutHidden,
                    ZoneoutCell = zoneoutCell,
                    Hidden = OptionChecks.AtLeast("--hidden", parsed.GetValue(hidden), 1),
                    Layers = OptionChecks.AtLeast("--layers", parsed.GetValue(layers), 1),
                    Embedding = OptionChecks.AtLeast("--embedding", parsed.GetValue(embedding), 0),
                    Bidirectional = parsed.GetValue(bidirectional),
                    Dropout = OptionChecks.InRange("--dropout", parsed.GetValue(dropout), 0, 1, maximumIncluded: false),
                    Batch = OptionChecks.AtLeast("--batch", parsed.GetValue(batch), 1),
                };
                var training = flags.Read(parsed) with
                {
                    SelectBy = parsed.GetValue(selectBy)!.ToLowerInvariant() switch
                    {
                        "accuracy" => BestModelMetric.Accuracy,
                        "loss" => BestModelMetric.Loss,
                        var other => throw new UsageException($"--select-by must be accuracy or loss (got '{other}')."),
                    },
                };
                var data = Prepare(settings, training.Seed);
                if (parsed.GetValue(classWeights) is string weights)
                    training = training with { ClassWeights = ClassWeights(weights, data) };
                run = ClassifierRun.Start(data, model, training, outPath);
            }
            return Train(context, run, outPath, texts, table);
        });
        return command;
    }

    /// <summary>"balanced": N / (C · n_c) over the training part's counts (scikit-learn's); else one positive weight per class.</summary>
    private static double[] ClassWeights(string text, ClassificationData data)
    {
        int[] counts = data.TrainingCounts;
        if (text.Equals("balanced", StringComparison.OrdinalIgnoreCase))
            return [.. counts.Select(n => (double)data.TrainingCount / (counts.Length * n))];
        double[] weights = ForecastCommand.Numbers("--class-weights", text, "balanced, or positive numbers", w => w > 0);
        if (weights.Length != counts.Length)
            throw new UsageException($"--class-weights takes one weight per class, {counts.Length} ({string.Join(", ", data.Labels)}); got {weights.Length}.");
        return weights;
    }

    private static int Train(CliContext context, ClassifierRun run, string outPath, TextExamples? texts, SequenceTable? table)
    {
        var session = run.Session;
        if (session.IsComplete)
            return TrainingReport.AlreadyComplete(context.Out, session);
        var data = run.Data;
        var settings = data.Settings;
        var spec = session.Model.Spec;
        var output = context.Out;
        if (texts is not null)
        {
            var (repeats, conflicts, kept) = data.Cleaning;
            int conflicting = settings.KeepConflicts ? 0 : texts.Examples.Count - kept - (settings.KeepRepeats ? 0 : repeats); // examples, not texts
            output.WriteLine(ForecastCommand.Invariant($"data: {texts.Examples.Count} examples read from {texts.Source}; ") +
                $"{repeats} repeat(s) {(settings.KeepRepeats ? "kept" : "left out")}, {conflicts} text(s) under two labels " +
                (settings.KeepConflicts ? "kept" : $"({conflicting} examples) left out") + $"; {kept} kept");
        }
        else
        {
            output.WriteLine(ForecastCommand.Invariant($"data: {table!.Sequences.Count} sequences of {table.FeatureCount} feature(s) ({string.Join(", ", table.Features)}) from {table.RowsRead} rows of {table.Source}"));
            if (table.Layout.Options is { Window: int window, Stride: var stride } && stride < window && data.ValidationCount > 0)
                output.WriteLine(ForecastCommand.Invariant(
                    $"note: windows of {window} every {stride} overlap, so validation windows share steps with training ones and its scores are optimistic; test on sequences held out in another file"));
        }
        int[] trainingCounts = data.TrainingCounts, validationCounts = data.ValidationCounts;
        output.WriteLine("classes: " + string.Join(", ", data.Labels.Select((label, c) => ForecastCommand.Invariant($"{label} {trainingCounts[c]}+{validationCounts[c]}"))) +
            ForecastCommand.Invariant($" (training+validation: {data.TrainingCount}+{data.ValidationCount})"));
        if (data.Tokens is { } tokens)
            output.WriteLine(ForecastCommand.Invariant($"vocabulary: {tokens.Vocabulary.Count - 1} characters of the training part, and unknown") +
                (data.ValidationCount > 0 ? ForecastCommand.Invariant($"; {data.UnknownInValidation} character(s) of the validation part are unknown") : "") +
                (settings.Lowercase ? "; lowercased" : "") + (settings.MaxLength > 0 ? ForecastCommand.Invariant($"; at most {settings.MaxLength} characters (the {(settings.Truncation == Truncation.KeepTail ? "tail" : "head")})") : ""));
        string pooling = spec.Readout switch
        {
            Readout.MeanOverSteps => "mean over the steps",
            Readout.MaxOverSteps => "max over the steps",
            Readout.LastStep => "last step",
            _ => "final states",
        };
        output.WriteLine(ForecastCommand.Invariant(
            $"model: {(spec.Bidirectional ? "bidirectional " : "")}{spec.Cell.ToName()} {spec.Layers}x{spec.Hidden}{(spec.EmbeddingSize > 0 ? $", embedding {spec.EmbeddingSize}" : "")}, head on the {pooling}, {session.Model.Network.Parameters.Count} parameters; ") +
            ForecastCommand.Invariant($"{session.Options.Optimizer.ToName()} lr {session.Options.EffectiveLearningRate:G4}, batch {session.Source.Batch}{(settings.Batching.BalancedClasses ? " (balanced classes)" : "")}, {session.Options.Steps} steps") +
            (session.Options.ClassWeights is { } weights ? "; class weights " + string.Join(", ", weights.Select((w, c) => ForecastCommand.Invariant($"{data.Labels[c]} {w:G4}"))) : ""));
        if (session.StepsDone > 0)
            output.WriteLine($"resuming at step {session.StepsDone}");
        return TrainingReport.RunWithValidationLines(context, session, outPath, "classify " + string.Join(", ", data.Labels),
            validation => ForecastCommand.Invariant($"val loss {validation.Loss:F5}  val accuracy {validation.Score.Accuracy ?? double.NaN:F4}"),
            outcome => (outcome.BestValidationLoss is double best ? ForecastCommand.Invariant($"; best validation loss {best:F5}") : "") +
                (session.Options.SelectBy == BestModelMetric.Accuracy && outcome.BestValidationAccuracy is double accuracy
                    ? ForecastCommand.Invariant($", accuracy {accuracy:F4}") : ""),
            "and the same examples");
    }
}
