// The README's library programs, compiled and run (see ReadmeExamples): each must finish and do its job: the
// character model learns the play, the regression beats repeating the last value, the classifier tells balanced
// brackets from unbalanced ones, the CSV forecaster beats the naive and seasonal naive forecasts, the text classifier
// learns what the first letter says and predicts new texts, the speech classifier recognises a speaker it never heard
// (where the shared spoken digits are present).
using System.Globalization;
using System.Text.RegularExpressions;
using Recurrent.Tests.Data;
using Recurrent.Tests.IO;
using Xunit.Abstractions;

namespace Recurrent.Tests.Docs;

public sealed class ReadmeExamplesTests(ITestOutputHelper log)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public void The_section_holds_one_program_per_head()
    {
        var programs = ReadmeExamples.Programs();
        Assert.Equal(6, programs.Count);
        Assert.Contains("ModelBundle.ForCharacters", programs[0]);
        Assert.Contains("HeadKind.Regression", programs[1]);
        Assert.Contains("LabelledSequences", programs[2]);
        Assert.Contains("ForecastRun", programs[3]);
        Assert.Contains("ClassifierRun", programs[4]);
        Assert.Contains("SpokenWords", programs[5]);
    }

    [Fact]
    public void The_speech_program_recognises_a_speaker_it_never_heard()
    {
        if (SharedData.SpokenDigits() is not string digits)
            return; // a clone without the shared data
        using var dir = new TempDirectory();
        Directory.CreateSymbolicLink(Path.Combine(dir.Path, "spoken-digits"), digits);
        string output = Run(5, "digits.safetensors", dir);
        double accuracy = Numbers(output, @"theo's 500 words: accuracy (\d+\.\d+) ?%")[0];
        Assert.True(accuracy >= 75, output); // chance is 10%; 91.4% when written
        Assert.Equal(3, Regex.Matches(output, @"7_theo_3\.wav: \d \d\.\d{3}").Count);
    }

    [Fact]
    public void The_text_classifier_program_learns_the_first_letter_and_predicts_new_texts()
    {
        string output = Run(4, "texts.safetensors");
        double accuracy = Numbers(output, @"\naccuracy (\d+\.\d+) ?%")[0], majority = Numbers(output, @"majority class (\d+\.\d+) ?%")[0];
        Assert.True(accuracy >= 95 && majority < 80, output);
        Assert.Matches(@"abcdcba: starts with a (0\.9\d\d|1\.000), other 0\.0\d\d", output);
        Assert.Matches(@"dcbaabcd: other (0\.9\d\d|1\.000), starts with a 0\.0\d\d", output);
    }

    [Fact]
    public void The_forecasting_program_beats_the_baselines_and_forecasts_the_next_days()
    {
        string output = Run(3, "sales.safetensors");
        double model = Numbers(output, @"model: MAE (\d+\.\d+)")[0], naive = Numbers(output, @"\nnaive: MAE (\d+\.\d+)")[0];
        double seasonal = Numbers(output, @"seasonal naive \(m = 7\): MAE (\d+\.\d+)")[0];
        Assert.True(model < naive / 2 && model < seasonal, $"model {model}, naive {naive}, seasonal naive {seasonal}");
        Assert.Contains("2024-12-31: ", output); // the day after the last row, 2024-12-30
        Assert.Equal(14, Regex.Matches(output, @"\n\d{4}-\d\d-\d\d: ").Count);
    }

    [Fact]
    public void The_character_model_program_learns_the_play_and_samples_from_its_file()
    {
        string output = Run(0, "play.safetensors");
        var losses = Numbers(output, @"validation loss (\d+\.\d+) nats/char");
        Assert.Equal(3, losses.Count);
        Assert.True(losses[^1] < 2.0 && losses[^1] < losses[0], $"validation losses {string.Join(", ", losses)}");
        Assert.Contains("TESSA:\n", output);
    }

    [Fact]
    public void The_regression_program_beats_repeating_the_last_value()
    {
        string output = Run(1, "series.safetensors");
        double model = Numbers(output, @"model MSE (\d+\.\d+)")[0], naive = Numbers(output, @"repeating the last value (\d+\.\d+)")[0];
        Assert.True(model < naive / 4, $"model {model}, naive {naive}");
        Assert.Matches(@"next value: -?\d+\.\d{3}", output);
    }

    [Fact]
    public void The_classifier_program_tells_balanced_brackets_apart()
    {
        string output = Run(2, "brackets.safetensors");
        Assert.True(Numbers(output, @"accuracy (\d+\.\d+) ?%")[^1] >= 95, output);
        Assert.Contains("(()(()))()(()()): balanced", output);
        Assert.Contains("())(()()((()))(): unbalanced", output);
    }

    private string Run(int index, string writes)
    {
        using var dir = new TempDirectory();
        return Run(index, writes, dir);
    }

    private string Run(int index, string writes, TempDirectory dir)
    {
        var (exitCode, output) = ReadmeExamples.Run(ReadmeExamples.Programs()[index], dir.Path, Timeout);
        log.WriteLine(output);
        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{output}");
        Assert.True(File.Exists(Path.Combine(dir.Path, writes)), $"the program did not write {writes}");
        return output.Replace("\r\n", "\n");
    }

    private static List<double> Numbers(string output, string pattern) =>
        Regex.Matches(output, pattern).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
}
