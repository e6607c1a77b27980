// Trains a forecaster through the one TrainingSession: the training windows of every series (shuffled each epoch),
// the validation windows as the validator (the model's own loss on them), checkpoints, the best model, early
// stopping and resume, as every run gets. The model file carries the layout and the scalings, so a checkpoint is a
// forecaster as it stands; Resume rebuilds the windows from the same table and refuses another.
using System.Globalization;
using System.Security.Cryptography;
using Recurrent.IO;
using Recurrent.Models;
using Recurrent.Training;

namespace Recurrent.Forecasting;

/// <summary>One training run of a forecaster on a table of series, new or resumed.</summary>
public sealed class ForecastRun
{
    private const string BatchKey = "train.batch", DataKey = "train.data_fingerprint";

    private ForecastRun(ForecastData data, TrainingSession session, ForecastWindows training, ForecastWindows? validation)
    {
        Data = data;
        Session = session;
        TrainingWindows = training;
        ValidationWindows = validation;
    }

    /// <summary>
    /// A new run: the table prepared under <paramref name="settings"/> (scalings fitted on its training rows), a network
    /// initialised from the options' seed, and a session over its training and validation windows.
    /// </summary>
    /// <exception cref="RecurrentException">A series is too short, there are fewer windows than a batch, or a setting does not fit the columns.</exception>
    public static ForecastRun Start(SeriesTable table, ForecastSettings settings, ForecastModelOptions model, TrainingOptions training,
        string? checkpointPath = null)
    {
        var layout = new ForecastLayout(table.Columns, settings, ForecastData.LevelsOf(table, settings));
        var data = ForecastData.Prepare(layout, table);
        var spec = (layout.ModelSpec(model.Cell, model.Hidden, model.Layers, model.Dropout) with
        {
            ZoneoutHidden = model.ZoneoutHidden,
            ZoneoutCell = model.ZoneoutCell,
        }).Validated();
        var network = new RecurrentModel<float>(spec);
        network.Initialize(training.Seed);
        var (source, validation) = Windows(data, model.Batch, training.Seed);
        var bundle = Forecaster.Bundle(network, data);
        var session = TrainingSession.Start(bundle, source, Validator(network, validation), training, checkpointPath, new Dictionary<string, string>
        {
            [BatchKey] = model.Batch.ToString(CultureInfo.InvariantCulture),
            [DataKey] = Fingerprint(data),
        });
        return new ForecastRun(data, session, source, validation);
    }

    /// <summary>Continues the run saved in <paramref name="resumeFrom"/> on <paramref name="table"/>, the data it was trained on, up to <paramref name="steps"/> steps in all.</summary>
    /// <exception cref="CheckpointException">The file is not a resumable forecasting run, or the table is not the one it was trained on.</exception>
    /// <exception cref="ModelKindException">The checkpoint holds another kind of model.</exception>
    public static ForecastRun Resume(string resumeFrom, SeriesTable table, long? steps, string? checkpointPath)
    {
        var checkpoint = TrainingCheckpoint.Load(resumeFrom);
        var forecaster = new Forecaster(checkpoint.Model, $"'{resumeFrom}'");
        var data = forecaster.Prepare(table);
        if (!checkpoint.Metadata.TryGetValue(DataKey, out var saved) || saved != Fingerprint(data))
            throw new CheckpointException($"'{resumeFrom}' was trained on other data than this table; resume it with the data it was trained on.");
        int batch = checkpoint.Metadata.TryGetValue(BatchKey, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int b) && b > 0
            ? b : throw new CheckpointException($"'{resumeFrom}' cannot be resumed as a forecasting run: its batch size is missing or damaged.");
        var (source, validation) = Windows(data, batch, checkpoint.Options.Seed);
        var session = TrainingSession.Resume(checkpoint, source, Validator(checkpoint.Model.Network, validation), steps, checkpointPath);
        return new ForecastRun(data, session, source, validation);
    }

    /// <summary>The prepared series.</summary>
    public ForecastData Data { get; }

    /// <summary>The training session the run drives.</summary>
    public TrainingSession Session { get; }

    /// <summary>The training windows.</summary>
    public ForecastWindows TrainingWindows { get; }

    /// <summary>The validation windows (null when the validation fraction leaves none).</summary>
    public ForecastWindows? ValidationWindows { get; }

    /// <summary>The forecaster as the model stands now.</summary>
    public Forecaster Forecaster => new(Session.Model);

    private static (ForecastWindows Training, ForecastWindows? Validation) Windows(ForecastData data, int batch, ulong seed)
    {
        var training = new ForecastWindows(data, data.Origins(ForecastPart.Training), batch, seed);
        var origins = data.Origins(ForecastPart.Validation);
        if (origins.Count == 0 && data.Layout.Settings.ValidationFraction > 0)
            throw new RecurrentException(
                $"The validation rows of every series are fewer than the horizon ({data.Layout.Settings.Horizon}), so no window validates; " +
                "raise valFraction, or set it to 0 to train without validation.", "valFraction", "horizon");
        return (training, origins.Count == 0 ? null : new ForecastWindows(data, origins, 1, shuffle: false));
    }

    private static ExampleValidation<float>? Validator(RecurrentModel<float> network, ForecastWindows? validation) =>
        validation is null ? null : new ExampleValidation<float>(network, validation, batch: 64);

    /// <summary>A hash of what training reads: every series' standardised rows and targets, and the settings that shape windows.</summary>
    private static string Fingerprint(ForecastData data)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(data.Layout.ToJson()));
        foreach (var series in data.Series)
        {
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(series.Features.AsSpan()));
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(series.Targets.AsSpan()));
        }
        return Convert.ToHexString(hash.GetHashAndReset()).ToLowerInvariant();
    }
}
