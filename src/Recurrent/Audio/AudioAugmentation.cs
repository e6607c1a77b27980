// What augmentation does to a training word before the model reads it, so that it learns the word rather than the
// few voices it hears: speed perturbation (the recording played faster or slower, which moves both its tempo and its
// pitch and formants, as a shorter or longer vocal tract would: Ko et al. 2015, Kaldi's 0.9/1.0/1.1), tempo
// perturbation (its feature rows stretched in time, the spectra unchanged: a slow speaker's words), a random shift
// in time, white noise at a random signal-to-noise ratio, and SpecAugment's masks (Park et al. 2019): runs of frames
// and of channels set to zero after normalisation. Every setting's zero turns its part off; None does nothing.
// Validation and test words are never augmented.
using System.Globalization;
using System.Text.Json.Nodes;

namespace Recurrent.Audio;

/// <summary>The random changes made to each training word, drawn afresh at every step (see <see cref="AugmentedWords"/>).</summary>
public sealed record AudioAugmentation
{
    /// <summary>No augmentation.</summary>
    public static AudioAugmentation None { get; } = new();

    /// <summary>s: the speed factor a is uniform in [1 − s, 1 + s]; the word becomes round(len / a) samples (0: off; at most 0.5).</summary>
    public double Speed { get; init; }

    /// <summary>
    /// τ: the tempo factor b is uniform in [1 − τ, 1 + τ]; the word's feature rows are stretched to round(T / b) frames,
    /// its pitch and spectra unchanged, so that a model cannot tell words apart by how slowly they are said (0: off; at most 0.5).
    /// </summary>
    public double Tempo { get; init; }

    /// <summary>The largest shift in milliseconds, uniform in [−ShiftMs, +ShiftMs]: a delay prepends silence, an advance drops the start (0: off).</summary>
    public double ShiftMs { get; init; }

    /// <summary>The chance that a word gets white Gaussian noise (0: off).</summary>
    public double NoiseProbability { get; init; }

    /// <summary>The lowest signal-to-noise ratio of the noise, in dB (the word's mean power over the noise's).</summary>
    public double NoiseSnrLowDb { get; init; } = 10;

    /// <summary>The highest signal-to-noise ratio of the noise, in dB; the ratio is uniform between the two.</summary>
    public double NoiseSnrHighDb { get; init; } = 30;

    /// <summary>Time masks per word: each sets a run of frames, of a width uniform in [0, TimeMaskFrames], to zero.</summary>
    public int TimeMasks { get; init; }

    /// <summary>The widest time mask, in frames.</summary>
    public int TimeMaskFrames { get; init; } = 10;

    /// <summary>Channel masks per word: each sets a run of channels (cepstral coefficients or mel bands), of a width uniform in [0, ChannelMaskWidth], to zero, with their deltas.</summary>
    public int ChannelMasks { get; init; }

    /// <summary>The widest channel mask.</summary>
    public int ChannelMaskWidth { get; init; } = 3;

    /// <summary>Whether any part is on.</summary>
    public bool IsActive => Speed > 0 || Tempo > 0 || ShiftMs > 0 || NoiseProbability > 0 || TimeMasks > 0 || ChannelMasks > 0;

