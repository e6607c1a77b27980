// AugmentedWords, the training batches of a speech classifier made afresh at every step: a batch is a function of its
// step (the same twice, for any thread count, another at the next step), each word's frames are what StepsOf
// promised, nothing augmented is the plain features bit for bit, the masks zero whole runs of frames and of channels
// with their deltas, and the settings refuse what is out of range, naming the parameter.
using Recurrent.Audio;
using Recurrent.Data;
using Recurrent.Models;
using Recurrent.Numerics;
using Recurrent.Tests.Training;
using Recurrent.Training;

namespace Recurrent.Tests.Audio;

public sealed class AugmentedWordsTests
{
    private static readonly AudioFeatureSettings Settings = AudioFeatureSettings.For(8000);

    private static readonly AudioAugmentation Everything = new()
    {
        Speed = 0.15, Tempo = 0.2, ShiftMs = 40, NoiseProbability = 0.5, NoiseSnrLowDb = 5, NoiseSnrHighDb = 20,
        TimeMasks = 2, TimeMaskFrames = 5, ChannelMasks = 2, ChannelMaskWidth = 3,
    };

    private static (float[][] Words, int[] Labels) Words(int count)
    {
        var rng = new Rng(5);
        var words = new float[count][];
        for (int n = 0; n < count; n++)
        {
            words[n] = new float[1200 + rng.NextInt(1600)];
            double hz = 200 + 40 * n;
            for (int i = 0; i < words[n].Length; i++)
                words[n][i] = (float)(0.5 * Math.Sin(2 * Math.PI * hz * i / 8000) + 0.05 * (rng.NextDouble() - 0.5));
        }
        return (words, [.. Enumerable.Range(0, count).Select(n => n % 3)]);
    }

    private static FeatureScaling Identity => new([.. new double[Settings.Width]], [.. Enumerable.Repeat(1.0, Settings.Width)]);

    private static (float[] Inputs, int[] Lengths, int[] Targets) Batch(AugmentedWords source, long step)
    {
        var inputs = new float[source.Steps * source.Batch * source.Features];
        var lengths = new int[source.Batch];
        var targets = new int[source.Batch];
        source.Fill(step, new BatchBuffers<float>([], inputs, targets, [], lengths));
        return (inputs, lengths, targets);
    }

    [Fact]
    public void A_batch_is_a_function_of_its_step_for_any_thread_count()
    {
        var (words, labels) = Words(12);
        var source = new AugmentedWords(words, labels, Settings, Everything, Identity, batch: 4, seed: 9);
        var first = Batch(source, 7);
        int before = Parallelism.Threads;
        try
        {
            Parallelism.Threads = 1;
            var again = new AugmentedWords(words, labels, Settings, Everything, Identity, batch: 4, seed: 9);
            Batch(again, 3); // another step in between changes nothing
            var one = Batch(again, 7);
            Assert.Equal(first.Inputs, one.Inputs);
            Assert.Equal(first.Lengths, one.Lengths);
            Assert.Equal(first.Targets, one.Targets);
        }
        finally
        {
            Parallelism.Threads = before;
        }
        Assert.Equal(first.Lengths.Max(), source.StepsOf(7));
        Assert.NotEqual(first.Inputs, Batch(source, 7 + source.WindowsPerEpoch).Inputs); // the same words an epoch later, augmented anew
        Assert.NotEqual(first.Inputs, Batch(new AugmentedWords(words, labels, Settings, Everything, Identity, batch: 4, seed: 10), 7).Inputs);
    }

