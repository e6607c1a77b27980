// A speech classifier for the speech workload: one of `recurrent speech train`, loaded from its file, or one of a
// config's shape trained here for a few steps. Latency does not depend on how well a model was trained, only on its
// shape and the words' lengths; the few steps only move the weights off their initial values, so that the activations
// see the values a trained model's do rather than those of fresh weights.
using System.Globalization;
using Recurrent.Audio;
using Recurrent.Classification;
using Recurrent.Models;
using Recurrent.Training;

namespace Recurrent.Bench;

/// <param name="Name">The CSV name: "gru-1x64-bidirectional-mean", or the model file's name.</param>
/// <param name="Display">The table name: "bidirectional GRU 1x64, mean".</param>
internal sealed record SpeechModel(string Name, string Display, Classifier Classifier)
{
    /// <summary>The training steps of a model trained here (batches of 32, no validation, no augmentation).</summary>
    public const int TrainingSteps = 30;

    /// <summary>The settings `speech train` reads the shared digits with: MFCC at 8 kHz, 13 coefficients with deltas (39).</summary>
    public static AudioFeatureSettings Features => AudioFeatureSettings.For(8000);

    /// <summary>Weights in the network.</summary>
    public long Parameters => Classifier.Model.Network.Parameters.Count;

    /// <summary>The model of a file made by `recurrent speech train`.</summary>
    /// <exception cref="BenchUsageException">The file is missing, not a model, or not a speech classifier.</exception>
    public static SpeechModel Load(string path)
    {
        try
        {
            var bundle = ModelFile.Load(path);
            if (!Classifier.IsClassifier(bundle))
                throw new BenchUsageException($"--model: '{path}' is {bundle.Describe()}, not a model of `recurrent speech train`.");
            var classifier = new Classifier(bundle, $"'{path}'");
            if (classifier.Audio is null)
                throw new BenchUsageException($"--model: '{path}' is a classifier of texts or tables, not of speech; give a model of `recurrent speech train`.");
            var spec = bundle.Spec;
            return new SpeechModel(Path.GetFileNameWithoutExtension(path), $"{Path.GetFileName(path)} ({Describe(spec)})", classifier);
        }
        catch (RecurrentException e)
        {
            throw new BenchUsageException($"--model: {e.Message}");
        }
    }

    /// <summary>
    /// A classifier of <paramref name="config"/>'s cell and sizes as `speech train --bidirectional` builds it (mean over the
    /// frames, dropout 0.3, Adam 2e-3, clip 5), trained for <see cref="TrainingSteps"/> steps on every word from seed 1.
    /// </summary>
    public static SpeechModel Train(BenchConfig config, SpokenWords words)
    {
        var data = ClassificationData.FromSpokenWords(words, [.. Enumerable.Range(0, words.Labels.Count)],
            new ClassifierSettings { Pooling = Readout.MeanOverSteps, ValidationFraction = 0 }, seed: RecurrentSide.InitialSeed);
        var shape = new ClassifierModelOptions
        {
            Cell = RecurrentSide.Cell(config) ?? throw new InvalidOperationException($"Recurrent has no {config.Cell} cell."),
            Hidden = config.Hidden,
            Layers = config.Layers,
            Bidirectional = true,
            Dropout = 0.3,
            Batch = 32,
        };
        var training = new TrainingOptions
        {
            Steps = TrainingSteps, LearningRate = 2e-3, Clip = 5, EvalEvery = 0, ExplodeFactor = 0, Seed = RecurrentSide.InitialSeed,
        };
        var run = ClassifierRun.Start(data, shape, training);
        run.Session.Run();
        var classifier = run.Classifier;
        return new SpeechModel($"{config.Name}-bidirectional-mean", Describe(classifier.Model.Spec), classifier);
    }

    /// <summary>"bidirectional GRU 1x64, mean, 39 features": the words of `speech train`'s options.</summary>
    private static string Describe(ModelSpec spec) => string.Create(CultureInfo.InvariantCulture,
        $"{(spec.Bidirectional ? "bidirectional " : "")}{spec.Cell.ToName().ToUpperInvariant()} {spec.Layers}x{spec.Hidden}, {Pooling(spec.Readout)}, {spec.InputSize} features");

    private static string Pooling(Readout readout) => readout switch
    {
        Readout.MeanOverSteps => "mean",
        Readout.MaxOverSteps => "max",
        Readout.FinalStates => "final",
        Readout.LastStep => "last",
        _ => readout.ToString(),
    };
}
