// The options of `speech train` that augment its training words (the library's AudioAugmentation), each with a
// default that is on: speaker independence is what a speech model is judged by, and measured on the spoken digits
// (docs/speech.md) each part's default helps a model on a voice it never heard. --no-augment turns them all off.
using System.CommandLine;
using System.Globalization;
using Recurrent.Audio;

namespace Recurrent.Cli;

internal sealed class AugmentationFlags
{
    /// <summary>The defaults of `speech train`.</summary>
    public static readonly AudioAugmentation Defaults = new()
    {
        Speed = 0.1,
        Tempo = 0,
        ShiftMs = 50,
        NoiseProbability = 0.5,
        NoiseSnrLowDb = 10,
        NoiseSnrHighDb = 30,
        TimeMasks = 2,
        TimeMaskFrames = 10,
        ChannelMasks = 2,
        ChannelMaskWidth = 3,
    };

    public Option<bool> Off { get; } = new("--no-augment") { Description = "Train on the words as they are: no speed change, shift, noise or masks" };
    public Option<double> Speed { get; } = Make("--speed", "Speed perturbation: each word plays at a speed uniform in [1-S, 1+S] (pitch and tempo together); 0 = off", Defaults.Speed);
    public Option<double> Tempo { get; } = Make("--tempo", "Tempo perturbation: each word's frames stretched to a tempo uniform in [1-T, 1+T], its pitch unchanged; 0 = off", Defaults.Tempo);
    public Option<double> ShiftMs { get; } = Make("--shift-ms", "Random time shift up to this many ms either way (silence prepended or the start dropped); 0 = off", Defaults.ShiftMs);
    public Option<double> Noise { get; } = Make("--noise", "The share of words that get white noise, 0 to 1; 0 = off", Defaults.NoiseProbability);
    public Option<string> Snr { get; } = new("--snr")
    {
        Description = "The noise's signal-to-noise ratio in dB, uniform between LOW,HIGH (or one value)",
        DefaultValueFactory = _ => string.Create(CultureInfo.InvariantCulture, $"{Defaults.NoiseSnrLowDb},{Defaults.NoiseSnrHighDb}"),
    };
    public Option<int> TimeMasks { get; } = Make("--time-masks", "SpecAugment time masks per word (runs of frames set to zero); 0 = off", Defaults.TimeMasks);
    public Option<int> TimeMaskFrames { get; } = Make("--time-mask-frames", "The widest time mask, in frames (10 ms each by default)", Defaults.TimeMaskFrames);
    public Option<int> ChannelMasks { get; } = Make("--channel-masks", "SpecAugment frequency masks per word (runs of coefficients or mel bands set to zero, with their deltas); 0 = off", Defaults.ChannelMasks);
    public Option<int> ChannelMaskWidth { get; } = Make("--channel-mask-width", "The widest frequency mask, in coefficients or mel bands", Defaults.ChannelMaskWidth);

    /// <summary>Every option, in help order.</summary>
    public Option[] All => [Off, Speed, Tempo, ShiftMs, Noise, Snr, TimeMasks, TimeMaskFrames, ChannelMasks, ChannelMaskWidth];

    /// <summary>The augmentation the options ask for (checked by the library when the data is prepared).</summary>
    /// <exception cref="UsageException">--no-augment with another of these options, or --snr not one or two numbers.</exception>
    public AudioAugmentation Read(ParseResult parsed)
    {
        if (parsed.GetValue(Off))
        {
            if (All.Skip(1).FirstOrDefault(o => parsed.GetResult(o) is { Implicit: false }) is { } given)
                throw new UsageException($"{given.Name} cannot be given with --no-augment.");
            return AudioAugmentation.None;
        }
        string[] snr = parsed.GetValue(Snr)!.Split(',', StringSplitOptions.TrimEntries);
        var bounds = snr.Select(text => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double db) ? db : double.NaN).ToArray();
        if (bounds.Length is not (1 or 2) || bounds.Any(double.IsNaN))
            throw new UsageException($"--snr takes a ratio in dB or LOW,HIGH (as 10,30), not '{parsed.GetValue(Snr)}'.");
        return new AudioAugmentation
        {
            Speed = parsed.GetValue(Speed),
            Tempo = parsed.GetValue(Tempo),
            ShiftMs = parsed.GetValue(ShiftMs),
            NoiseProbability = parsed.GetValue(Noise),
            NoiseSnrLowDb = bounds[0],
            NoiseSnrHighDb = bounds[^1],
            TimeMasks = parsed.GetValue(TimeMasks),
            TimeMaskFrames = parsed.GetValue(TimeMaskFrames),
            ChannelMasks = parsed.GetValue(ChannelMasks),
            ChannelMaskWidth = parsed.GetValue(ChannelMaskWidth),
        };
    }

    private static Option<T> Make<T>(string name, string description, T value) => new(name) { Description = description, DefaultValueFactory = _ => value };

}
