// How a training run optimises and keeps its books, whatever the model and its data: steps, optimizer, learning
// rate and schedule, clipping, the dropout seed, validation, early stopping, the guards, a target and a time limit;
// with char-rnn-like defaults, and their round trip through checkpoint metadata (strings, "train." keys), which is
// how a resumed run learns how it was started. The model is the caller's (its spec), and so is the data (a batch
// source and a validator): a front end (CharacterTraining, TaskRun) builds both and keeps its own settings.
using System.Globalization;

namespace Recurrent.Training;

/// <summary>Optimisation, schedule and bookkeeping settings of a <see cref="TrainingSession"/>.</summary>
public sealed record TrainingOptions
{
    // optimisation
    /// <summary>Total optimizer steps of the run (a resumed run continues up to it); 0 keeps the initial model.</summary>
    public long Steps { get; init; } = 1000;
    /// <summary>The update rule (default Adam).</summary>
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
    /// <summary>Seed of the dropout masks (front ends also seed the initial weights and their batches from it).</summary>
    public ulong Seed { get; init; } = 1;

    // bookkeeping, guards and stops
    /// <summary>Validate (and checkpoint) every N steps, and always at the end; 0 = only at the end.</summary>
    public long EvalEvery { get; init; } = 1000;
    /// <summary>Stop after this many validations without a new best; 0 = never stop early.</summary>
    public int Patience { get; init; }
    /// <summary>Abort when a step's loss exceeds this multiple of the run's first loss (char-rnn's guard); 0 = off.</summary>
    public double ExplodeFactor { get; init; } = 3;
    /// <summary>
    /// For a classification head, each class's weight in the training loss (torch's CrossEntropyLoss(weight=), Keras's
    /// class_weight): Σ w[target]·(−log p[target]) / Σ w[target]; null (the default): the plain mean. Validation scores
    /// stay unweighted.
    /// </summary>
    public IReadOnlyList<double>? ClassWeights { get; init; }
    /// <summary>What a validation must improve to give a new best model (and reset the patience): the loss (the default) or the accuracy.</summary>
    public BestModelMetric SelectBy { get; init; } = BestModelMetric.Loss;
    /// <summary>Stop once a validation's accuracy reaches this fraction; null = never.</summary>
    public double? TargetAccuracy { get; init; }
    /// <summary>
    /// Stop (validating and saving first) once a run has trained this many minutes since it started or resumed; 0 = no
    /// limit. The run resumes exactly from where it stopped; the validation at the stop counts toward the best model and
    /// the patience as any other, so a run stopped by time is not the same as one that ran on.
    /// </summary>
    public double Minutes { get; init; }

    /// <summary>
    /// The decay of an exponential moving average of the weights that validation, the best model and the saved model
    /// use (torch's AveragedModel with an EMA; 0.999 is typical); 0, the default: no average.
    /// </summary>
    public double EmaDecay { get; init; }

    /// <summary>
    /// The step from which stochastic weight averaging takes the mean of the weights after every step, for validation,
    /// the best model and the saved model; 0, the default: none. Not with <see cref="EmaDecay"/>.
    /// </summary>
    public long SwaStart { get; init; }

    /// <summary>
    /// Variational (locked) dropout: the model's dropout masks drawn once per sequence and unit and kept at every step of
    /// a window (AWD-LSTM's LockedDropout), instead of afresh at every step. Needs a model with dropout.
    /// </summary>
    public bool LockedDropout { get; init; }

    /// <summary>Weight drop: the probability of dropping each weight of every weight_hh for a step (DropConnect); 0: none.</summary>
    public double WeightDrop { get; init; }

    /// <summary>Embedding dropout: the probability of dropping each token's input weights for a step; 0: none. Token inputs only.</summary>
    public double EmbeddingDropout { get; init; }

    /// <summary>AR: α of the penalty α·mean(h²) on the top layer's output as the head reads it (AWD-LSTM: 2); 0: none.</summary>
    public double ActivationPenalty { get; init; }

    /// <summary>TAR: β of the penalty β·mean((h(t) − h(t−1))²) on the top layer's output before dropout (AWD-LSTM: 1); 0: none.</summary>
    public double TemporalPenalty { get; init; }

