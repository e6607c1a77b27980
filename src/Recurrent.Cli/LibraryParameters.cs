// The library names its own parameters in its messages (batch, seqLen, learningRate...) and lists them in
// RecurrentException.Parameters; the command line says them as its flags. The map is one table for every verb:
// a parameter has the same flag wherever it appears.
using System.Text.RegularExpressions;

namespace Recurrent.Cli;

/// <summary>Puts the CLI's flags in place of the library parameters an error message names.</summary>
internal static class LibraryParameters
{
    private static readonly Dictionary<string, string> Flags = new(StringComparer.Ordinal)
    {
        ["batch"] = "--batch",
        ["seqLen"] = "--seq-len",
        ["learningRate"] = "--lr",
        ["clip"] = "--clip",
        ["explodeFactor"] = "--explode-factor",
        ["valFraction"] = "--val-fraction",
        ["hidden"] = "--hidden",
        ["layers"] = "--layers",
        ["length"] = "--length",
        ["testSize"] = "--test-size",
        ["season"] = "--season", // named by the forecasting baselines (SeasonalNaiveForecast, MaseScale)
        ["targets"] = "--target",
        ["time"] = "--time",
        ["covariates"] = "--covariates",
        ["pastCovariates"] = "--past-covariates",
        ["categorical"] = "--categorical",
        ["series"] = "--series",
        ["fill"] = "--fill",
        ["context"] = "--context",
        ["horizon"] = "--horizon",
        ["lags"] = "--lags",
        ["calendar"] = "--calendar",
        ["quantiles"] = "--quantiles",
        ["testFraction"] = "--test-fraction",
        ["knownAhead"] = "--known-ahead",
        ["level"] = "--level",
        ["window"] = "--window", // named by the numeric sequences of `classify` (SequenceTable)
        ["stride"] = "--stride",
        ["labelFrom"] = "--label-from",
        ["normal"] = "--normal",
        ["frameMs"] = "--frame-ms", // named by the audio features of `speech train` (AudioFeatureSettings)
        ["hopMs"] = "--hop-ms",
        ["preEmphasis"] = "--pre-emphasis",
        ["fftSize"] = "--fft-size",
        ["melFilters"] = "--mel-filters",
        ["lowHz"] = "--low-hz",
        ["highHz"] = "--high-hz",
        ["coefficients"] = "--coefficients",
        ["trimDb"] = "--trim-db",
        ["floorDb"] = "--floor-db",
        ["normalization"] = "--normalize",
        ["speed"] = "--speed", // named by the augmentation of `speech train` (AudioAugmentation)
        ["tempo"] = "--tempo",
        ["shiftMs"] = "--shift-ms",
        ["noiseProbability"] = "--noise",
        ["noiseSnrDb"] = "--snr",
        ["timeMasks"] = "--time-masks",
        ["timeMaskFrames"] = "--time-mask-frames",
        ["channelMasks"] = "--channel-masks",
        ["channelMaskWidth"] = "--channel-mask-width",
        ["lockedDropout"] = "--locked-dropout", // named by the regularisers of every training verb (TrainingSession, DroppedWeights)
        ["weightDrop"] = "--weight-drop",
        ["embeddingDropout"] = "--embed-dropout",
    };

    /// <summary>The message of <paramref name="error"/>, with each parameter it lists replaced by its flag where the CLI has one.</summary>
    public static string Translate(RecurrentException error)
    {
        string message = error.Message;
        foreach (string name in error.Parameters)
            if (Flags.TryGetValue(name, out var flag))
                message = Regex.Replace(message, $@"(?<![\w-]){Regex.Escape(name)}(?![\w-])", flag);
        return message;
    }

    /// <summary>Whether every parameter the library may name has a flag (a test checks the library's names against this).</summary>
    public static bool HasFlag(string name) => Flags.ContainsKey(name);
}
