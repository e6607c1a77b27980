// `recurrent train`: trains a character model on a text file and saves it as a safetensors checkpoint.
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Recurrent.IO;
using Recurrent.Training;

namespace Recurrent.Cli;

public static class TrainCommand
{
    public static Command Create(CliContext context)
    {
        // data
        var data = new Option<string>("--data") { Description = "UTF-8 text to train on, or 'demo' for the embedded text", Required = true };
        var valFraction = new Option<double>("--val-fraction") { Description = "Fraction of the text, at its end, kept for validation", DefaultValueFactory = _ => 0.1 };
        // model
        var cell = new Option<string>("--cell") { Description = "Recurrent cell: lstm, gru or rnn", DefaultValueFactory = _ => "lstm" };
        var hidden = new Option<int>("--hidden") { Description = "Hidden units per layer (H)", DefaultValueFactory = _ => 128 };
        var layers = new Option<int>("--layers") { Description = "Stacked recurrent layers (L)", DefaultValueFactory = _ => 1 };
        // optimisation
        var seqLen = new Option<int>("--seq-len") { Description = "Characters per BPTT window (T)", DefaultValueFactory = _ => 64 };
        var batch = new Option<int>("--batch") { Description = "Parallel text streams (B)", DefaultValueFactory = _ => 32 };
        var steps = new Option<long>("--steps") { Description = "Optimizer steps; 0 saves the initialised model", DefaultValueFactory = _ => 1000 };
        var optimizer = new Option<string>("--optimizer") { Description = "sgd, adagrad, rmsprop or adam", DefaultValueFactory = _ => "adam" };
        var lr = new Option<double?>("--lr") { Description = "Learning rate (default: adam 0.002, rmsprop 0.01, adagrad 0.01, sgd 0.1)" };
        var momentum = new Option<double>("--momentum") { Description = "SGD momentum in [0, 1)", DefaultValueFactory = _ => 0 };
        var clip = new Option<double>("--clip") { Description = "Clip the global gradient norm to this; 0 turns clipping off", DefaultValueFactory = _ => 5 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the initial weights", DefaultValueFactory = _ => 1 };
        // bookkeeping
        var output = new Option<string>("--out") { Description = "Checkpoint to write (.safetensors)", Required = true };
        var printEvery = new Option<int>("--print-every") { Description = "Print the training loss every N steps", DefaultValueFactory = _ => 100 };

        var command = new Command("train", "Train a character model on a text and save it")
        {
            data, valFraction, cell, hidden, layers, seqLen, batch, steps, optimizer, lr, momentum, clip, seed, output, printEvery,
        };
        command.SetAction(parsed =>
        {
            var kind = OptionChecks.Optimizer("--optimizer", parsed.GetValue(optimizer)!);
            var options = new TrainingOptions
            {
                Cell = OptionChecks.Cell("--cell", parsed.GetValue(cell)!),
                Hidden = OptionChecks.AtLeast("--hidden", parsed.GetValue(hidden), 1),
                Layers = OptionChecks.AtLeast("--layers", parsed.GetValue(layers), 1),
                SeqLen = OptionChecks.AtLeast("--seq-len", parsed.GetValue(seqLen), 1),
                Batch = OptionChecks.AtLeast("--batch", parsed.GetValue(batch), 1),
                Steps = OptionChecks.AtLeast("--steps", parsed.GetValue(steps), 0),
                Optimizer = kind,
                LearningRate = parsed.GetValue(lr) is double rate ? OptionChecks.Positive("--lr", rate) : null,
                Momentum = OptionChecks.InRange("--momentum", parsed.GetValue(momentum), 0, 1, maximumIncluded: false),
                Clip = OptionChecks.InRange("--clip", parsed.GetValue(clip), 0, double.PositiveInfinity),
                ValFraction = OptionChecks.InRange("--val-fraction", parsed.GetValue(valFraction), 0, 1, maximumIncluded: false),
                Seed = parsed.GetValue(seed),
            };
            if (options.Momentum > 0 && kind != OptimizerKind.Sgd)
                throw new UsageException("--momentum applies to --optimizer sgd only.");
            int every = OptionChecks.AtLeast("--print-every", parsed.GetValue(printEvery), 1);
            string outPath = parsed.GetValue(output)!;
            CheckWritable(outPath);
            var (text, description) = DataSource.Load(parsed.GetValue(data)!);
            return Train(context, text, description, options, outPath, every);
        });
        return command;
    }

    /// <summary>Runs the training, printing progress, and saves the checkpoint; shared with `demo`.</summary>
    internal static int Train(CliContext context, string text, string description, TrainingOptions options, string outPath, int printEvery)
    {
        var clock = Stopwatch.StartNew();
        long tokensPerStep = (long)options.Batch * options.SeqLen;
        context.Out.WriteLine($"data: {description}, {text.EnumerateRunes().Count()} characters");
        var result = CharacterTraining.Run(text, options, step =>
        {
            if (step.Step == 1 || step.Step % printEvery == 0 || step.Step == options.Steps)
            {
                double rate = step.Step * tokensPerStep / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
                context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"step {step.Step,6}/{options.Steps}  epoch {step.Epoch,3}  loss {step.Loss:F4}  grad norm {step.GradientNorm,8:F3}  {rate,9:F0} chars/s"));
            }
        }, context.Cancellation);

        var model = result.Model;
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"model: {options.Cell.ToString().ToLowerInvariant()}, {options.Layers} layer(s) of {options.Hidden}, " +
            $"{model.Network.Parameters.Count} parameters, {model.Vocabulary.Count} characters; " +
            $"trained on {result.TrainCharacters} characters ({result.WindowsPerEpoch} windows of {options.Batch}x{options.SeqLen} per epoch)"));
        if (result.ValidationLoss is double validation)
            context.Out.WriteLine(LossLine("validation loss", validation));
        else
            context.Out.WriteLine("validation loss: none (no validation text; see --val-fraction)");

        Checkpoint.Save(outPath, model, Metadata(options, result));
        context.Out.WriteLine($"saved {outPath} after {result.Steps} step(s) in {clock.Elapsed.TotalSeconds:F1} s");
        if (result.Interrupted)
        {
            context.Error.WriteLine($"interrupted: stopped after step {result.Steps} and saved the model to {outPath}");
            return CliApp.Interrupted;
        }
        return CliApp.Ok;
    }

    /// <summary>"label: 1.2345 nats/char (1.7810 bits/char)".</summary>
    internal static string LossLine(string label, double nats) =>
        string.Create(CultureInfo.InvariantCulture, $"{label}: {nats:F4} nats/char ({nats / Math.Log(2):F4} bits/char)");

    private static Dictionary<string, string> Metadata(TrainingOptions options, TrainingResult result)
    {
        string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
        var metadata = new Dictionary<string, string>
        {
            ["steps"] = Invariant(result.Steps),
            ["seq_len"] = Invariant(options.SeqLen),
            ["batch"] = Invariant(options.Batch),
            ["optimizer"] = options.Optimizer.ToName(),
            ["lr"] = Invariant(options.EffectiveLearningRate),
            ["clip"] = Invariant(options.Clip),
            ["seed"] = Invariant(options.Seed),
            ["val_fraction"] = Invariant(options.ValFraction),
        };
        if (result.TrainLoss is double train)
            metadata["train_loss"] = Invariant(train);
        if (result.ValidationLoss is double validation)
            metadata["val_loss"] = Invariant(validation);
        return metadata;
    }

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