    /// <summary>Whether the run keeps an averaged copy of the weights (EMA or SWA).</summary>
    public bool AveragesWeights => EmaDecay > 0 || SwaStart > 0;

    /// <summary>The learning rate in force before the schedule's factor.</summary>
    public double EffectiveLearningRate => LearningRate ?? Optimizer.DefaultLearningRate();

    /// <summary>Throws if a value is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count, rate, factor or limit is out of range.</exception>
    public TrainingOptions Validated()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Steps);
        ArgumentOutOfRangeException.ThrowIfNegative(EvalEvery);
        ArgumentOutOfRangeException.ThrowIfNegative(Patience);
        if (!(EffectiveLearningRate > 0) || double.IsInfinity(EffectiveLearningRate))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be a positive number.");
        if (!(Momentum >= 0 && Momentum < 1))
            throw new ArgumentOutOfRangeException(nameof(Momentum), Momentum, "The momentum must be in [0, 1).");
        if (WeightDecay is double decay && !(decay >= 0 && double.IsFinite(decay)))
            throw new ArgumentOutOfRangeException(nameof(WeightDecay), decay, "The weight decay must be a finite number of at least 0.");
        if (!(Clip >= 0) || double.IsInfinity(Clip))
            throw new ArgumentOutOfRangeException(nameof(Clip), Clip, "The clip must be a finite number of at least 0.");
        if (!(ExplodeFactor >= 0) || double.IsInfinity(ExplodeFactor))
            throw new ArgumentOutOfRangeException(nameof(ExplodeFactor), ExplodeFactor, "The explosion factor must be a finite number of at least 0.");
        if (TargetAccuracy is double target && !(target > 0 && double.IsFinite(target)))
            throw new ArgumentOutOfRangeException(nameof(TargetAccuracy), target, "The target accuracy must be a positive fraction.");
        if (ClassWeights is { } weights && (weights.Count == 0 || weights.Any(w => !(w > 0 && double.IsFinite(w)))))
            throw new ArgumentOutOfRangeException(nameof(ClassWeights), "Class weights must be finite positive numbers, one per class.");
        if (!Enum.IsDefined(SelectBy))
            throw new ArgumentOutOfRangeException(nameof(SelectBy), SelectBy, "Unknown metric.");
        if (!(WeightDrop >= 0 && WeightDrop < 1))
            throw new ArgumentOutOfRangeException(nameof(WeightDrop), WeightDrop, "The weight drop must be in [0, 1).");
        if (!(EmbeddingDropout >= 0 && EmbeddingDropout < 1))
            throw new ArgumentOutOfRangeException(nameof(EmbeddingDropout), EmbeddingDropout, "The embedding dropout must be in [0, 1).");
        if (!(ActivationPenalty >= 0 && double.IsFinite(ActivationPenalty)))
            throw new ArgumentOutOfRangeException(nameof(ActivationPenalty), ActivationPenalty, "The AR penalty must be a finite number of at least 0.");
        if (!(TemporalPenalty >= 0 && double.IsFinite(TemporalPenalty)))
            throw new ArgumentOutOfRangeException(nameof(TemporalPenalty), TemporalPenalty, "The TAR penalty must be a finite number of at least 0.");
        if (!(EmaDecay >= 0 && EmaDecay < 1))
            throw new ArgumentOutOfRangeException(nameof(EmaDecay), EmaDecay, "The EMA decay must be in (0, 1), or 0 for none.");
        ArgumentOutOfRangeException.ThrowIfNegative(SwaStart);
        if (EmaDecay > 0 && SwaStart > 0)
            throw new ArgumentOutOfRangeException(nameof(SwaStart), SwaStart, "Average the weights by emaDecay or from swaStart, not both.");
        if (!(Minutes >= 0) || double.IsInfinity(Minutes))
            throw new ArgumentOutOfRangeException(nameof(Minutes), Minutes, "The time limit must be a finite number of minutes, at least 0.");
        return this;
    }

    /// <summary>The settings that define the run, as checkpoint metadata (prefix "train.").</summary>
    public Dictionary<string, string> ToMetadata()
    {
        var metadata = new Dictionary<string, string>
        {
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
        if (TargetAccuracy is double target)
            metadata["train.target_accuracy"] = Invariant(target);
        if (Minutes > 0)
            metadata["train.minutes"] = Invariant(Minutes);
        if (SelectBy == BestModelMetric.Accuracy)
            metadata["train.select_by"] = "accuracy";
        if (ClassWeights is { } weights)
            metadata["train.class_weights"] = string.Join(" ", weights.Select(w => Invariant(w)));
        if (LockedDropout)
            metadata["train.locked_dropout"] = "true";
        if (WeightDrop > 0)
            metadata["train.weight_drop"] = Invariant(WeightDrop);
        if (EmbeddingDropout > 0)
            metadata["train.embed_dropout"] = Invariant(EmbeddingDropout);
        if (ActivationPenalty > 0)
            metadata["train.ar"] = Invariant(ActivationPenalty);
        if (TemporalPenalty > 0)
            metadata["train.tar"] = Invariant(TemporalPenalty);
        if (EmaDecay > 0)
            metadata["train.ema_decay"] = Invariant(EmaDecay);
        if (SwaStart > 0)
            metadata["train.swa_start"] = Invariant(SwaStart);
        return metadata;
    }

    /// <summary>Every key <see cref="ToMetadata"/> may write, whatever the values.</summary>
    public static IReadOnlySet<string> MetadataKeys { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "train.steps", "train.optimizer", "train.lr", "train.momentum", "train.weight_decay", "train.schedule", "train.clip", "train.seed",
        "train.eval_every", "train.patience", "train.explode_factor", "train.target_accuracy", "train.minutes", "train.select_by",
        "train.class_weights", "train.ema_decay", "train.swa_start", "train.locked_dropout", "train.weight_drop", "train.embed_dropout", "train.ar", "train.tar",
    };

    /// <summary>Options read back from a checkpoint's metadata ("train." keys).</summary>
    /// <exception cref="FormatException">A key is missing or malformed.</exception>
    public static TrainingOptions FromMetadata(IReadOnlyDictionary<string, string> m)
    {
        string Get(string key) => m.TryGetValue(key, out var value) ? value : throw new FormatException($"no \"{key}\"");
        int Int(string key) => int.Parse(Get(key), CultureInfo.InvariantCulture);
        long Long(string key) => long.Parse(Get(key), CultureInfo.InvariantCulture);
        double Double(string key) => double.Parse(Get(key), CultureInfo.InvariantCulture);
        if (!OptimizerKinds.TryParse(Get("train.optimizer"), out var optimizer))
            throw new FormatException("unknown optimizer");
        return new TrainingOptions
        {
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
            TargetAccuracy = m.ContainsKey("train.target_accuracy") ? Double("train.target_accuracy") : null,
            Minutes = m.ContainsKey("train.minutes") ? Double("train.minutes") : 0,
            ClassWeights = m.TryGetValue("train.class_weights", out var weights)
                ? [.. weights.Split(' ').Select(w => double.Parse(w, CultureInfo.InvariantCulture))] : null,
            EmaDecay = m.ContainsKey("train.ema_decay") ? Double("train.ema_decay") : 0,
            LockedDropout = m.TryGetValue("train.locked_dropout", out var locked)
                && (locked == "true" ? true : throw new FormatException($"train.locked_dropout is \"{locked}\", not true")),
            WeightDrop = m.ContainsKey("train.weight_drop") ? Double("train.weight_drop") : 0,
            ActivationPenalty = m.ContainsKey("train.ar") ? Double("train.ar") : 0,
            TemporalPenalty = m.ContainsKey("train.tar") ? Double("train.tar") : 0,
            EmbeddingDropout = m.ContainsKey("train.embed_dropout") ? Double("train.embed_dropout") : 0,
            SwaStart = m.ContainsKey("train.swa_start") ? Long("train.swa_start") : 0,
            SelectBy = !m.TryGetValue("train.select_by", out var selectBy) ? BestModelMetric.Loss
                : selectBy == "accuracy" ? BestModelMetric.Accuracy : throw new FormatException($"unknown train.select_by \"{selectBy}\""),
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

    internal static string Invariant(IFormattable value) => value.ToString(value is double ? "R" : null, CultureInfo.InvariantCulture);
}
