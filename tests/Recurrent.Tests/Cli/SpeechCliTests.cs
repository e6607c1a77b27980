// `recurrent speech` as a user runs it, on generated words (tones that rise or fall, spoken by three "speakers" of
// other pitches): train with a speaker held out, eval with per-speaker accuracy, predict a WAV file, resume, and bad
// inputs refused in one line.
using Recurrent.Numerics;
using Recurrent.Tests.Audio;
using Recurrent.Tests.IO;

namespace Recurrent.Tests.Cli;

public sealed class SpeechCliTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly string _words;

    public SpeechCliTests()
    {
        _words = _dir.File("words");
        SpokenTones.Write(_words, [("ann", 300.0), ("bob", 450.0), ("cid", 600.0)], 12, seed: 2);
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Train_with_a_speaker_held_out_then_eval_per_speaker_and_predict()
    {
        string model = _dir.File("speech.safetensors");
        var train = CliRunner.Run("speech", "train", "--data", _words, "--test-speakers", "cid", "--hidden", "16", "--steps", "300",
            "--eval-every", "100", "--out", model);
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("data: 72 words of 3 speakers", train.Out);
        Assert.Contains("training on ann, bob, held out: cid", train.Out);
        string best = Assert.Single(Directory.GetFiles(_dir.Path, "speech.step*.safetensors"));

        var eval = CliRunner.Run("speech", "eval", "--model", best, "--data", _words, "--speakers", "cid");
        Assert.True(eval.ExitCode == 0, eval.Error);
        Assert.Contains("speaker cid: accuracy", eval.Out);
        Assert.DoesNotContain("speaker ann", eval.Out);
        double accuracy = double.Parse(eval.OutLines.First(l => l.StartsWith("speaker cid", StringComparison.Ordinal)).Split(' ')[3],
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(accuracy >= 0.9, eval.Out); // a rising or falling pitch, whoever speaks

        var all = CliRunner.Run("speech", "eval", "--model", best, "--data", _words, "--json");
        Assert.True(all.ExitCode == 0, all.Error);
        Assert.Contains("\"speaker\": \"ann\"", all.Out);

        var predict = CliRunner.Run("speech", "predict", "--model", best, "--wav", Path.Combine(_words, "up_cid_0.wav"), "--top", "1");
        Assert.True(predict.ExitCode == 0, predict.Error);
        Assert.Contains("up_cid_0.wav\tup ", predict.Out);

        var resumed = CliRunner.Run("speech", "train", "--data", _words, "--resume", model, "--steps", "400", "--out", model);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Contains("all steps done after 400 steps", resumed.Out);
        best = Assert.Single(Directory.GetFiles(_dir.Path, "speech.step*.safetensors")); // the resumed run may have found a better one

        CliRunner.AssertUserError(CliRunner.Run("speech", "eval", "--model", best, "--data", _words, "--speakers", "dan"), "--speakers names 'dan'");
        CliRunner.AssertUserError(CliRunner.Run("speech", "train", "--data", _words, "--test-speakers", "ann,bob,cid", "--out", _dir.File("x.safetensors")),
            "leaves no speaker to train on");
        CliRunner.AssertUserError(CliRunner.Run("speech", "predict", "--model", best, "--wav", _dir.File("none.wav")), "none.wav");
        string text = _dir.File("text.safetensors");
        File.WriteAllLines(_dir.File("t.tsv"), ["text\tlabel", "ab\tx", "ba\ty", "aa\tx", "bb\ty"]);
        Assert.Equal(0, CliRunner.Run("classify", "train", "--data", _dir.File("t.tsv"), "--val-fraction", "0", "--steps", "2", "--batch", "2", "--out", text).ExitCode);
        CliRunner.AssertUserError(CliRunner.Run("speech", "predict", "--model", text, "--wav", Path.Combine(_words, "up_cid_0.wav")), "is not a speech model");
    }

    [Fact]
    public void Augmentation_is_on_by_default_kept_for_resume_and_checked()
    {
        string model = _dir.File("aug.safetensors");
        var train = CliRunner.Run("speech", "train", "--data", _words, "--test-speakers", "cid", "--hidden", "8", "--steps", "20", "--eval-every", "10",
            "--speed", "0.2", "--snr", "5", "--out", model);
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("; augmentation: speed ±0.2, shift ±50 ms, noise 0.5 at 5-5 dB, 2 time masks ≤ 10 frames, 2 channel masks ≤ 3", train.Out);
        var resumed = CliRunner.Run("speech", "train", "--data", _words, "--resume", model, "--steps", "30", "--out", model);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Contains("; augmentation: speed ±0.2, shift ±50 ms, noise 0.5 at 5-5 dB", resumed.Out);
        Assert.Contains("all steps done after 30 steps", resumed.Out);
        CliRunner.AssertUserError(CliRunner.Run("speech", "train", "--data", _words, "--resume", model, "--speed", "0.1", "--out", model),
            "--speed cannot be given with --resume");

        var plain = CliRunner.Run("speech", "train", "--data", _words, "--hidden", "8", "--steps", "5", "--eval-every", "5", "--no-augment", "--out", _dir.File("plain.safetensors"));
        Assert.True(plain.ExitCode == 0, plain.Error);
        Assert.Contains("; augmentation: none", plain.Out);

        string other = _dir.File("x.safetensors");
        CliRunner.AssertUserError(CliRunner.Run("speech", "train", "--data", _words, "--no-augment", "--time-masks", "1", "--out", other), "--time-masks cannot be given with --no-augment");
        CliRunner.AssertUserError(CliRunner.Run("speech", "train", "--data", _words, "--speed", "0.7", "--out", other), "--speed must be in [0, 0.5], not 0.7.");
        CliRunner.AssertUserError(CliRunner.Run("speech", "train", "--data", _words, "--snr", "30,10", "--out", other), "--snr, the noise's signal-to-noise ratios");
        CliRunner.AssertUserError(CliRunner.Run("speech", "train", "--data", _words, "--snr", "loud", "--out", other), "--snr takes a ratio in dB or LOW,HIGH");
        CliRunner.AssertUserError(CliRunner.Run("speech", "train", "--data", _words, "--channel-mask-width", "14", "--out", other), "--channel-mask-width must be 0 to the 13 channels");
        CliRunner.AssertUserError(CliRunner.Run("speech", "train", "--data", _words, "--frame-ms", "0.1", "--out", other), "--frame-ms 0.1 gives frames of 1 samples");
        CliRunner.AssertUserError(CliRunner.Run("speech", "train", "--data", _words, "--features", "logmel", "--coefficients", "20", "--out", other),
            "--coefficients applies to --features mfcc");
        CliRunner.AssertUserError(CliRunner.Run("speech", "train", "--data", _words, "--coefficients", "41", "--out", other), "--coefficients must be 1 to --mel-filters (40), not 41.");
        CliRunner.AssertUserError(CliRunner.Run("speech", "train", "--data", _words, "--high-hz", "5000", "--out", other), "0 <= --low-hz < --high-hz <= 4000 (Nyquist)");
        CliRunner.AssertUserError(CliRunner.Run("speech", "train", "--data", _words, "--trim-db", "-3", "--out", other), "--trim-db must be 0 (off) to 200");
        Assert.False(File.Exists(other));
    }

    [Fact]
    public void Normalised_per_speaker_a_model_reads_a_new_speaker_by_their_recordings()
    {
        string model = _dir.File("spk.safetensors");
        var train = CliRunner.Run("speech", "train", "--data", _words, "--test-speakers", "cid", "--hidden", "16", "--steps", "300",
            "--eval-every", "100", "--normalize", "speaker", "--out", model);
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains(", normalised per speaker; augmentation:", train.Out);
        string best = Assert.Single(Directory.GetFiles(_dir.Path, "spk.step*.safetensors"));

        var eval = CliRunner.Run("speech", "eval", "--model", best, "--data", _words, "--speakers", "cid");
        Assert.True(eval.ExitCode == 0, eval.Error);
        double accuracy = double.Parse(eval.OutLines.First(l => l.StartsWith("speaker cid", StringComparison.Ordinal)).Split(' ')[3],
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(accuracy >= 0.9, eval.Out);

        string enrolment = _dir.File("cid");
        Directory.CreateDirectory(enrolment);
        foreach (string file in Directory.GetFiles(_words, "*_cid_*").Where(f => !f.EndsWith("_cid_0.wav", StringComparison.Ordinal)))
            File.Copy(file, Path.Combine(enrolment, Path.GetFileName(file)));
        var up = Path.Combine(_words, "up_cid_0.wav");
        var predict = CliRunner.Run("speech", "predict", "--model", best, "--wav", up, "--speaker-audio", enrolment, "--top", "1");
        Assert.True(predict.ExitCode == 0, predict.Error);
        Assert.Contains("up_cid_0.wav\tup ", predict.Out);
        Assert.Equal("", predict.Error);
        var alone = CliRunner.Run("speech", "predict", "--model", best, "--wav", up, "--wav", Path.Combine(_words, "down_cid_0.wav"));
        Assert.True(alone.ExitCode == 0, alone.Error);
        Assert.Contains("taking them from the 2 files given as one speaker's", alone.Error);

        CliRunner.AssertUserError(CliRunner.Run("speech", "predict", "--model", best, "--wav", up, "--speaker-audio", _dir.File("nobody")), "nobody");
        Directory.CreateDirectory(_dir.File("empty"));
        CliRunner.AssertUserError(CliRunner.Run("speech", "predict", "--model", best, "--wav", up, "--speaker-audio", _dir.File("empty")), "holds no .wav file");
        CliRunner.AssertUserError(CliRunner.Run("speech", "train", "--data", _words, "--normalize", "global", "--out", _dir.File("x.safetensors")),
            "--normalize must be utterance or speaker");
        string perWord = _dir.File("word.safetensors");
        Assert.Equal(0, CliRunner.Run("speech", "train", "--data", _words, "--hidden", "8", "--steps", "2", "--eval-every", "2", "--out", perWord).ExitCode);
        CliRunner.AssertUserError(CliRunner.Run("speech", "predict", "--model", perWord, "--wav", up, "--speaker-audio", enrolment),
            "--speaker-audio applies to a model trained with --normalize speaker");
        // An ensemble of both: each member computes the words' features its own way, their probabilities averaged.
        var mixed = CliRunner.Run("speech", "eval", "--model", best, "--model", perWord, "--data", _words, "--speakers", "cid", "--json");
        Assert.True(mixed.ExitCode == 0, mixed.Error);
        Assert.Contains("\"speaker\": \"cid\"", mixed.Out);
        var both = CliRunner.Run("speech", "predict", "--model", best, "--model", perWord, "--wav", up, "--speaker-audio", enrolment, "--top", "1");
        Assert.True(both.ExitCode == 0, both.Error);
        Assert.Contains("up_cid_0.wav\t", both.Out);
    }

    [Fact]
    public void Feature_settings_travel_with_the_model_to_eval_and_predict()
    {
        string model = _dir.File("feat.safetensors");
        var train = CliRunner.Run("speech", "train", "--data", _words, "--test-speakers", "cid", "--hidden", "8", "--steps", "10", "--eval-every", "10",
            "--features", "logmel", "--mel-filters", "24", "--frame-ms", "32", "--hop-ms", "16", "--trim-db", "50", "--no-deltas", "--out", model);
        Assert.True(train.ExitCode == 0, train.Error);
        Assert.Contains("features: logmel, 24 mel 0-4000 Hz, 32/16 ms at 8000 Hz, fft 256, silence trimmed at -50 dB", train.Out);
        Assert.Contains("over 24 features a frame", train.Out);
        var predict = CliRunner.Run("speech", "predict", "--model", model, "--wav", Path.Combine(_words, "up_cid_0.wav"), "--json");
        Assert.True(predict.ExitCode == 0, predict.Error);
        var eval = CliRunner.Run("speech", "eval", "--model", model, "--data", _words, "--speakers", "cid");
        Assert.True(eval.ExitCode == 0, eval.Error);
    }
}
