// Spoken words read from a folder: labels and speakers from {label}_{speaker}_{n}.wav or from a folder per label,
// features at the settings' rate (a file at another rate resampled) normalised per utterance, a split that holds out
// whole speakers, and file names that do not say their label and speaker refused with the expected form; on the
// shared spoken digits, the counts of the Free Spoken Digit Dataset.
using Recurrent.Audio;
using Recurrent.Tests.Data;
using Recurrent.Tests.IO;

namespace Recurrent.Tests.Audio;

public sealed class SpokenWordsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A tone of <paramref name="hz"/> for <paramref name="seconds"/> at <paramref name="rate"/>, 16-bit PCM.</summary>
    private void Tone(string relative, double hz, int rate = 8000, double seconds = 0.3)
    {
        string path = _dir.File(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var samples = Enumerable.Range(0, (int)(rate * seconds)).Select(i => (short)(8000 * Math.Sin(2 * Math.PI * hz * i / rate))).ToArray();
        File.WriteAllBytes(path, WavBytes.Make(1, 1, rate, 16, WavBytes.Pcm16(samples)));
    }

    [Fact]
    public void Labels_and_speakers_come_from_the_names_or_the_folders()
    {
        Tone("flat/low_ann_0.wav", 300);
        Tone("flat/high_ann_0.wav", 1500);
        Tone("flat/low_bob_0.wav", 320, rate: 16000); // resampled to 8 kHz
        Tone("flat/high_bob_1.wav", 1450);
        var settings = AudioFeatureSettings.For(8000);
        var words = SpokenWords.Read(_dir.File("flat"), settings);
        Assert.Equal(["high", "high", "low", "low"], words.Labels);
        Assert.Equal(["ann", "bob", "ann", "bob"], words.Speakers);
        Assert.Equal(["ann", "bob"], words.SpeakerNames);
        int frames = AudioFeatures.FrameCount((long)(8000 * 0.3), settings);
        Assert.All(words.Sequences, s => Assert.Equal(frames * settings.Width, s.Length)); // 0.3 s at 8 kHz, whatever the file's rate
        for (int f = 0; f < settings.Width; f++) // normalised per utterance: each feature's mean over the frames is 0
            Assert.Equal(0, Enumerable.Range(0, frames).Average(t => words.Sequences[0][t * settings.Width + f]), 5);

        Tone("byfolder/yes/ann_0.wav", 400);
        Tone("byfolder/no/bob_3.wav", 900);
        var folders = SpokenWords.Read(_dir.File("byfolder"), settings);
        Assert.Equal(["no", "yes"], folders.Labels);
        Assert.Equal(["bob", "ann"], folders.Speakers);

        var (training, test) = words.SplitBySpeaker(["bob"]);
        Assert.Equal([0, 2], training);
        Assert.Equal([1, 3], test);
        Assert.Contains("no speaker 'eve'; its speakers are ann, bob", Assert.Throws<RecurrentException>(() => words.SplitBySpeaker(["eve"])).Message);
        Assert.Contains("leaves no speaker to train on", Assert.Throws<RecurrentException>(() => words.SplitBySpeaker(["ann", "bob"])).Message);
    }

    [Fact]
    public void Normalised_per_speaker_each_speakers_words_are_standardised_together_by_their_audio_alone()
    {
        Tone("two/low_ann_0.wav", 300, seconds: 0.25);
        Tone("two/high_ann_0.wav", 1500);
        Tone("two/mid_ann_1.wav", 800, seconds: 0.4);
        Tone("two/low_bob_0.wav", 350);
        Tone("two/high_bob_0.wav", 1400, seconds: 0.2);
        var settings = AudioFeatureSettings.For(8000) with { Normalization = FeatureNormalization.Speaker };
        var words = SpokenWords.Read(_dir.File("two"), settings);
        Assert.Equal(["ann", "bob"], words.SpeakerStatistics.Keys.Order(StringComparer.Ordinal));
        int width = settings.Width;
        foreach (string speaker in words.SpeakerNames)
        {
            int[] members = [.. Enumerable.Range(0, words.Labels.Count).Where(n => words.Speakers[n] == speaker)];
            Assert.All(members, n => Assert.Same(words.SpeakerStatistics[speaker], words.StatisticsOf(n)));
            for (int f = 0; f < width; f++)
            {
                double[] column = [.. members.SelectMany(n => Enumerable.Range(0, words.Sequences[n].Length / width).Select(t => words.Sequences[n][t * width + f]))];
                Assert.Equal(0, column.Average(), 4);
                if (f > 0) // c0 of a pure tone moves with the level only, which the speaker's words share
                    Assert.Equal(1, Math.Sqrt(column.Average(v => v * v)), 4);
            }
            foreach (int n in members) // the word as prediction computes it from the speaker's statistics
                Assert.Equal(AudioFeatures.OfWord(words.Samples[n], settings, words.StatisticsOf(n)).Select(v => (double)v), words.Sequences[n]);
        }
        double[] lowAnn = words.Sequences[words.Files.ToList().FindIndex(f => f.EndsWith("low_ann_0.wav", StringComparison.Ordinal))];
        Assert.NotEqual(0, Enumerable.Range(0, lowAnn.Length / width).Average(t => lowAnn[t * width + 1]), 3); // one word is not centred on its own

        foreach (string file in Directory.GetFiles(_dir.File("two"), "*_bob_*"))
            File.Delete(file);
        var annAlone = SpokenWords.Read(_dir.File("two"), settings); // another speaker's words change nothing of ann's
        Assert.Equal(words.Sequences.Where((_, n) => words.Speakers[n] == "ann"), annAlone.Sequences);
        Assert.Empty(SpokenWords.Read(_dir.File("two"), AudioFeatureSettings.For(8000)).SpeakerStatistics);
        Assert.Null(SpokenWords.Read(_dir.File("two"), AudioFeatureSettings.For(8000)).StatisticsOf(0));
    }

    [Fact]
    public void Names_that_do_not_say_label_and_speaker_are_refused()
    {
        var settings = AudioFeatureSettings.For(8000);
        Tone("bad/low-ann-0.wav", 300);
        Assert.Contains("is named label_speaker_n.wav", Assert.Throws<RecurrentException>(() => SpokenWords.Read(_dir.File("bad"), settings)).Message);
        Tone("bad2/low_ann_x.wav", 300);
        Assert.Contains("low_ann_x.wav", Assert.Throws<RecurrentException>(() => SpokenWords.Read(_dir.File("bad2"), settings)).Message);
        Tone("bad3/low/ann.wav", 300);
        Assert.Contains("is named speaker_n.wav", Assert.Throws<RecurrentException>(() => SpokenWords.Read(_dir.File("bad3"), settings)).Message);
        Directory.CreateDirectory(_dir.File("empty"));
        Assert.Contains("holds no .wav file", Assert.Throws<RecurrentException>(() => SpokenWords.Read(_dir.File("empty"), settings)).Message);
        Assert.Contains("does not exist", Assert.Throws<RecurrentException>(() => SpokenWords.Read(_dir.File("nowhere"), settings)).Message);
        WriteText("bad4/one_ann_0.wav", "not audio");
        Assert.Contains("one_ann_0.wav", Assert.Throws<RecurrentException>(() => SpokenWords.Read(_dir.File("bad4"), settings)).Message);
    }

    private string WriteText(string relative, string text)
    {
        string path = _dir.File(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void The_spoken_digits_are_ten_digits_by_five_speakers()
    {
        if (SharedData.SpokenDigits() is not string folder)
            return; // a clone without the shared data
        var words = SpokenWords.Read(folder, AudioFeatureSettings.For(8000));
        Assert.Equal(2500, words.Labels.Count); // 50 recordings of each digit by each speaker (the dataset's README)
        Assert.Equal(["george", "jackson", "nicolas", "theo", "yweweler"], words.SpeakerNames);
        Assert.All(words.Labels.GroupBy(l => l), g => Assert.Equal(250, g.Count()));
        var (training, test) = words.SplitBySpeaker(["theo"]);
        Assert.Equal((2000, 500), (training.Length, test.Length));
        Assert.All(words.Sequences, s => Assert.True(s.Length > 0 && s.All(double.IsFinite)));
    }
}
