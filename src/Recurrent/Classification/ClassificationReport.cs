// What a classifier scored on labelled examples: the confusion matrix with everything derived from it (accuracy,
// per-class precision, recall and F1, macro F1, the majority-class baseline), how many examples, and how many of their
// characters the model's vocabulary lacks (read as unknown), since a classifier cannot know what it never saw.
namespace Recurrent.Classification;

/// <summary>The scores of a classifier on labelled examples.</summary>
/// <param name="Matrix">Counts of actual against predicted classes, and the scores derived from them.</param>
/// <param name="UnknownCharacters">Characters of the texts outside the model's vocabulary (0 for real-valued sequences).</param>
/// <param name="MeanLoss">The mean cross-entropy (nats) of the examples' true classes.</param>
public sealed record ClassificationReport(ConfusionMatrix Matrix, long UnknownCharacters, double MeanLoss);
