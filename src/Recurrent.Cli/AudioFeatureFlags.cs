// The options of `speech train` that say how audio becomes features (the library's AudioFeatureSettings): the rate
// every file is resampled to, MFCC or log mel, and each setting of the analysis, defaulting to AudioFeatureSettings.For
// at that rate. The model file keeps what they give, so eval and predict compute features as training did.
using System.CommandLine;
using System.Numerics;
using Recurrent.Audio;

namespace Recurrent.Cli;

internal sealed class AudioFeatureFlags
{
    public Option<int> Rate { get; } = new("--sample-rate") { Description = "The rate every file is resampled to before its features", DefaultValueFactory = _ => 8000 };
    public Option<string> Kind { get; } = new("--features") { Description = "mfcc (cepstral coefficients) or logmel (log mel energies), each with deltas", DefaultValueFactory = _ => "mfcc" };
    public Option<double> FrameMs { get; } = new("--frame-ms") { Description = "Frame length in ms", DefaultValueFactory = _ => 25 };
    public Option<double> HopMs { get; } = new("--hop-ms") { Description = "Hop between frames in ms", DefaultValueFactory = _ => 10 };
    public Option<double> PreEmphasis { get; } = new("--pre-emphasis") { Description = "Pre-emphasis a in y[n] = x[n] - a x[n-1]; 0 = off", DefaultValueFactory = _ => 0.97 };
    public Option<int?> FftSize { get; } = new("--fft-size") { Description = "DFT size, a power of two (default: the next one no shorter than a frame)" };
    public Option<int> MelFilters { get; } = new("--mel-filters") { Description = "Triangular mel filters", DefaultValueFactory = _ => 40 };
    public Option<double> LowHz { get; } = new("--low-hz") { Description = "Lower edge of the first mel filter in Hz", DefaultValueFactory = _ => 0 };
    public Option<double?> HighHz { get; } = new("--high-hz") { Description = "Upper edge of the last mel filter in Hz (default: half the sample rate)" };
    public Option<int> Coefficients { get; } = new("--coefficients") { Description = "mfcc: cepstral coefficients kept, c0 included", DefaultValueFactory = _ => 13 };
    public Option<bool> NoDeltas { get; } = new("--no-deltas") { Description = "Rows without the deltas and delta-deltas" };
    public Option<double> FloorDb { get; } = new("--floor-db") { Description = "Floor each log mel energy this many dB below the word's loudest (silence then reads the same for every microphone); 0 = off", DefaultValueFactory = _ => 0 };
    public Option<string> Normalize { get; } = new("--normalize") { Description = "Standardise each word's features by its own statistics (utterance) or by those of all its speaker's words (speaker: speech predict then wants --speaker-audio)", DefaultValueFactory = _ => "utterance" };
    public Option<double> TrimDb { get; } = new("--trim-db") { Description = "Drop each file's leading and trailing frames quieter than its loudest by more than this many dB; 0 = off", DefaultValueFactory = _ => 0 };

    /// <summary>Every option, in help order.</summary>
    public Option[] All => [Rate, Kind, FrameMs, HopMs, PreEmphasis, FftSize, MelFilters, LowHz, HighHz, Coefficients, NoDeltas, TrimDb, FloorDb, Normalize];

    /// <summary>The settings the options ask for, checked (the library's refusals name these flags).</summary>
    /// <exception cref="UsageException">--features is neither mfcc nor logmel, --normalize neither utterance nor speaker, or --coefficients is given with logmel.</exception>
    public AudioFeatureSettings Read(ParseResult parsed)
    {
        var kind = parsed.GetValue(Kind)!.ToLowerInvariant() switch
        {
            "mfcc" => AudioFeatureKind.Mfcc,
            "logmel" => AudioFeatureKind.LogMel,
            var other => throw new UsageException($"--features must be mfcc or logmel (got '{other}')."),
        };
        var normalization = parsed.GetValue(Normalize)!.ToLowerInvariant() switch
        {
            "utterance" => FeatureNormalization.Utterance,
            "speaker" => FeatureNormalization.Speaker,
            var other => throw new UsageException($"--normalize must be utterance or speaker (got '{other}')."),
        };
        if (kind == AudioFeatureKind.LogMel && parsed.GetResult(Coefficients) is { Implicit: false })
            throw new UsageException("--coefficients applies to --features mfcc; logmel rows hold one value per mel filter.");
        int rate = OptionChecks.AtLeast("--sample-rate", parsed.GetValue(Rate), 1000);
        var settings = AudioFeatureSettings.For(rate) with
        {
            Kind = kind,
            FrameMs = parsed.GetValue(FrameMs),
            HopMs = parsed.GetValue(HopMs),
            PreEmphasis = parsed.GetValue(PreEmphasis),
            MelFilters = parsed.GetValue(MelFilters),
            LowHz = parsed.GetValue(LowHz),
            HighHz = parsed.GetValue(HighHz) ?? rate / 2.0,
            Coefficients = parsed.GetValue(Coefficients),
            Deltas = !parsed.GetValue(NoDeltas),
            TrimDb = parsed.GetValue(TrimDb),
            FloorDb = parsed.GetValue(FloorDb),
            Normalization = normalization,
        };
        int frame = Math.Clamp(settings.FrameLength, 2, 1 << 20);
        return (settings with { FftSize = parsed.GetValue(FftSize) ?? (int)BitOperations.RoundUpToPowerOf2((uint)frame) }).Validated();
    }
}
