// Female or male first name, the real data set (shared data; the test passes without it in a user's clone):
// 8849 names read, 8 repeats and the 419 names in both lists left out, 8003 kept (4525 female, 3478 male), a
// stratified fifth held out (905 and 696, as tools/baselines/names_naive_bayes.py holds out), and a short training of
// a bidirectional LSTM that beats the majority class (0.565) clearly; the baseline's naive Bayes scores 0.878.
using Recurrent.Classification;
using Recurrent.Data;
using Recurrent.Tests.Data;
using Recurrent.Training;
using Xunit.Abstractions;

namespace Recurrent.Tests.Classification;

public sealed class FirstNamesClassifierTests(ITestOutputHelper output)
{
    [Fact]
    public void A_short_training_on_first_names_beats_the_majority_class_clearly()
    {
        if (SharedData.FirstNames() is not string folder)
            return; // the shared data is beside the checkout in CI and here, not in a user's clone
        var names = TextExamples.FromClassFiles([("female", Path.Combine(folder, "female.txt")), ("male", Path.Combine(folder, "male.txt"))]);
        var data = ClassificationData.FromTexts(names, new ClassifierSettings { ValidationFraction = 0.2, Lowercase = true }, seed: 1);
        Assert.Equal(8849, names.Examples.Count);
        Assert.Equal((8, 419, 8003), data.Cleaning);
        Assert.Equal(["female", "male"], data.Labels);
        Assert.Equal([3620, 2782], data.TrainingCounts);
        Assert.Equal([905, 696], data.ValidationCounts);
        Assert.Equal((6402, 1601), (data.TrainingCount, data.ValidationCount));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = ClassifierRun.Start(data, new ClassifierModelOptions { Hidden = 64, Embedding = 16, Batch = 32 },
            new TrainingOptions { Steps = 600, LearningRate = 0.005, EvalEvery = 200, Seed = 1 });
        var outcome = run.Session.Run(onValidation: v => output.WriteLine($"step {v.Step}: loss {v.Loss:F4}, accuracy {v.Score.Accuracy:F4}"));
        output.WriteLine($"{clock.Elapsed.TotalSeconds:F1} s");
        double accuracy = outcome.LastValidation!.Value.Score.Accuracy!.Value;
        Assert.True(accuracy > 0.8, $"validation accuracy {accuracy}, the majority class 0.565");
    }
}
