// AudioFeatures against tools/reference/mfcc_reference.py: numpy's float64 features of the same float32 test signals
// (a noisy chirp at 8 kHz, noisy tones at 16 kHz, a signal shorter than a frame), from the formulas written out in
// that script. Each value agrees within 1e-6 of its column's scale (the largest |value| of that feature over the
// frames, at least 1); measured 5.5e-8 at most, the rounding of float32 output.
using System.Text.Json.Nodes;
using Recurrent.Audio;
using Recurrent.Tests.Reference;

namespace Recurrent.Tests.Audio;

public sealed class AudioFeaturesReferenceTests
{
    private const double Tolerance = 1e-6;

    private static readonly Lazy<JsonObject> Fixture = new(() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(TorchFixture.Directory, "audio_features.json")))!.AsObject());

    public static TheoryData<int> Cases() => [.. Enumerable.Range(0, Fixture.Value["cases"]!.AsArray().Count)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Features_match_the_numpy_reference(int index)
    {
        var item = Fixture.Value["cases"]![index]!;
        var signal = Fixture.Value["signals"]![item["signal"]!.GetValue<string>()]!;
        float[] samples = [.. signal["samples"]!.AsArray().Select(v => v!.GetValue<float>())];
        var settings = AudioFeatureSettings.FromJson(item["settings"], "the fixture");
        Assert.Equal(signal["sampleRate"]!.GetValue<int>(), settings.SampleRate);
        double[] expected = [.. item["features"]!.AsArray().Select(v => v!.GetValue<double>())];
        int frames = item["frames"]!.GetValue<int>(), width = item["width"]!.GetValue<int>();

        float[] actual = AudioFeatures.Compute(samples, settings);

        Assert.Equal(frames, AudioFeatures.FrameCount(samples.Length, settings));
        Assert.Equal(width, settings.Width);
        Assert.Equal(frames * width, actual.Length);
        double worst = 0;
        for (int f = 0; f < width; f++)
        {
            double scale = 1;
            for (int t = 0; t < frames; t++)
                scale = Math.Max(scale, Math.Abs(expected[t * width + f]));
            for (int t = 0; t < frames; t++)
                worst = Math.Max(worst, Math.Abs(actual[t * width + f] - expected[t * width + f]) / scale);
        }
        Assert.True(worst <= Tolerance, $"case {index}: the largest error is {worst:E2} of its column's scale, over {Tolerance:E0}");
    }
}
