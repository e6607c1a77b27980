// How audio becomes features, all of it: the same settings compute the features in training and in prediction, so
// they are saved with a model (ToJson, FromJson). Lengths are in milliseconds and become samples at SampleRate.
// Refusals name the setting in the message and list it as the exception's parameter, which the command line says as its flag.
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Recurrent.Audio;

/// <summary>The settings of <see cref="AudioFeatures.Compute"/>; <see cref="For"/> gives the defaults at a sample rate.</summary>
public sealed record AudioFeatureSettings
{
    /// <summary>MFCCs (the default) or log mel energies.</summary>
    public AudioFeatureKind Kind { get; init; } = AudioFeatureKind.Mfcc;

    /// <summary>The sample rate the features are computed at; audio at another rate is resampled to it first.</summary>
    public int SampleRate { get; init; } = 16000;

    /// <summary>The frame length in milliseconds (25).</summary>
    public double FrameMs { get; init; } = 25;

    /// <summary>The hop between frame starts in milliseconds (10).</summary>
    public double HopMs { get; init; } = 10;

    /// <summary>a in y[n] = x[n] − a·x[n−1] (0.97); 0 turns pre-emphasis off.</summary>
    public double PreEmphasis { get; init; } = 0.97;

    /// <summary>The window: "hamming" (symmetric, 0.54 − 0.46·cos(2πn/(N−1))), the only one so far.</summary>
    public string Window { get; init; } = "hamming";

    /// <summary>The DFT size, a power of two no shorter than a frame (512 at 16 kHz, 256 at 8 kHz).</summary>
    public int FftSize { get; init; } = 512;

    /// <summary>M, the triangular mel filters (40).</summary>
    public int MelFilters { get; init; } = 40;

    /// <summary>The lower edge of the first mel filter in Hz (0).</summary>
    public double LowHz { get; init; }

    /// <summary>The upper edge of the last mel filter in Hz (the Nyquist frequency, SampleRate / 2).</summary>
    public double HighHz { get; init; } = 8000;

    /// <summary>C, the cepstral coefficients kept for MFCCs, c0 included (13).</summary>
    public int Coefficients { get; init; } = 13;

    /// <summary>Whether each row also holds the deltas and delta-deltas (true): [c, Δc, ΔΔc].</summary>
    public bool Deltas { get; init; } = true;

    /// <summary>
    /// Silence trimming before the features (0, off): the leading and trailing frames whose mean square is more than
    /// TrimDb below the loudest frame's are dropped from the samples (AudioFeatures.Trimmed), in training and prediction.
    /// </summary>
    public double TrimDb { get; init; }

    /// <summary>
    /// A floor under the log mel energies (0, off): none is kept more than FloorDb below the word's loudest, so that
    /// silence reads the same whatever a recording's noise floor (librosa's top_db).
    /// </summary>
    public double FloorDb { get; init; }

    /// <summary>
    /// Whose statistics standardise a word's feature columns: the word's own (the default) or its speaker's, over all the
    /// speaker's words (<see cref="FeatureNormalization"/>).
    /// </summary>
    public FeatureNormalization Normalization { get; init; } = FeatureNormalization.Utterance;