    [Fact]
    public void The_frames_follow_the_speed_and_the_shift_and_stay_within_the_steps()
    {
        var (words, labels) = Words(12);
        var source = new AugmentedWords(words, labels, Settings, Everything with { NoiseProbability = 0 }, Identity, batch: 4, seed: 2);
        int clean = words.Max(w => AudioFeatures.FrameCount(w.Length, Settings));
        Assert.True(source.Steps >= AudioFeatures.FrameCount((long)(words.Max(w => w.Length) / 0.85) + 320, Settings) / 0.8);
        var seen = new HashSet<int>();
        for (long step = 0; step < 30; step++)
        {
            var (_, lengths, _) = Batch(source, step);
            Assert.Equal(lengths.Max(), source.StepsOf(step));
            Assert.All(lengths, length => Assert.InRange(length, 1, source.Steps));
            foreach (int length in lengths)
                seen.Add(length);
        }
        Assert.True(seen.Count > 20, $"{seen.Count} distinct lengths"); // speeds and shifts vary the words' lengths
        Assert.Contains(seen, length => length > clean); // some slowed down past the longest unchanged word
    }

    [Fact]
    public void Without_augmentation_a_batch_holds_the_plain_standardised_features()
    {
        var (words, labels) = Words(6);
        var scaling = new FeatureScaling([.. Enumerable.Range(0, Settings.Width).Select(f => 0.1 * f)], [.. Enumerable.Range(0, Settings.Width).Select(f => 1 + 0.05 * f)]);
        var source = new AugmentedWords(words, labels, Settings, AudioAugmentation.None, scaling, batch: 3, seed: 4);
        var plain = words.Select(w =>
        {
            float[] features = AudioFeatures.Compute(w, Settings);
            AudioFeatures.Normalize(features, Settings.Width);
            return features.Select((v, k) => scaling.Apply(v, k % Settings.Width)).ToArray();
        }).ToList();
        var reference = LabelledSequences.FromValues(plain, Settings.Width, labels, batch: 3, seed: 4);
        Assert.Equal(reference.Steps, source.Steps);
        var expected = new float[reference.Steps * 3 * Settings.Width];
        var expectedLengths = new int[3];
        reference.Fill(5, new BatchBuffers<float>([], expected, new int[3], [], expectedLengths));
        var (inputs, lengths, _) = Batch(source, 5);
        Assert.Equal(expected, inputs);
        Assert.Equal(expectedLengths, lengths);

        var augmented = new AugmentedWords(words, labels, Settings, Everything, scaling, batch: 3, seed: 4); // read in order as an example set: never augmented
        var set = new float[augmented.Steps * 2 * Settings.Width];
        var setLengths = new int[2];
        augmented.Fill(1, 2, new BatchBuffers<float>([], set, new int[2], [], setLengths));
        var plainSet = new float[reference.Steps * 2 * Settings.Width];
        var plainLengths = new int[2];
        reference.Fill(1, 2, new BatchBuffers<float>([], plainSet, new int[2], [], plainLengths));
        Assert.Equal(plainLengths, setLengths);
        Assert.Equal(reference.StepsOf(1, 2), augmented.StepsOf(1, 2));
        int written = augmented.StepsOf(1, 2) * 2 * Settings.Width;
        Assert.Equal(plainSet[..written], set[..written]);
    }

