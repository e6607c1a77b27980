// The benchmark's command line. Every option has a default; --quick shrinks them for a smoke run.
using System.Globalization;

namespace Recurrent.Bench;

internal sealed record BenchOptions
{
    public const string Usage = """
        Recurrent.Bench: tokens/s (sequences/s for --workload packed) of Recurrent and TorchSharp on the same models,
        alternating A B A B in one process; or (--workload speech) Recurrent's latency per spoken word.
        Usage: dotnet run -c Release --project bench/Recurrent.Bench -- [options]
          --configs LIST    lstm-1x128,lstm-2x256,lstm-2x512,gru-2x512,rnn-2x512 (default: all of them; 'all')
          --modes LIST      train,generate,infer (default: all)
          --threads LIST    thread counts, e.g. 1,2 (default: 1,2)
          --seconds S       length of one timed round per side (default: 3)
          --rounds N        timed rounds per side; the median is reported (default: 3)
          --csv FILE        also write the throughput CSV to FILE and peak memory to FILE's name + .memory.csv
          --no-memory       skip the peak-memory child processes
          --batch B --seq-len T --vocab V   data shape (default: 32, 64, 65)
          --workload NAME   standard (issue 4: the above, tokens/s), packed (issue 14: a bidirectional classifier over
                            sequences of mixed lengths, sequences/s; configs default to lstm-2x256, modes to train,infer;
                            no memory probe) or speech (issue 15: ms to recognise one WAV word as `speech predict` does,
                            median and 95th percentile; bidirectional classifiers with mean pooling over 39 MFCC features,
                            configs default to gru-1x64,gru-2x128; no modes, no TorchSharp, no memory probe)
          --sequences N     packed: sequences in a pass, cut into floor(N/B) batches (default: 512)
          --lengths MIN-MAX packed: the range the lengths are drawn from, uniformly (default: 5-200)
          --data FOLDER     speech: the WAV files (default: ../shared/data/spoken-digits; skipped when that is absent)
          --model FILE      speech: time this model of `recurrent speech train` instead of the configs (trained here, 30 steps)
          --words N         speech: time N of the files, evenly spaced in name order (default: all)
          --quantize BITS   standard workload: Recurrent's generate and infer models with 8- or 16-bit weights
                            (ModelQuantization, as `recurrent quantize` writes them); TorchSharp stays float32
          --quick           smoke run: lstm-1x128 unless --configs is given, 0.3 s rounds, 2 rounds; packed: 128 sequences;
                            speech: gru-1x64 and 200 words
          --help            this text
        """;

    public IReadOnlyList<BenchConfig> Configs { get; init; } = BenchConfig.Standard;
    public IReadOnlyList<BenchMode> Modes { get; init; } = Enum.GetValues<BenchMode>();
    public IReadOnlyList<int> Threads { get; init; } = [1, 2];
    public double Seconds { get; init; } = 3;
    public int Rounds { get; init; } = 3;
    public string? Csv { get; init; }
    public bool Memory { get; init; } = true;
    public BenchShape Shape { get; init; } = new(32, 64, 65);
    public bool Quick { get; init; }
    public BenchWorkload Workload { get; init; }
    public int Sequences { get; init; } = 512;
    public int MinLength { get; init; } = 5;
    public int MaxLength { get; init; } = 200;

    /// <summary>The speech workload's folder of WAV files; null: the shared spoken digits, skipped when absent.</summary>
    public string? SpeechData { get; init; }

    /// <summary>The speech workload's model file, timed instead of the configs; null: models trained in process.</summary>
    public string? SpeechModel { get; init; }

    /// <summary>The speech workload's words timed (0: every file).</summary>
    public int Words { get; init; }

    /// <summary>The packed workload's data: --batch, --vocab, --sequences and --lengths.</summary>
    public PackedShape Packed => new(Shape.Batch, Sequences, MinLength, MaxLength, Shape.Vocabulary);
    public bool Help { get; init; }

    /// <summary>--quantize: 8 or 16 for Recurrent's generate and infer models with quantized weights; 0 for float32.</summary>
    public int Quantize { get; init; }

    /// <summary>Set in a memory-probe child process: the side it runs ("recurrent" or "torchsharp").</summary>
    public string? Probe { get; init; }

    /// <summary>Warm-up per side before the timed rounds: long enough for tiered JIT to settle.</summary>
    public double WarmupSeconds => Quick ? 0.3 : Math.Max(0.5, Seconds / 2);

