// The options every training verb shares, mapped to the library's TrainingOptions: optimisation (steps, optimizer,
// learning rate, momentum, weight decay, schedule, clipping, seed) and bookkeeping (validation, patience, the
// explosion guard, a time limit) and weight averaging (an EMA or SWA copy of the weights that validation, the best
// model and the saved model use). One definition, so `train` and `task` check them the same way; each verb gives
// its own defaults. An option the chosen optimizer or schedule does not use is an error, not silently ignored.
using System.CommandLine;
using Recurrent.Training;

namespace Recurrent.Cli;

internal sealed class TrainingFlags
{
    private readonly TrainingOptions _defaults;

    /// <param name="defaults">The verb's defaults (a null learning rate: the optimizer's own).</param>
    /// <param name="what">What else the seed draws beside the weights and the masks, for the help ("training
    /// batches"); null when nothing else.</param>
    public TrainingFlags(TrainingOptions defaults, string? what)
    {
        _defaults = defaults;
        Steps = new Option<long>("--steps") { Description = "Total optimizer steps; 0 saves the initialised model", DefaultValueFactory = _ => defaults.Steps };
        Optimizer = new Option<string>("--optimizer") { Description = "sgd, adagrad, rmsprop, adam or adamw", DefaultValueFactory = _ => defaults.Optimizer.ToName() };
        LearningRate = new Option<double?>("--lr")
        {
            Description = defaults.LearningRate is double rate
                ? $"Learning rate (default {rate:G4} with {defaults.Optimizer.ToName()}; otherwise the optimizer's own: adam/adamw 0.002, rmsprop 0.01, adagrad 0.01, sgd 0.1)"
                : "Learning rate (default: adam/adamw 0.002, rmsprop 0.01, adagrad 0.01, sgd 0.1)",
        };
        Momentum = new Option<double>("--momentum") { Description = "SGD momentum in [0, 1)", DefaultValueFactory = _ => 0 };
        WeightDecay = new Option<double?>("--weight-decay") { Description = "AdamW's decoupled weight decay (default 0.01)" };
        Schedule = new Option<string>("--schedule") { Description = "Learning-rate schedule: constant, step (char-rnn's decay per epoch) or cosine", DefaultValueFactory = _ => "constant" };
        Decay = new Option<double>("--decay") { Description = "step schedule: factor per epoch, above 0 and below 1", DefaultValueFactory = _ => 0.97 };
        DecayAfter = new Option<long>("--decay-after") { Description = "step schedule: epochs before the decay starts", DefaultValueFactory = _ => 10 };
        Warmup = new Option<long>("--warmup") { Description = "cosine schedule: warm-up steps", DefaultValueFactory = _ => 0 };
        MinLrFactor = new Option<double>("--min-lr-factor") { Description = "cosine schedule: final rate as a fraction of --lr", DefaultValueFactory = _ => 0.1 };
        Clip = new Option<double>("--clip") { Description = "Clip the global gradient norm to this; 0 turns clipping off", DefaultValueFactory = _ => defaults.Clip };
        Seed = new Option<ulong>("--seed") { Description = what is null
            ? "Seed of the initial weights and of every random mask (dropout, weight drop, zoneout)"
            : $"Seed of the initial weights, of every random mask (dropout, weight drop, zoneout) and of the {what}", DefaultValueFactory = _ => defaults.Seed };
        EvalEvery = new Option<long>("--eval-every") { Description = "Validate and checkpoint every N steps (and at the end); 0 = only at the end", DefaultValueFactory = _ => defaults.EvalEvery };
        Patience = new Option<int>("--patience") { Description = "Stop after N validations without improvement; 0 = never", DefaultValueFactory = _ => defaults.Patience };
        ExplodeFactor = new Option<double>("--explode-factor") { Description = "Stop when the loss exceeds this multiple of the first loss; 0 = off", DefaultValueFactory = _ => defaults.ExplodeFactor };
        Minutes = new Option<double>("--minutes") { Description = "Time limit in minutes, validations included (validates and saves, then stops); 0 = none", DefaultValueFactory = _ => defaults.Minutes };
        LockedDropout = new Option<bool>("--locked-dropout") { Description = "Variational dropout: each sequence's dropout mask drawn once and kept at every step of a window (needs a model with dropout)" };
        WeightDrop = new Option<double>("--weight-drop") { Description = "Drop each hidden-to-hidden weight with this probability for a step (DropConnect, AWD-LSTM's weight drop); 0 = none", DefaultValueFactory = _ => defaults.WeightDrop };
        EmbeddingDropout = new Option<double>("--embed-dropout") { Description = "Drop each token's input weights with this probability for a step (token inputs); 0 = none", DefaultValueFactory = _ => defaults.EmbeddingDropout };
        Ar = new Option<double>("--ar") { Description = "AR: add this α times the mean square of the top layer's output to what a step minimises (AWD-LSTM: 2); 0 = none", DefaultValueFactory = _ => defaults.ActivationPenalty };
        Tar = new Option<double>("--tar") { Description = "TAR: add this β times the mean square change of the top layer's output from step to step (AWD-LSTM: 1); 0 = none", DefaultValueFactory = _ => defaults.TemporalPenalty };
        Ema = new Option<double>("--ema") { Description = "Validate and save an exponential moving average of the weights with this decay (as 0.999); 0 = none", DefaultValueFactory = _ => defaults.EmaDecay };
        SwaStart = new Option<long>("--swa-start") { Description = "Validate and save the mean of the weights after every step from this step on (SWA); 0 = none", DefaultValueFactory = _ => defaults.SwaStart };
    }