    [Fact]
    public void Words_normalised_per_speaker_are_normalised_by_their_speakers_statistics()
    {
        var (words, labels) = Words(6);
        var settings = Settings with { Normalization = FeatureNormalization.Speaker };
        var speakers = new[] { 0, 1 }.Select(s => FeatureStatistics.Of([.. words.Where((_, n) => n % 2 == s).Select(w => AudioFeatures.Compute(w, settings))], settings.Width)).ToArray();
        FeatureStatistics?[] ofWord = [.. Enumerable.Range(0, 6).Select(n => speakers[n % 2])];
        var source = new AugmentedWords(words, labels, settings, AudioAugmentation.None, Identity, batch: 3, seed: 4, speakers: ofWord);
        var plain = words.Select((w, n) => AudioFeatures.OfWord(w, settings, ofWord[n]).Select(v => (double)v).ToArray()).ToList();
        var reference = LabelledSequences.FromValues(plain, settings.Width, labels, batch: 3, seed: 4);
        var expected = new float[reference.Steps * 3 * settings.Width];
        reference.Fill(2, new BatchBuffers<float>([], expected, new int[3], [], new int[3]));
        Assert.Equal(expected, Batch(source, 2).Inputs);
        var perUtterance = new AugmentedWords(words, labels, settings, AudioAugmentation.None, Identity, batch: 3, seed: 4);
        Assert.NotEqual(expected, Batch(perUtterance, 2).Inputs);

        var augmented = new AugmentedWords(words, labels, settings, Everything, Identity, batch: 3, seed: 4, speakers: ofWord);
        var (inputs, _, _) = Batch(augmented, 3);
        Assert.All(inputs, v => Assert.True(float.IsFinite(v)));
        Assert.Throws<ArgumentException>(() => new AugmentedWords(words, labels, settings, AudioAugmentation.None, Identity, 3, 4, speakers: ofWord[..5]));
    }

    [Fact]
    public void Masks_zero_runs_of_frames_and_runs_of_channels_with_their_deltas()
    {
        var (words, labels) = Words(4);
        var masksOnly = new AudioAugmentation { TimeMasks = 1, TimeMaskFrames = 6, ChannelMasks = 1, ChannelMaskWidth = 3 };
        var plainSource = new AugmentedWords(words, labels, Settings, AudioAugmentation.None, Identity, batch: 4, seed: 1);
        var maskedSource = new AugmentedWords(words, labels, Settings, masksOnly, Identity, batch: 4, seed: 1);
        int width = Settings.Width, channels = Settings.Coefficients;
        int zeroedRows = 0, zeroedChannels = 0;
        for (long step = 0; step < 8; step++)
        {
            var plain = Batch(plainSource, step);
            var masked = Batch(maskedSource, step);
            Assert.Equal(plain.Lengths, masked.Lengths); // masks change no length
            for (int b = 0; b < 4; b++)
            {
                bool[] rowZero = new bool[masked.Lengths[b]], channelZero = new bool[channels];
                Array.Fill(channelZero, true);
                for (int t = 0; t < masked.Lengths[b]; t++)
                {
                    var row = masked.Inputs.AsSpan((t * 4 + b) * width, width);
                    var before = plain.Inputs.AsSpan((t * 4 + b) * width, width);
                    rowZero[t] = !row.ContainsAnyExcept(0f);
                    for (int f = 0; f < width; f++)
                        Assert.True(row[f] == before[f] || row[f] == 0, "a mask sets values to zero and leaves the rest");
                    for (int j = 0; j < channels; j++)
                        channelZero[j] &= row[j] == 0 && row[channels + j] == 0 && row[2 * channels + j] == 0;
                }
                int rows = rowZero.Count(z => z);
                Assert.InRange(rows, 0, 6);
                if (rows > 0) // one run
                    Assert.Equal(rows, Array.LastIndexOf(rowZero, true) - Array.IndexOf(rowZero, true) + 1);
                zeroedRows += rows;
                int zeroed = channelZero.Count(z => z);
                Assert.InRange(zeroed, 0, 3);
                zeroedChannels += zeroed;
            }
        }
        Assert.True(zeroedRows > 0 && zeroedChannels > 0, $"{zeroedRows} rows and {zeroedChannels} channels masked over 32 words");
    }