    /// <exception cref="BenchUsageException">An unknown option or a bad value.</exception>
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        bool configsGiven = false, modesGiven = false, secondsGiven = false, roundsGiven = false, sequencesGiven = false;
        var speechOnly = new List<string>();
        for (int k = 0; k < args.Length; k++)
        {
            string name = args[k];
            string Value() => ++k < args.Length ? args[k] : throw new BenchUsageException($"{name} needs a value.");
            switch (name)
            {
                case "--configs": options = options with { Configs = ParseConfigs(Value()) }; configsGiven = true; break;
                case "--modes": options = options with { Modes = List(name, Value(), ParseMode) }; modesGiven = true; break;
                case "--quantize":
                    options = options with
                    {
                        Quantize = Value() switch
                        {
                            "8" => 8,
                            "16" => 16,
                            var other => throw new BenchUsageException($"--quantize: '{other}' is not 8 or 16."),
                        },
                    };
                    break;
                case "--threads": options = options with { Threads = List(name, Value(), t => Int(name, t, 1)) }; break;
                case "--seconds": options = options with { Seconds = Positive(name, Value()) }; secondsGiven = true; break;
                case "--rounds": options = options with { Rounds = Int(name, Value(), 1) }; roundsGiven = true; break;
                case "--csv": options = options with { Csv = Value() }; break;
                case "--no-memory": options = options with { Memory = false }; break;
                case "--batch": options = options with { Shape = options.Shape with { Batch = Int(name, Value(), 1) } }; break;
                case "--seq-len": options = options with { Shape = options.Shape with { Steps = Int(name, Value(), 1) } }; break;
                case "--vocab": options = options with { Shape = options.Shape with { Vocabulary = Int(name, Value(), 2) } }; break;
                case "--workload": options = options with { Workload = ParseWorkload(Value()) }; break;
                case "--sequences": options = options with { Sequences = Int(name, Value(), 1) }; sequencesGiven = true; break;
                case "--lengths":
                    var (min, max) = ParseLengths(Value());
                    options = options with { MinLength = min, MaxLength = max };
                    break;
                case "--data": options = options with { SpeechData = Value() }; speechOnly.Add(name); break;
                case "--model": options = options with { SpeechModel = Value() }; speechOnly.Add(name); break;
                case "--words": options = options with { Words = Int(name, Value(), 1) }; speechOnly.Add(name); break;
                case "--quick": options = options with { Quick = true }; break;
                case "--probe": options = options with { Probe = ParseSide(Value()) }; break;
                case "--help" or "-h": options = options with { Help = true }; break;
                default: throw new BenchUsageException($"unknown option '{name}' (see --help).");
            }
        }
        if (options.Workload == BenchWorkload.Speech)
            return ForSpeech(options, configsGiven, modesGiven);
        if (speechOnly.Count > 0)
            throw new BenchUsageException($"{speechOnly[0]} is for the speech workload (--workload speech).");
        if (options.Quick)
            options = options with
            {
                Configs = configsGiven ? options.Configs : [new BenchConfig("lstm", 1, 128)],
                Seconds = secondsGiven ? options.Seconds : 0.3,
                Rounds = roundsGiven ? options.Rounds : 2,
                Sequences = sequencesGiven || options.Workload != BenchWorkload.Packed ? options.Sequences : 128,
            };
        if (options.Quantize > 0 && (options.Workload != BenchWorkload.Standard || options.Modes.Contains(BenchMode.Train)))
        {
            if (options.Workload != BenchWorkload.Standard)
                throw new BenchUsageException("--quantize times the standard workload's generate and infer modes.");
            if (modesGiven)
                throw new BenchUsageException("--quantize: a quantized model does not train; give --modes generate,infer.");
            options = options with { Modes = [BenchMode.Generate, BenchMode.Infer] };
        }
        return options.Workload == BenchWorkload.Packed ? ForPacked(options, configsGiven, modesGiven) : options;
    }

    /// <summary>The packed workload's defaults (issue 14's LSTM 2x256; train and infer) and its refusals.</summary>
    private static BenchOptions ForPacked(BenchOptions options, bool configsGiven, bool modesGiven)
    {
        if (options.Modes.Contains(BenchMode.Generate) && modesGiven)
            throw new BenchUsageException("--modes: the packed workload trains and infers; it has no generate mode.");
        if (options.Sequences < options.Shape.Batch)
            throw new BenchUsageException($"--sequences: {options.Sequences} sequences make no batch of {options.Shape.Batch}.");
        return options with
        {
            Configs = configsGiven ? options.Configs : [new BenchConfig("lstm", 2, 256)],
            Modes = modesGiven ? options.Modes : [BenchMode.Train, BenchMode.Infer],
            Memory = false,
        };
    }

    /// <summary>
    /// The speech workload's defaults (issue 15's model, `speech train --bidirectional`, and one twice as deep and wide)
    /// and its refusals.
    /// </summary>
    private static BenchOptions ForSpeech(BenchOptions options, bool configsGiven, bool modesGiven)
    {
        if (modesGiven)
            throw new BenchUsageException("--modes: the speech workload times prediction only; it has no modes.");
        if (configsGiven && options.SpeechModel is not null)
            throw new BenchUsageException("--configs and --model cannot be given together: --model times that model instead of the configs.");
        return options with
        {
            Configs = configsGiven ? options.Configs : options.Quick ? [new BenchConfig("gru", 1, 64)] : [new BenchConfig("gru", 1, 64), new BenchConfig("gru", 2, 128)],
            Words = options.Words == 0 && options.Quick ? 200 : options.Words,
            Memory = false,
        };
    }

    /// <summary>The arguments that make a child process probe one side, one config, one mode at one thread count.</summary>
    public string[] ProbeArguments(string side, string config, BenchMode mode, int threads) =>
    [
        "--probe", side, "--configs", config, "--modes", mode.ToName(), "--threads", threads.ToString(CultureInfo.InvariantCulture),
        "--seconds", Math.Min(Seconds, 1.0).ToString("R", CultureInfo.InvariantCulture),
        "--batch", Shape.Batch.ToString(CultureInfo.InvariantCulture), "--seq-len", Shape.Steps.ToString(CultureInfo.InvariantCulture),
        "--vocab", Shape.Vocabulary.ToString(CultureInfo.InvariantCulture),
        .. (Quantize > 0 ? new[] { "--quantize", Quantize.ToString(CultureInfo.InvariantCulture) } : []),
    ];

    private static IReadOnlyList<BenchConfig> ParseConfigs(string text)
    {
        if (text.Equals("all", StringComparison.OrdinalIgnoreCase))
            return BenchConfig.Standard;
        if (text.Equals(MemoryProbe.Baseline, StringComparison.OrdinalIgnoreCase))
            return [MemoryProbe.BaselineConfig];
        return List("--configs", text, item => BenchConfig.TryParse(item, out var config) ? config
            : throw new BenchUsageException($"--configs: '{item}' is not CELL-LxH with CELL lstm, rnn or gru (e.g. lstm-2x512)."));
    }

    private static BenchWorkload ParseWorkload(string text) =>
        BenchWorkloads.TryParse(text, out var workload) ? workload : throw new BenchUsageException($"--workload: '{text}' is not standard, packed or speech.");

    private static (int Min, int Max) ParseLengths(string text)
    {
        string[] parts = text.Split('-');
        int min = parts.Length == 2 ? Int("--lengths", parts[0], 1) : 0, max = parts.Length == 2 ? Int("--lengths", parts[1], 1) : 0;
        return parts.Length == 2 && min <= max ? (min, max)
            : throw new BenchUsageException($"--lengths must be MIN-MAX with 1 <= MIN <= MAX (got '{text}').");
    }

    private static BenchMode ParseMode(string text) =>
        BenchModes.TryParse(text, out var mode) ? mode : throw new BenchUsageException($"--modes: '{text}' is not train, generate or infer.");

    private static string ParseSide(string text) =>
        text is "recurrent" or "torchsharp" ? text : throw new BenchUsageException($"--probe: '{text}' is not recurrent or torchsharp.");

    private static IReadOnlyList<T> List<T>(string option, string text, Func<string, T> parse)
    {
        var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(parse).Distinct().ToArray();
        return items.Length > 0 ? items : throw new BenchUsageException($"{option} needs at least one value.");
    }

    private static int Int(string option, string text, int minimum) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= minimum ? value
            : throw new BenchUsageException($"{option} must be an integer of at least {minimum} (got '{text}').");

    private static double Positive(string option, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value) && value > 0
            ? value : throw new BenchUsageException($"{option} must be a positive number of seconds (got '{text}').");
}