    public Option<long> Steps { get; }
    public Option<string> Optimizer { get; }
    public Option<double?> LearningRate { get; }
    public Option<double> Momentum { get; }
    public Option<double?> WeightDecay { get; }
    public Option<string> Schedule { get; }
    public Option<double> Decay { get; }
    public Option<long> DecayAfter { get; }
    public Option<long> Warmup { get; }
    public Option<double> MinLrFactor { get; }
    public Option<double> Clip { get; }
    public Option<ulong> Seed { get; }
    public Option<long> EvalEvery { get; }
    public Option<int> Patience { get; }
    public Option<double> ExplodeFactor { get; }
    public Option<double> Minutes { get; }
    public Option<bool> LockedDropout { get; }
    public Option<double> WeightDrop { get; }
    public Option<double> EmbeddingDropout { get; }
    public Option<double> Ar { get; }
    public Option<double> Tar { get; }
    public Option<double> Ema { get; }
    public Option<long> SwaStart { get; }

    /// <summary>Every option, in help order.</summary>
    public Option[] All =>
        [Steps, Optimizer, LearningRate, Momentum, WeightDecay, Schedule, Decay, DecayAfter, Warmup, MinLrFactor, Clip, Seed,
         EvalEvery, Patience, ExplodeFactor, Minutes, LockedDropout, WeightDrop, EmbeddingDropout, Ar, Tar, Ema, SwaStart];

    /// <summary>The options a resumed run takes from its checkpoint (all but --steps): giving one with --resume is an error.</summary>
    public Option[] FixedOnResume => All.Where(option => option != Steps).ToArray();

    /// <summary>The --steps the user gave, or null when left at its default.</summary>
    public long? GivenSteps(ParseResult parsed) =>
        parsed.GetResult(Steps) is { Implicit: false } ? OptionChecks.AtLeast("--steps", parsed.GetValue(Steps), 0) : null;