    [Fact]
    public void Noise_is_added_at_the_signal_to_noise_ratio_asked()
    {
        float[] word = [.. Enumerable.Range(0, 8000).Select(i => (float)(0.3 * Math.Sin(2 * Math.PI * 440 * i / 8000)))];
        var noise = new AudioAugmentation { NoiseProbability = 1, NoiseSnrLowDb = 10, NoiseSnrHighDb = 10 };
        var augmenter = new WordAugmenter(Settings, noise, Identity, 0, false);
        float[] noisy = augmenter.Waveform(word, 3, noise, out _).ToArray();
        double signal = word.Average(v => (double)v * v), added = noisy.Select((v, i) => (double)(v - word[i]) * (v - word[i])).Average();
        Assert.InRange(10 * Math.Log10(signal / added), 9.9, 10.1);
        Assert.Equal(noisy, augmenter.Waveform(word, 3, noise, out _).ToArray()); // drawn from the key
        Assert.Equal(word, augmenter.Waveform(word, 3, noise with { NoiseProbability = 0 }, out _).ToArray());
        var half = noise with { NoiseProbability = 0.5 };
        int withNoise = Enumerable.Range(0, 200).Count(key => !augmenter.Waveform(word, (ulong)key, half, out _).SequenceEqual(word));
        Assert.InRange(withNoise, 70, 130); // about half the words
    }

    [Fact]
    public void Settings_out_of_range_are_refused_naming_the_parameter()
    {
        void Refused(AudioAugmentation augmentation, string parameter)
        {
            var error = Assert.Throws<RecurrentException>(() => augmentation.Validated(13));
            Assert.Contains(parameter, error.Message);
            Assert.Equal([parameter], error.Parameters);
        }
        Refused(new AudioAugmentation { Speed = 0.6 }, "speed");
        Refused(new AudioAugmentation { Speed = double.NaN }, "speed");
        Refused(new AudioAugmentation { ShiftMs = -1 }, "shiftMs");
        Refused(new AudioAugmentation { Tempo = 0.51 }, "tempo");
        Refused(new AudioAugmentation { NoiseProbability = 1.5 }, "noiseProbability");
        Refused(new AudioAugmentation { NoiseSnrLowDb = 30, NoiseSnrHighDb = 10 }, "noiseSnrDb");
        Refused(new AudioAugmentation { TimeMasks = -1 }, "timeMasks");
        Refused(new AudioAugmentation { TimeMaskFrames = -2 }, "timeMaskFrames");
        Refused(new AudioAugmentation { ChannelMasks = 101 }, "channelMasks");
        Refused(new AudioAugmentation { ChannelMaskWidth = 14 }, "channelMaskWidth");
        Assert.False(AudioAugmentation.None.IsActive);
        Assert.Equal("none", AudioAugmentation.None.ToString());
        Assert.Equal("speed ±0.15, tempo ±0.2, shift ±40 ms, noise 0.5 at 5-20 dB, 2 time masks ≤ 5 frames, 2 channel masks ≤ 3", Everything.ToString());
        Assert.Equal(Everything, AudioAugmentation.FromJson(Everything.ToJson(), "test"));
        Assert.Contains("the audio augmentation settings have no 'speed'", Assert.Throws<RecurrentException>(() => AudioAugmentation.FromJson(new System.Text.Json.Nodes.JsonObject(), "test")).Message);
    }

    [Fact]
    public void A_trainer_runs_each_batch_to_its_longest_word_and_its_steps_allocate_nothing()
    {
        var (words, labels) = Words(12);
        var source = new AugmentedWords(words, labels, Settings, Everything, Identity, batch: 4, seed: 6);
        var spec = new ModelSpec(CellKind.Gru, InputKind.Dense, Settings.Width, 8, 1, 3) { Readout = Readout.MeanOverSteps, Bidirectional = true };
        var model = new RecurrentModel<float>(spec);
        model.Initialize(1);
        var trainer = new Trainer<float>(model, source, new Adam<float>(model.Parameters.Count, 0.01), clip: 1, dropoutRng: new Rng(1));
        for (int k = 0; k < 4; k++)
        {
            int expected = source.StepsOf(trainer.StepsDone);
            trainer.Step();
            Assert.Equal(expected, trainer.Workspace.Steps);
        }
        Assert.Equal(0, StepAllocations.Of(trainer, warmup: 6, measured: 9)); // 3 batches an epoch: three epochs begin
    }
}
