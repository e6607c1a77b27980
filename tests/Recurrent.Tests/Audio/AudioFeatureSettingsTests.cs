// AudioFeatureSettings: the defaults at a rate, a JSON round trip (they are saved with a model), and refusals that
// name the setting.
using System.Text.Json.Nodes;
using Recurrent.Audio;

namespace Recurrent.Tests.Audio;

public sealed class AudioFeatureSettingsTests
{
    [Fact]
    public void The_defaults_follow_the_sample_rate()
    {
        var at8k = AudioFeatureSettings.For(8000);
        Assert.Equal((200, 80, 256, 4000.0, 39), (at8k.FrameLength, at8k.Hop, at8k.FftSize, at8k.HighHz, at8k.Width));
        var at16k = AudioFeatureSettings.For(16000);
        Assert.Equal((400, 160, 512, 8000.0), (at16k.FrameLength, at16k.Hop, at16k.FftSize, at16k.HighHz));
        Assert.Equal(new AudioFeatureSettings(), at16k);
        Assert.Equal(26, (at8k with { Kind = AudioFeatureKind.LogMel, MelFilters = 26, Deltas = false }).Width);
    }

    [Fact]
    public void Json_round_trips()
    {
        var settings = AudioFeatureSettings.For(8000) with { Kind = AudioFeatureKind.LogMel, MelFilters = 26, LowHz = 20, HighHz = 3800, Deltas = false, FrameMs = 32 };
        string json = settings.ToJson().ToJsonString();
        Assert.Equal(settings, AudioFeatureSettings.FromJson(JsonNode.Parse(json), "M"));
        Assert.Contains("\"kind\":\"logmel\"", json);
        var perSpeaker = settings with { Normalization = FeatureNormalization.Speaker };
        Assert.Equal(perSpeaker, AudioFeatureSettings.FromJson(JsonNode.Parse(perSpeaker.ToJson().ToJsonString()), "M"));
        Assert.Contains("\"normalization\":\"speaker\"", perSpeaker.ToJson().ToJsonString());
        Assert.EndsWith(", normalised per speaker", perSpeaker.ToString());
    }

    [Fact]
    public void Settings_saved_before_the_normalisation_setting_read_as_per_utterance()
    {
        var json = new AudioFeatureSettings { Normalization = FeatureNormalization.Speaker }.ToJson();
        json.Remove("normalization");
        Assert.Equal(FeatureNormalization.Utterance, AudioFeatureSettings.FromJson(json, "M").Normalization);
    }

    [Theory]
    [InlineData("fftSize", "300", "M: fftSize must be a power of two no shorter than a frame (400 samples), not 300.")]
    [InlineData("melFilters", "0", "M: melFilters must be 1 to 256 (half the FFT size), not 0.")]
    [InlineData("highHz", "9000", "M: The mel filters must lie in 0 <= lowHz < highHz <= 8000 (Nyquist), not 0 to 9000.")]
    [InlineData("kind", "\"spectrogram\"", "M: the audio feature kind 'spectrogram' is not 'mfcc' or 'logmel'.")]
    [InlineData("window", "\"hann\"", "M: The window 'hann' is not known; the only window is 'hamming'.")]
    [InlineData("deltas", "3", "M: the audio feature settings' 'deltas' is not a boolean.")]
    [InlineData("frameMs", "0.01", "M: frameMs 0.01 gives frames of 0 samples at 16000 Hz; 2 to 1,048,576 are allowed.")]
    [InlineData("normalization", "\"global\"", "M: the feature normalisation 'global' is not 'utterance' or 'speaker'.")]
    [InlineData("coefficients", "41", "M: coefficients must be 1 to melFilters (40), not 41.")]
    public void Bad_settings_are_refused_with_their_name(string key, string value, string expected)
    {
        var json = new AudioFeatureSettings().ToJson();
        json[key] = JsonNode.Parse(value);
        Assert.Equal(expected, Assert.Throws<RecurrentException>(() => AudioFeatureSettings.FromJson(json, "M")).Message);
    }

    [Fact]
    public void A_missing_key_is_named()
    {
        var json = new AudioFeatureSettings().ToJson();
        json.Remove("hopMs");
        Assert.Equal("M: the audio feature settings have no 'hopMs'.", Assert.Throws<RecurrentException>(() => AudioFeatureSettings.FromJson(json, "M")).Message);
        Assert.Equal("M: the audio feature settings are not a JSON object.", Assert.Throws<RecurrentException>(() => AudioFeatureSettings.FromJson(JsonNode.Parse("[1]"), "M")).Message);
    }
}