    /// <summary>These settings, checked against the features' <paramref name="channels"/> (C, the static values of a frame).</summary>
    /// <exception cref="RecurrentException">A setting is out of range; the message names it.</exception>
    public AudioAugmentation Validated(int channels)
    {
        if (!(Speed >= 0 && Speed <= 0.5))
            throw new RecurrentException($"speed must be in [0, 0.5], not {Speed}.", "speed");
        if (!(Tempo >= 0 && Tempo <= 0.5))
            throw new RecurrentException($"tempo must be in [0, 0.5], not {Tempo}.", "tempo");
        if (!(ShiftMs >= 0 && ShiftMs <= 10_000))
            throw new RecurrentException($"shiftMs must be in [0, 10000], not {ShiftMs}.", "shiftMs");
        if (!(NoiseProbability >= 0 && NoiseProbability <= 1))
            throw new RecurrentException($"noiseProbability must be in [0, 1], not {NoiseProbability}.", "noiseProbability");
        if (!(double.IsFinite(NoiseSnrLowDb) && double.IsFinite(NoiseSnrHighDb) && NoiseSnrLowDb <= NoiseSnrHighDb && Math.Abs(NoiseSnrLowDb) <= 200 && Math.Abs(NoiseSnrHighDb) <= 200))
            throw new RecurrentException($"noiseSnrDb, the noise's signal-to-noise ratios in dB, must be finite, within ±200, the low one first, not {NoiseSnrLowDb} to {NoiseSnrHighDb}.", "noiseSnrDb");
        if (TimeMasks is < 0 or > 100)
            throw new RecurrentException($"timeMasks must be 0 to 100, not {TimeMasks}.", "timeMasks");
        if (TimeMaskFrames is < 0 or > 100_000)
            throw new RecurrentException($"timeMaskFrames must be 0 to 100000, not {TimeMaskFrames}.", "timeMaskFrames");
        if (ChannelMasks is < 0 or > 100)
            throw new RecurrentException($"channelMasks must be 0 to 100, not {ChannelMasks}.", "channelMasks");
        if (ChannelMaskWidth < 0 || ChannelMaskWidth > channels)
            throw new RecurrentException($"channelMaskWidth must be 0 to the {channels} channels of a frame, not {ChannelMaskWidth}.", "channelMaskWidth");
        return this;
    }

    /// <summary>The settings as a JSON object (camelCase keys), as a run keeps them.</summary>
    public JsonObject ToJson() => new()
    {
        ["speed"] = Speed,
        ["tempo"] = Tempo,
        ["shiftMs"] = ShiftMs,
        ["noiseProbability"] = NoiseProbability,
        ["noiseSnrLowDb"] = NoiseSnrLowDb,
        ["noiseSnrHighDb"] = NoiseSnrHighDb,
        ["timeMasks"] = TimeMasks,
        ["timeMaskFrames"] = TimeMaskFrames,
        ["channelMasks"] = ChannelMasks,
        ["channelMaskWidth"] = ChannelMaskWidth,
    };

    /// <summary>Reads settings written by <see cref="ToJson"/>; every key is required.</summary>
    /// <exception cref="RecurrentException">A key is missing or of the wrong type; the message names <paramref name="source"/>.</exception>
    public static AudioAugmentation FromJson(JsonNode? node, string source)
    {
        if (node is not JsonObject json)
            throw new RecurrentException($"{source}: the audio augmentation is not a JSON object.");
        var saved = new SettingsJson(json, source, "audio augmentation settings");
        return new AudioAugmentation
        {
            Speed = saved.Get<double>("speed"),
            Tempo = saved.Get("tempo", 0.0),
            ShiftMs = saved.Get<double>("shiftMs"),
            NoiseProbability = saved.Get<double>("noiseProbability"),
            NoiseSnrLowDb = saved.Get<double>("noiseSnrLowDb"),
            NoiseSnrHighDb = saved.Get<double>("noiseSnrHighDb"),
            TimeMasks = saved.Get<int>("timeMasks"),
            TimeMaskFrames = saved.Get<int>("timeMaskFrames"),
            ChannelMasks = saved.Get<int>("channelMasks"),
            ChannelMaskWidth = saved.Get<int>("channelMaskWidth"),
        };
    }

    /// <summary>The parts that are on, in one line, for logs: "speed ±0.1, shift ±100 ms, noise 0.5 at 10-30 dB, 2 time masks ≤ 10 frames, 2 channel masks ≤ 3".</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        if (Speed > 0)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"speed ±{Speed}"));
        if (Tempo > 0)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"tempo ±{Tempo}"));
        if (ShiftMs > 0)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"shift ±{ShiftMs} ms"));
        if (NoiseProbability > 0)
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"noise {NoiseProbability} at {NoiseSnrLowDb}-{NoiseSnrHighDb} dB"));
        if (TimeMasks > 0)
            parts.Add($"{TimeMasks} time mask{(TimeMasks == 1 ? "" : "s")} ≤ {TimeMaskFrames} frames");
        if (ChannelMasks > 0)
            parts.Add($"{ChannelMasks} channel mask{(ChannelMasks == 1 ? "" : "s")} ≤ {ChannelMaskWidth}");
        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }
}
