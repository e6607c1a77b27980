// Trains a sequence classifier through the one TrainingSession: the training part's batches (shuffled each epoch,
// grouped by length and/or balanced over classes as the settings say), the validation part as the validator (loss
// and accuracy), checkpoints, the best model, early stopping, guards and resume, as every run gets. The model file
// carries the classes, the vocabulary (or the scaling) and the settings, so a checkpoint is a classifier as it stands;
// Resume rebuilds the data from the same examples with the saved settings and seed, and refuses other data.
using System.Globalization;
using Recurrent.IO;
using Recurrent.Models;
using Recurrent.Training;

namespace Recurrent.Classification;

/// <summary>One training run of a sequence classifier, new or resumed.</summary>
public sealed class ClassifierRun
{
    private const string BatchKey = "train.batch", DataKey = "train.data_fingerprint", SplitSeedKey = "train.split_seed";

    private ClassifierRun(ClassificationData data, TrainingSession session)
    {
        Data = data;
        Session = session;
    }

    /// <summary>
    /// A new run on <paramref name="data"/>: a network of <paramref name="model"/>'s options initialised from the
    /// training options' seed, and a session over the data's training and validation parts.
    /// </summary>
    /// <exception cref="RecurrentException">There are fewer training examples than a batch.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size or option is out of range.</exception>
    /// <param name="data">The prepared examples.</param>
    /// <param name="model">The network's options.</param>
    /// <param name="training">Optimisation, validation and stops.</param>
    /// <param name="checkpointPath">Where the resumable checkpoint goes (null: no files).</param>
    /// <param name="runMetadata">A front end's own facts about the run ("train." keys), kept in every checkpoint.</param>
    public static ClassifierRun Start(ClassificationData data, ClassifierModelOptions model, TrainingOptions training, string? checkpointPath = null,
        IReadOnlyDictionary<string, string>? runMetadata = null)
    {
        var spec = model.Spec(data.Tokens is not null, data.Tokens?.Vocabulary.Count ?? data.Features, data.Labels.Count, data.Settings.Pooling);
        var network = new RecurrentModel<float>(spec);
        network.Initialize(training.Seed);
        var bundle = Bundle(network, data);
        var session = TrainingSession.Start(bundle, data.Training(model.Batch, training.Seed), Validator(network, data), training, checkpointPath,
            new Dictionary<string, string>(runMetadata ?? new Dictionary<string, string>())
            {
                [BatchKey] = model.Batch.ToString(CultureInfo.InvariantCulture),
                [DataKey] = data.Fingerprint(),
                [SplitSeedKey] = data.Seed.ToString(CultureInfo.InvariantCulture),
            });
        return new ClassifierRun(data, session);
    }

    /// <summary>
    /// Continues the run saved in <paramref name="resumeFrom"/>, up to <paramref name="steps"/> steps in all, on the data
    /// <paramref name="prepare"/> makes from the saved settings and split seed (the examples it was trained on).
    /// </summary>
    /// <exception cref="CheckpointException">The file is not a resumable classifier run, or the data is not what it was trained on.</exception>
    /// <exception cref="ModelKindException">The checkpoint holds another kind of model.</exception>
    public static ClassifierRun Resume(string resumeFrom, Func<ClassifierSettings, ulong, ClassificationData> prepare, long? steps, string? checkpointPath)
    {
        var checkpoint = TrainingCheckpoint.Load(resumeFrom);
        var classifier = new Classifier(checkpoint.Model, $"'{resumeFrom}'");
        var metadata = checkpoint.Metadata;
        int batch = metadata.TryGetValue(BatchKey, out var text) && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int b) && b > 0
            ? b : throw new CheckpointException($"'{resumeFrom}' cannot be resumed as a classifier run: its batch size is missing or damaged.");
        ulong seed = metadata.TryGetValue(SplitSeedKey, out var seedText) && ulong.TryParse(seedText, NumberStyles.None, CultureInfo.InvariantCulture, out ulong s)
            ? s : throw new CheckpointException($"'{resumeFrom}' cannot be resumed as a classifier run: its split seed is missing or damaged.");
        var data = prepare(classifier.Settings, seed);
        if (!metadata.TryGetValue(DataKey, out var saved) || saved != data.Fingerprint())
            throw new CheckpointException($"'{resumeFrom}' was trained on other examples than these; resume it with the data it was trained on.");
        var session = TrainingSession.Resume(checkpoint, data.Training(batch, checkpoint.Options.Seed), Validator(checkpoint.Model.Network, data),
            steps, checkpointPath);
        return new ClassifierRun(data, session);
    }

    /// <summary>The prepared examples.</summary>
    public ClassificationData Data { get; }

    /// <summary>The training session the run drives.</summary>
    public TrainingSession Session { get; }

    /// <summary>The classifier as the model stands now.</summary>
    public Classifier Classifier => new(Session.Model);

    /// <summary>The bundle of a classifier network trained on <paramref name="data"/>: classes, vocabulary or scaling, and settings.</summary>
    public static ModelBundle Bundle(RecurrentModel<float> network, ClassificationData data) => new ModelBundle(network)
    {
        Labels = data.Labels,
        Vocabulary = data.Tokens?.Vocabulary,
        InputScaling = data.Scaling,
        Metadata = Metadata(data),
    }.Validated();

    /// <summary>The classifier settings, and how its table was read or its audio turned into features, when they were.</summary>
    private static Dictionary<string, string> Metadata(ClassificationData data)
    {
        var metadata = new Dictionary<string, string> { [ClassifierSettings.MetadataKey] = data.Settings.ToJson() };
        if (data.Layout is { } layout)
            metadata[SequenceLayout.MetadataKey] = layout.ToJson();
        if (data.Audio is { } audio)
            metadata[Classifier.AudioMetadataKey] = audio.ToJson().ToJsonString();
        return metadata;
    }

    private static ExampleValidation<float>? Validator(RecurrentModel<float> network, ClassificationData data) =>
        data.Validation() is { } validation ? new ExampleValidation<float>(network, validation, batch: 64) : null;
}
