// The settings of a character-model training run, with char-rnn-like defaults, and their round trip
// through checkpoint metadata (strings), which is how a resumed run learns how it was started.
using System.Globalization;
using Recurrent.Models;

namespace Recurrent.Training;

/// <summary>Model shape, batching, optimisation, schedule, split and bookkeeping settings for <see cref="TrainingSession"/>.</summary>
public sealed record TrainingOptions
{
    // model
    public CellKind Cell { get; init; } = CellKind.Lstm;
    public int Hidden { get; init; } = 128;
    public int Layers { get; init; } = 1;
    /// <summary>D: a learned embedding of this width instead of one-hot input; 0 = one-hot.</summary>
    public int Embedding { get; init; }
    /// <summary>Dropout between stacked layers and before the head, during training; 0 = none.</summary>
    public double Dropout { get; init; }

    // batching
    /// <summary>T: characters per window (the BPTT length).</summary>
    public int SeqLen { get; init; } = 64;
    /// <summary>B: parallel streams.</summary>
    public int Batch { get; init; } = 32;
    /// <summary>The fraction of the text, at its end, kept for validation.</summary>
    public double ValFraction { get; init; } = 0.1;

    // optimisation
    /// <summary>Total optimizer steps of the run (a resumed run continues up to it); 0 keeps the initialised model.</summary>
    public long Steps { get; init; } = 1000;
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Adam;
    /// <summary>The base learning rate; null takes the optimizer's default (<see cref="OptimizerKinds.DefaultLearningRate"/>).</summary>
    public double? LearningRate { get; init; }
    /// <summary>SGD momentum (0 = none).</summary>
    public double Momentum { get; init; }
    /// <summary>AdamW's decoupled weight decay; null takes torch's 0.01.</summary>
    public double? WeightDecay { get; init; }
    /// <summary>The factor on the base learning rate per step.</summary>
    public LearningRateSchedule Schedule { get; init; } = new LearningRateSchedule.Constant();
    /// <summary>Maximum global gradient norm; 0 turns clipping off.</summary>
    public double Clip { get; init; } = 5;
    /// <summary>Seed of the initial weights and of the dropout masks.</summary>
    public ulong Seed { get; init; } = 1;

    // bookkeeping and guards
    /// <summary>Validate (and checkpoint) every N steps, and always at the end; 0 = only at the end.</summary>
    public long EvalEvery { get; init; } = 1000;
    /// <summary>Stop after this many validations without a new best; 0 = never stop early.</summary>
    public int Patience { get; init; }
    /// <summary>Abort when a step's loss exceeds this multiple of the run's first loss (char-rnn's guard); 0 = off.</summary>
    public double ExplodeFactor { get; init; } = 3;

    /// <summary>The learning rate in force before the schedule's factor.</summary>
    public double EffectiveLearningRate => LearningRate ?? Optimizer.DefaultLearningRate();

    /// <summary>The model these options build over a vocabulary of <paramref name="vocabulary"/> characters.</summary>
    public ModelSpec ModelSpec(int vocabulary) => Models.ModelSpec.ForCharacters(Cell, vocabulary, Hidden, Layers, Embedding, Dropout);

    /// <summary>The settings that define the run, as checkpoint metadata (prefix "train.").</summary>
    public Dictionary<string, string> ToMetadata() => new()
    {
        ["train.seq_len"] = Invariant(SeqLen),
        ["train.batch"] = Invariant(Batch),
        ["train.val_fraction"] = Invariant(ValFraction),
        ["train.steps"] = Invariant(Steps),
        ["train.optimizer"] = Optimizer.ToName(),
        ["train.lr"] = Invariant(EffectiveLearningRate),
        ["train.momentum"] = Invariant(Momentum),
        ["train.weight_decay"] = Invariant(WeightDecay ?? (Optimizer == OptimizerKind.AdamW ? OptimizerKinds.DefaultAdamWWeightDecay : 0)),
        ["train.schedule"] = ScheduleToText(Schedule),
        ["train.clip"] = Invariant(Clip),
        ["train.seed"] = Invariant(Seed),
        ["train.eval_every"] = Invariant(EvalEvery),
        ["train.patience"] = Invariant(Patience),
        ["train.explode_factor"] = Invariant(ExplodeFactor),
    };

    /// <summary>Options read back from a checkpoint's metadata (model keys and "train." keys).</summary>
    /// <exception cref="FormatException">A key is missing or malformed.</exception>
    public static TrainingOptions FromMetadata(IReadOnlyDictionary<string, string> m)
    {
        string Get(string key) => m.TryGetValue(key, out var value) ? value : throw new FormatException($"no \"{key}\"");
        int Int(string key) => int.Parse(Get(key), CultureInfo.InvariantCulture);
        long Long(string key) => long.Parse(Get(key), CultureInfo.InvariantCulture);
        double Double(string key) => double.Parse(Get(key), CultureInfo.InvariantCulture);
        if (!CellKinds.TryParse(Get("cell"), out var cell) || !OptimizerKinds.TryParse(Get("train.optimizer"), out var optimizer))
            throw new FormatException("unknown cell or optimizer");
        return new TrainingOptions
        {
            Cell = cell,
            Hidden = Int("hidden"),
            Layers = Int("layers"),
            Embedding = m.ContainsKey("embed") ? Int("embed") : 0,
            Dropout = m.ContainsKey("dropout") ? Double("dropout") : 0,
            SeqLen = Int("train.seq_len"),
            Batch = Int("train.batch"),
            ValFraction = Double("train.val_fraction"),
            Steps = Long("train.steps"),
            Optimizer = optimizer,
            LearningRate = Double("train.lr"),
            Momentum = Double("train.momentum"),
            WeightDecay = optimizer == OptimizerKind.AdamW ? Double("train.weight_decay") : null,
            Schedule = ScheduleFromText(Get("train.schedule")),
            Clip = Double("train.clip"),
            Seed = ulong.Parse(Get("train.seed"), CultureInfo.InvariantCulture),
            EvalEvery = Long("train.eval_every"),
            Patience = Int("train.patience"),
            ExplodeFactor = Double("train.explode_factor"),
        };
    }

    private static string ScheduleToText(LearningRateSchedule schedule) => schedule switch
    {
        LearningRateSchedule.Constant => "constant",
        LearningRateSchedule.StepDecay s => $"step {Invariant(s.Decay)} {Invariant(s.After)}",
        LearningRateSchedule.Cosine c => $"cosine {Invariant(c.Warmup)} {Invariant(c.TotalSteps)} {Invariant(c.MinFactor)}",
        _ => throw new ArgumentOutOfRangeException(nameof(schedule)),
    };

    private static LearningRateSchedule ScheduleFromText(string text)
    {
        string[] parts = text.Split(' ');
        double At(int k) => double.Parse(parts[k], CultureInfo.InvariantCulture);
        return parts[0] switch
        {
            "constant" when parts.Length == 1 => new LearningRateSchedule.Constant(),
            "step" when parts.Length == 3 => new LearningRateSchedule.StepDecay(At(1), (long)At(2)),
            "cosine" when parts.Length == 4 => new LearningRateSchedule.Cosine((long)At(1), (long)At(2), At(3)),
            _ => throw new FormatException($"unknown schedule \"{text}\""),
        };
    }

    private static string Invariant(IFormattable value) => value.ToString(value is double ? "R" : null, CultureInfo.InvariantCulture);
}
