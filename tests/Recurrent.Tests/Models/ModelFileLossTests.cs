// A model file's regression loss: "loss" and "quantiles" are written only when the loss is not the mean squared
// error, round-trip exactly (quantiles in round-trip notation), a file without them reads as the mean squared error,
// damaged values are refused in one sentence, a caller's metadata cannot pose as them, and Describe says the loss.
using Recurrent.IO;
using Recurrent.Models;
using Recurrent.Tests.IO;

namespace Recurrent.Tests.Models;

public sealed class ModelFileLossTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static ModelBundle Bundle(RegressionLoss loss, params double[] quantiles)
    {
        var spec = new ModelSpec(CellKind.Lstm, InputKind.Dense, 2, 4, 2, 6)
        {
            Head = HeadKind.Regression, Readout = Readout.LastStep, Loss = loss, Quantiles = quantiles,
        };
        var network = new RecurrentModel<float>(spec);
        network.Initialize(3);
        return new ModelBundle(network);
    }

    private string Saved(ModelBundle model, IReadOnlyDictionary<string, string>? extra = null)
    {
        string path = _dir.File("m.safetensors");
        ModelFile.Save(path, model, extra);
        return path;
    }

    public static TheoryData<RegressionLoss, double[]> Losses() => new()
    {
        { RegressionLoss.MeanSquaredError, [] },
        { RegressionLoss.MeanAbsoluteError, [] },
        { RegressionLoss.Quantile, [0.1, 0.5, 0.9] },
        { RegressionLoss.Quantile, [1.0 / 3, 2.0 / 3] },
        { RegressionLoss.Quantile, [0.5] },
    };

    [Theory]
    [MemberData(nameof(Losses))]
    public void The_loss_and_its_quantiles_round_trip_exactly(RegressionLoss loss, double[] quantiles)
    {
        var model = Bundle(loss, quantiles);
        string path = Saved(model);
        var loaded = ModelFile.Load(path);
        Assert.Equal(model.Spec, loaded.Spec);
        Assert.Equal(quantiles, loaded.Spec.Quantiles); // bit for bit
        Assert.Equal(model.Network.Parameters.Values, loaded.Network.Parameters.Values);
        string again = _dir.File("again.safetensors");
        ModelFile.Save(again, loaded);
        Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(again));
    }

    [Fact]
    public void The_metadata_names_the_loss_only_when_it_is_not_the_mean_squared_error()
    {
        var quantile = SafetensorsFile.Read(Saved(Bundle(RegressionLoss.Quantile, 0.1, 0.5, 0.9))).Metadata;
        Assert.Equal(("quantile", "0.1,0.5,0.9"), (quantile["loss"], quantile["quantiles"]));
        var absolute = SafetensorsFile.Read(Saved(Bundle(RegressionLoss.MeanAbsoluteError))).Metadata;
        Assert.Equal("mae", absolute["loss"]);
        Assert.False(absolute.ContainsKey("quantiles"));
        var squared = SafetensorsFile.Read(Saved(Bundle(RegressionLoss.MeanSquaredError))).Metadata;
        Assert.False(squared.ContainsKey("loss"));
        Assert.False(squared.ContainsKey("quantiles"));
    }

    [Fact]
    public void A_file_without_a_loss_reads_as_the_mean_squared_error()
    {
        string path = Saved(Bundle(RegressionLoss.MeanAbsoluteError));
        var content = SafetensorsFile.Read(path);
        var metadata = content.Metadata.Where(pair => pair.Key != "loss").ToDictionary(pair => pair.Key, pair => pair.Value);
        SafetensorsFile.Write(path, content.Tensors, metadata);
        Assert.Equal(RegressionLoss.MeanSquaredError, ModelFile.Load(path).Spec.Loss);

        metadata["loss"] = "mse"; // written by hand: the default by name reads too
        SafetensorsFile.Write(path, content.Tensors, metadata);
        Assert.Equal(Bundle(RegressionLoss.MeanSquaredError).Spec, ModelFile.Load(path).Spec);
    }

    [Fact]
    public void A_callers_metadata_cannot_pose_as_the_loss()
    {
        string path = Saved(Bundle(RegressionLoss.MeanSquaredError), new Dictionary<string, string> { ["loss"] = "mae", ["quantiles"] = "0.5" });
        var metadata = SafetensorsFile.Read(path).Metadata;
        Assert.False(metadata.ContainsKey("loss"));
        Assert.False(metadata.ContainsKey("quantiles"));
        Assert.Equal(RegressionLoss.MeanSquaredError, ModelFile.Load(path).Spec.Loss);
    }

    public static TheoryData<string?, string?, string> Damaged() => new()
    {
        { "huber", null, "\"loss\" is \"huber\", not one of mse, mae, quantile" },
        { null, "0.1,,0.9", "\"quantiles\" is \"0.1,,0.9\", not a comma-separated list of numbers" },
        { null, "0.1;0.5;0.9", "\"quantiles\" is \"0.1;0.5;0.9\", not a comma-separated list of numbers" },
        { null, "[0.1,0.5,0.9]", "not a comma-separated list of numbers" },
        { null, "0.1,NaN,0.9", "not a comma-separated list of numbers" },
        { null, "0.1,0.5,Infinity", "not a comma-separated list of numbers" },
        { null, "", "\"quantiles\" is \"\", not a comma-separated list of numbers" },
        { null, "0.1,0.9,0.5", "its metadata describes no model that can exist (Quantiles must be strictly increasing (0.9 is followed by 0.5)." },
        { null, "0.1,0.5,1.5", "its metadata describes no model that can exist (Quantile 1.5 is not strictly between 0 and 1." },
        { null, "0.2,0.4,0.6,0.8", "its metadata describes no model that can exist (A head of 6 outputs cannot hold 4 quantiles of each target" },
        { "mae", null, "its metadata describes no model that can exist (Only the quantile loss takes quantiles." },
        { "quantile", "<none>", "its metadata describes no model that can exist (The quantile loss needs at least one quantile." },
    };

    [Theory]
    [MemberData(nameof(Damaged))]
    public void A_damaged_loss_or_quantiles_is_refused_in_one_sentence(string? loss, string? quantiles, string expected)
    {
        string path = Saved(Bundle(RegressionLoss.Quantile, 0.1, 0.5, 0.9));
        var content = SafetensorsFile.Read(path);
        var metadata = content.Metadata.ToDictionary(pair => pair.Key, pair => pair.Value);
        if (loss is not null)
            metadata["loss"] = loss;
        if (quantiles == "<none>")
            metadata.Remove("quantiles");
        else if (quantiles is not null)
            metadata["quantiles"] = quantiles;
        SafetensorsFile.Write(path, content.Tensors, metadata);
        var error = Assert.Throws<CheckpointException>(() => ModelFile.Load(path));
        Assert.Contains(path, error.Message);
        Assert.True(error.Message.Contains(expected), error.Message);
        Assert.DoesNotContain("--", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void What_a_model_is_says_its_loss()
    {
        Assert.Equal("an LSTM 2x4 model of 2 real-valued inputs with a regression head of 6 values (quantiles 0.1, 0.5, 0.9) on the last step",
            Bundle(RegressionLoss.Quantile, 0.1, 0.5, 0.9).Describe());
        Assert.Equal("an LSTM 2x4 model of 2 real-valued inputs with a regression head of 6 values (quantile 0.5) on the last step",
            Bundle(RegressionLoss.Quantile, 0.5).Describe());
        Assert.Equal("an LSTM 2x4 model of 2 real-valued inputs with a regression head of 6 values (mean absolute error) on the last step",
            Bundle(RegressionLoss.MeanAbsoluteError).Describe());
        Assert.Equal("an LSTM 2x4 model of 2 real-valued inputs with a regression head of 6 values on the last step",
            Bundle(RegressionLoss.MeanSquaredError).Describe());
    }
}
