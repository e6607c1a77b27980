// Averaged weights (EMA, SWA): WeightAveraging against torch.optim.swa_utils.AveragedModel on a trajectory PyTorch
// trained (Fixtures/weight_averaging.json, tools/reference/averaging_fixture.py); a session that averages validates
// and saves the average and keeps the trained weights to go on from; an interrupted-then-resumed run with --ema or
// --swa-start ends with the bytes of an uninterrupted one; eval and sample read the trained weights on request; the
// update allocates nothing; bad values are one line.
using System.Text.Json;
using Recurrent.IO;
using Recurrent.Models;
using Recurrent.Tests.Cli;
using Recurrent.Tests.IO;
using Recurrent.Training;

namespace Recurrent.Tests.Training;

public sealed class WeightAveragingTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private sealed record Fixture(double EmaDecay, long SwaStart, float[][] Weights, float[][] Ema, float[]?[] Swa);

    private static Fixture Load()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "weight_averaging.json")));
        var root = document.RootElement;
        static float[] Row(JsonElement row) => [.. row.EnumerateArray().Select(v => v.GetSingle())];
        return new Fixture(root.GetProperty("ema_decay").GetDouble(), root.GetProperty("swa_start").GetInt64(),
            [.. root.GetProperty("weights").EnumerateArray().Select(Row)],
            [.. root.GetProperty("ema").EnumerateArray().Select(Row)],
            [.. root.GetProperty("swa").EnumerateArray().Select(row => row.ValueKind == JsonValueKind.Null ? null : Row(row))]);
    }

    [Fact]
    public void The_EMA_and_the_SWA_mean_are_torch_s_AveragedModel_bit_for_bit()
    {
        var fixture = Load();
        int count = fixture.Weights[0].Length;
        var ema = new WeightAveraging(count, fixture.EmaDecay, 0);
        var swa = new WeightAveraging(count, 0, fixture.SwaStart);
        for (int step = 1; step <= fixture.Weights.Length; step++)
        {
            ema.Update(step, fixture.Weights[step - 1]);
            swa.Update(step, fixture.Weights[step - 1]);
            Assert.Equal(fixture.Ema[step - 1], ema.Average);
            Assert.Equal(step, ema.Updates);
            if (fixture.Swa[step - 1] is { } mean)
                Assert.Equal(mean, swa.Average);
            Assert.Equal(Math.Max(0, step - fixture.SwaStart + 1), swa.Updates);
        }
        Assert.NotEqual(fixture.Weights[^1], ema.Average); // the average is not the last weights: the check has teeth
    }

    [Fact]
    public void Updating_allocates_nothing_and_the_trained_weights_come_back_bit_for_bit()
    {
        var fixture = Load();
        var ema = new WeightAveraging(fixture.Weights[0].Length, 0.99, 0);
        ema.Update(1, fixture.Weights[0]);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int step = 2; step <= 200; step++)
            ema.Update(step, fixture.Weights[step % fixture.Weights.Length]);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        float[] weights = [.. fixture.Weights[3]];
        float[]? seen = null, during = null;
        ema.WithAverage(weights, trained => { seen = trained is null ? null : [.. trained]; during = [.. weights]; });
        Assert.Equal(ema.Average, during);
        Assert.Equal(fixture.Weights[3], seen);
        Assert.Equal(fixture.Weights[3], weights);
    }

    [Theory]
    [InlineData("--ema", "0.9")]
    [InlineData("--swa-start", "4")]
    public void A_run_saves_the_average_and_resumes_to_the_bytes_of_an_uninterrupted_one(string flag, string value)
    {
        string a = ResumeRuns.InterruptedEqualsWhole(_dir, "train", "--data", "demo", "--hidden", "8", "--seq-len", "16", "--batch", "4",
            "--val-fraction", "0.01", "--print-every", "100", flag, value);

        // The model's tensors are the average, the trained weights ride along, and every command reads the average.
        var content = SafetensorsFile.Read(a);
        var model = ModelFile.Load(a);
        Assert.True(content.TryGetTensor("train.weights", out var trained));
        Assert.Equal(flag == "--ema" ? "10" : "7", content.Metadata["train.average_updates"]);
        Assert.NotEqual(trained.Data, model.Network.Parameters.Values);
        var checkpoint = TrainingCheckpoint.Load(a);
        Assert.Equal(flag == "--ema" ? 0.9 : 0, checkpoint.Options.EmaDecay);
        Assert.Equal(flag == "--ema" ? 0 : 4, checkpoint.Options.SwaStart);
        Assert.Equal(0, CliRunner.Run("eval", "--model", a, "--data", "demo").ExitCode);

        // --trained-weights reads the weights the run goes on from: eval gives their loss, not the average's, and
        // sample draws from them.
        int[] tokens = model.Vocabulary!.Encode(Recurrent.Data.DemoCorpus.Generate());
        double averageLoss = Evaluation.MeanCrossEntropy(model.Network, tokens);
        trained.Data.CopyTo(model.Network.Parameters.Values, 0);
        double trainedLoss = Evaluation.MeanCrossEntropy(model.Network, tokens);
        Assert.NotEqual(averageLoss, trainedLoss);
        string[] eval = ["eval", "--model", a, "--data", "demo", "--digits", "12"];
        Assert.Equal(Recurrent.Cli.TrainingReport.LossLine("loss", averageLoss, 12), CliRunner.Run(eval).Out.Trim());
        Assert.Equal(Recurrent.Cli.TrainingReport.LossLine("loss", trainedLoss, 12), CliRunner.Run([.. eval, "--trained-weights"]).Out.Trim());
        string[] sample = ["sample", "--model", a, "--prime", "the ", "--length", "200", "--temperature", "1.5"];
        Assert.NotEqual(CliRunner.Run(sample).Out, CliRunner.Run([.. sample, "--trained-weights"]).Out);
    }

    [Fact]
    public void Trained_weights_are_refused_in_one_line_where_a_file_keeps_none()
    {
        string plain = _dir.File("plain.safetensors");
        Assert.Equal(0, CliRunner.Run("train", "--data", "demo", "--hidden", "8", "--steps", "2", "--seq-len", "16", "--batch", "4",
            "--out", plain).ExitCode);
        CliRunner.AssertUserError(CliRunner.Run("eval", "--model", plain, "--data", "demo", "--trained-weights"), "--ema or --swa-start");
        CliRunner.AssertUserError(CliRunner.Run("sample", "--model", plain, "--trained-weights"), "no trained weights beside an average");
    }

    [Fact]
    public void A_session_validates_the_average_and_ends_holding_it()
    {
        var vocabulary = Recurrent.Data.Vocabulary.FromText(Recurrent.Data.DemoCorpus.Generate(2000, seed: 1));
        int[] tokens = vocabulary.Encode(Recurrent.Data.DemoCorpus.Generate(2000, seed: 1));
        var model = ModelBundle.ForCharacters(CellKind.Gru, vocabulary, 8, 1);
        model.Network.Initialize(3);
        var trajectory = new List<float[]>();
        var run = CharacterTraining.Start(model, tokens, new TextBatching { SeqLen = 16, Batch = 4, ValFraction = 0.1 },
            new TrainingOptions { Steps = 6, EvalEvery = 3, EmaDecay = 0.5 }, checkpointPath: null);
        var losses = new List<double>();
        run.Session.Run(onStep: _ => trajectory.Add([.. model.Network.Parameters.Values]), onValidation: v => losses.Add(v.Loss));

        // The average by its definition, in float as torch computes it: the first weights, then 0.5·avg + 0.5·w.
        float[] average = [.. trajectory[0]];
        var expected = new List<float[]>();
        for (int step = 2; step <= 6; step++)
        {
            for (int k = 0; k < average.Length; k++)
                average[k] = 0.5f * average[k] + 0.5f * trajectory[step - 1][k];
            if (step % 3 == 0)
                expected.Add([.. average]);
        }
        Assert.Equal(expected[1], model.Network.Parameters.Values); // the model holds the average once the run is over
        Assert.Equal(2, losses.Count);
        for (int k = 0; k < 2; k++) // and each validation read the average of its step, not the trained weights
        {
            expected[k].CopyTo(model.Network.Parameters.Values, 0);
            Assert.Equal(losses[k], run.Session.Validator!.Validate().Loss);
            trajectory[3 * k + 2].CopyTo(model.Network.Parameters.Values, 0);
            Assert.NotEqual(losses[k], run.Session.Validator!.Validate().Loss);
        }
    }

    [Theory]
    [InlineData(new[] { "--ema", "1" }, "--ema must be 0 (none) or a decay above 0 and below 1")]
    [InlineData(new[] { "--ema", "-0.5" }, "--ema must be 0 (none) or a decay above 0 and below 1")]
    [InlineData(new[] { "--swa-start", "-1" }, "--swa-start must be at least 0")]
    [InlineData(new[] { "--ema", "0.9", "--swa-start", "3" }, "Give --ema or --swa-start, not both")]
    public void Bad_averaging_values_are_one_line(string[] extra, string message) =>
        CliRunner.AssertUserError(CliRunner.Run(["train", "--data", "demo", "--out", "unused.safetensors", "--steps", "1", .. extra]), message);
}