    /// <summary>The options as given, checked: every value in range, and no option the optimizer or schedule does not use.</summary>
    /// <exception cref="UsageException">A value is out of range or does not apply.</exception>
    public TrainingOptions Read(ParseResult parsed)
    {
        var kind = OptionChecks.Optimizer("--optimizer", parsed.GetValue(Optimizer)!);
        long steps = GivenSteps(parsed) ?? _defaults.Steps;
        double momentum = OptionChecks.InRange("--momentum", parsed.GetValue(Momentum), 0, 1, maximumIncluded: false);
        double? weightDecay = parsed.GetValue(WeightDecay) is double wd ? OptionChecks.InRange("--weight-decay", wd, 0, double.PositiveInfinity) : null;
        if (Given(parsed, Momentum) && kind != OptimizerKind.Sgd)
            throw new UsageException("--momentum applies to --optimizer sgd only.");
        if (Given(parsed, WeightDecay) && kind != OptimizerKind.AdamW)
            throw new UsageException("--weight-decay applies to --optimizer adamw only.");
        double ema = parsed.GetValue(Ema) is var decay && (decay == 0 || decay is > 0 and < 1) ? decay
            : throw new UsageException($"--ema must be 0 (none) or a decay above 0 and below 1, as 0.999 (got {OptionChecks.Show(parsed.GetValue(Ema))}).");
        long swaStart = OptionChecks.AtLeast("--swa-start", parsed.GetValue(SwaStart), 0);
        if (ema > 0 && swaStart > 0)
            throw new UsageException("Give --ema or --swa-start, not both: the weights are averaged one way.");
        return _defaults with
        {
            Steps = steps,
            Optimizer = kind,
            LearningRate = parsed.GetValue(LearningRate) is double rate ? OptionChecks.Positive("--lr", rate)
                : kind == _defaults.Optimizer ? _defaults.LearningRate : null,
            Momentum = momentum,
            WeightDecay = weightDecay,
            Schedule = ReadSchedule(parsed, steps),
            Clip = OptionChecks.InRange("--clip", parsed.GetValue(Clip), 0, double.PositiveInfinity),
            Seed = parsed.GetValue(Seed),
            EvalEvery = OptionChecks.AtLeast("--eval-every", parsed.GetValue(EvalEvery), 0),
            Patience = OptionChecks.AtLeast("--patience", parsed.GetValue(Patience), 0),
            ExplodeFactor = OptionChecks.InRange("--explode-factor", parsed.GetValue(ExplodeFactor), 0, double.PositiveInfinity),
            Minutes = OptionChecks.InRange("--minutes", parsed.GetValue(Minutes), 0, double.PositiveInfinity),
            LockedDropout = parsed.GetValue(LockedDropout),
            WeightDrop = OptionChecks.InRange("--weight-drop", parsed.GetValue(WeightDrop), 0, 1, maximumIncluded: false),
            EmbeddingDropout = OptionChecks.InRange("--embed-dropout", parsed.GetValue(EmbeddingDropout), 0, 1, maximumIncluded: false),
            ActivationPenalty = OptionChecks.InRange("--ar", parsed.GetValue(Ar), 0, double.PositiveInfinity),
            TemporalPenalty = OptionChecks.InRange("--tar", parsed.GetValue(Tar), 0, double.PositiveInfinity),
            EmaDecay = ema,
            SwaStart = swaStart,
        };
    }

    private LearningRateSchedule ReadSchedule(ParseResult parsed, long steps)
    {
        string name = parsed.GetValue(Schedule)!.ToLowerInvariant();
        Option[] uses = name switch
        {
            "step" => [Decay, DecayAfter],
            "cosine" => [Warmup, MinLrFactor],
            _ => [],
        };
        if (new Option[] { Decay, DecayAfter, Warmup, MinLrFactor }.Except(uses).FirstOrDefault(o => Given(parsed, o)) is { } unused)
            throw new UsageException($"{unused.Name} applies to --schedule {(unused == Decay || unused == DecayAfter ? "step" : "cosine")} only.");
        return name switch
        {
            "constant" => new LearningRateSchedule.Constant(),
            "step" => new LearningRateSchedule.StepDecay(parsed.GetValue(Decay) is > 0 and < 1 and var d ? d
                    : throw new UsageException($"--decay must be a number above 0 and below 1 (got {OptionChecks.Show(parsed.GetValue(Decay))})."),
                OptionChecks.AtLeast("--decay-after", parsed.GetValue(DecayAfter), 0)),
            "cosine" => new LearningRateSchedule.Cosine(OptionChecks.AtLeast("--warmup", parsed.GetValue(Warmup), 0), steps,
                OptionChecks.InRange("--min-lr-factor", parsed.GetValue(MinLrFactor), 0, 1)),
            _ => throw new UsageException($"--schedule must be constant, step or cosine (got '{parsed.GetValue(Schedule)}')."),
        };
    }

    private static bool Given(ParseResult parsed, Option option) => parsed.GetResult(option) is { Implicit: false };
}