    /// <summary>The defaults at <paramref name="sampleRate"/>: 25 ms frames every 10 ms, the FFT size the next power of two, filters up to Nyquist.</summary>
    public static AudioFeatureSettings For(int sampleRate)
    {
        if (sampleRate <= 0)
            throw new RecurrentException($"A sample rate must be positive, not {sampleRate}.");
        var settings = new AudioFeatureSettings { SampleRate = sampleRate, HighHz = sampleRate / 2.0 };
        return settings with { FftSize = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(2, settings.FrameLength)) };
    }

    /// <summary>N, the samples of a frame: floor(SampleRate · FrameMs / 1000 + ½).</summary>
    public int FrameLength => Samples(FrameMs);

    /// <summary>H, the samples between frame starts: floor(SampleRate · HopMs / 1000 + ½).</summary>
    public int Hop => Samples(HopMs);

    /// <summary>The static values of a row: C cepstral coefficients (MFCC) or M mel energies (log mel).</summary>
    public int Channels => Kind == AudioFeatureKind.Mfcc ? Coefficients : MelFilters;

    /// <summary>F, the values of a row: <see cref="Channels"/>, times 3 with deltas.</summary>
    public int Width => Channels * (Deltas ? 3 : 1);

    private int Samples(double ms) => (int)Math.Clamp(Math.Floor(SampleRate * ms / 1000 + 0.5), 0, int.MaxValue);

    /// <summary>These settings, checked.</summary>
    /// <exception cref="RecurrentException">A setting is out of range; the message names it.</exception>
    public AudioFeatureSettings Validated()
    {
        if (SampleRate <= 0)
            throw new RecurrentException($"The sample rate must be positive, not {SampleRate}.");
        if (!double.IsFinite(FrameMs) || FrameLength < 2 || FrameLength > 1 << 20)
            throw new RecurrentException($"frameMs {FrameMs} gives frames of {FrameLength} samples at {SampleRate} Hz; 2 to 1,048,576 are allowed.", "frameMs");
        if (!double.IsFinite(HopMs) || Hop < 1 || Hop > 1 << 20)
            throw new RecurrentException($"hopMs {HopMs} gives a hop of {Hop} samples at {SampleRate} Hz; 1 to 1,048,576 are allowed.", "hopMs");
        if (!(PreEmphasis >= 0 && PreEmphasis < 1))
            throw new RecurrentException($"preEmphasis must be in [0, 1), not {PreEmphasis}.", "preEmphasis");
        if (Window != "hamming")
            throw new RecurrentException($"The window '{Window}' is not known; the only window is 'hamming'.");
        if (FftSize < FrameLength || !BitOperations.IsPow2(FftSize) || FftSize > 1 << 21)
            throw new RecurrentException($"fftSize must be a power of two no shorter than a frame ({FrameLength} samples), not {FftSize}.", "fftSize");
        if (MelFilters < 1 || MelFilters > FftSize / 2)
            throw new RecurrentException($"melFilters must be 1 to {FftSize / 2} (half the FFT size), not {MelFilters}.", "melFilters");
        if (!(LowHz >= 0 && LowHz < HighHz && HighHz <= SampleRate / 2.0))
            throw new RecurrentException($"The mel filters must lie in 0 <= lowHz < highHz <= {SampleRate / 2.0} (Nyquist), not {LowHz} to {HighHz}.", "lowHz", "highHz");
        if (Kind == AudioFeatureKind.Mfcc && (Coefficients < 1 || Coefficients > MelFilters))
            throw new RecurrentException($"coefficients must be 1 to melFilters ({MelFilters}), not {Coefficients}.", "coefficients", "melFilters");
        if (!(TrimDb >= 0 && TrimDb <= 200))
            throw new RecurrentException($"trimDb must be 0 (off) to 200, not {TrimDb}.", "trimDb");
        if (!(FloorDb >= 0 && FloorDb <= 1000))
            throw new RecurrentException($"floorDb must be 0 (off) to 1000, not {FloorDb}.", "floorDb");
        if (!Enum.IsDefined(Normalization))
            throw new RecurrentException($"The normalisation {(int)Normalization} is not known.", "normalization");
        if (!Enum.IsDefined(Kind))
            throw new RecurrentException($"The feature kind {(int)Kind} is not known.");
        return this;
    }

    /// <summary>The settings as a JSON object (camelCase keys, kind "mfcc" or "logmel"), as saved in a model file's metadata.</summary>
    public JsonObject ToJson() => new()
    {
        ["kind"] = Kind == AudioFeatureKind.Mfcc ? "mfcc" : "logmel",
        ["sampleRate"] = SampleRate,
        ["frameMs"] = FrameMs,
        ["hopMs"] = HopMs,
        ["preEmphasis"] = PreEmphasis,
        ["window"] = Window,
        ["fftSize"] = FftSize,
        ["melFilters"] = MelFilters,
        ["lowHz"] = LowHz,
        ["highHz"] = HighHz,
        ["coefficients"] = Coefficients,
        ["deltas"] = Deltas,
        ["trimDb"] = TrimDb,
        ["floorDb"] = FloorDb,
        ["normalization"] = Normalization == FeatureNormalization.Speaker ? "speaker" : "utterance",
    };

    /// <summary>Reads settings written by <see cref="ToJson"/>; every key is required but trimDb and floorDb (0 when absent: files written before them) and normalization ("utterance" when absent).</summary>
    /// <exception cref="RecurrentException">A key is missing or of the wrong type, or the settings are out of range; the message names <paramref name="source"/>.</exception>
    public static AudioFeatureSettings FromJson(JsonNode? node, string source)
    {
        if (node is not JsonObject json)
            throw new RecurrentException($"{source}: the audio feature settings are not a JSON object.");
        var saved = new SettingsJson(json, source, "audio feature settings");
        string kind = saved.Get<string>("kind");
        string normalization = saved.Get("normalization", "utterance");
        var settings = new AudioFeatureSettings
        {
            Kind = kind switch
            {
                "mfcc" => AudioFeatureKind.Mfcc,
                "logmel" => AudioFeatureKind.LogMel,
                _ => throw new RecurrentException($"{source}: the audio feature kind '{kind}' is not 'mfcc' or 'logmel'."),
            },
            SampleRate = saved.Get<int>("sampleRate"),
            FrameMs = saved.Get<double>("frameMs"),
            HopMs = saved.Get<double>("hopMs"),
            PreEmphasis = saved.Get<double>("preEmphasis"),
            Window = saved.Get<string>("window"),
            FftSize = saved.Get<int>("fftSize"),
            MelFilters = saved.Get<int>("melFilters"),
            LowHz = saved.Get<double>("lowHz"),
            HighHz = saved.Get<double>("highHz"),
            Coefficients = saved.Get<int>("coefficients"),
            Deltas = saved.Get<bool>("deltas"),
            TrimDb = saved.Get("trimDb", 0.0),
            FloorDb = saved.Get("floorDb", 0.0),
            Normalization = normalization switch
            {
                "utterance" => FeatureNormalization.Utterance,
                "speaker" => FeatureNormalization.Speaker,
                _ => throw new RecurrentException($"{source}: the feature normalisation '{normalization}' is not 'utterance' or 'speaker'."),
            },
        };
        try
        {
            return settings.Validated();
        }
        catch (RecurrentException e)
        {
            throw new RecurrentException($"{source}: {e.Message}", e);
        }
    }

    /// <summary>The settings in one line, for logs: "mfcc 13+Δ+ΔΔ, 40 mel 0-8000 Hz, 25/10 ms at 16000 Hz, fft 512".</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{(Kind == AudioFeatureKind.Mfcc ? $"mfcc {Coefficients}" : "logmel")}{(Deltas ? "+Δ+ΔΔ" : "")}, {MelFilters} mel {LowHz}-{HighHz} Hz, {FrameMs}/{HopMs} ms at {SampleRate} Hz, fft {FftSize}{(TrimDb > 0 ? $", silence trimmed at -{TrimDb} dB" : "")}{(FloorDb > 0 ? $", floor -{FloorDb} dB" : "")}{(Normalization == FeatureNormalization.Speaker ? ", normalised per speaker" : "")}");
}
