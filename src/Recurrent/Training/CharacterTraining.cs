// A whole character-model training run on a text: vocabulary from the text, the train/validation
// split, PyTorch-style initialisation from the seed, truncated-BPTT steps, and the validation loss
// at the end. The caller sees each step through a callback and can stop early with a token; what has
// been learned so far is returned either way.
using Recurrent.Data;
using Recurrent.Models;

namespace Recurrent.Training;

/// <summary>Trains a <see cref="CharacterModel"/> on a text.</summary>
public static class CharacterTraining
{
    /// <summary>Runs the training described by <paramref name="options"/> on <paramref name="text"/>.</summary>
    /// <exception cref="RecurrentException">
    /// The text is too short for the batch and window, or the loss became NaN or infinite.
    /// </exception>
    public static TrainingResult Run(string text, TrainingOptions options, Action<TrainingStep>? onStep = null,
        CancellationToken cancellation = default)
    {
        var vocabulary = Vocabulary.FromText(text);
        int[] tokens = vocabulary.Encode(text);
        int trainLength = (int)Math.Floor(tokens.Length * (1 - options.ValFraction));
        int[] train = tokens[..trainLength];
        int[] validation = tokens[trainLength..];

        var model = CharacterModel.Create(options.Cell, vocabulary, options.Hidden, options.Layers);
        model.Network.Initialize(options.Seed);
        var streams = new TextStreams(train, options.Batch, options.SeqLen);
        var optimizer = options.Optimizer.Create<float>(model.Network.Parameters.Count, options.EffectiveLearningRate, options.Momentum);
        var trainer = new Trainer<float>(model.Network, streams, optimizer, options.Clip);

        TrainingStep? last = null;
        bool interrupted = false;
        for (long k = 0; k < options.Steps; k++)
        {
            if (cancellation.IsCancellationRequested)
            {
                interrupted = true;
                break;
            }
            last = trainer.Step();
            onStep?.Invoke(last.Value);
        }
        double? validationLoss = validation.Length >= 2 ? Evaluation.MeanCrossEntropy(model.Network, validation) : null;
        return new TrainingResult(model, trainer.StepsDone, last?.Loss, validationLoss, interrupted,
            train.Length, validation.Length, streams.WindowsPerEpoch);
    }
}
