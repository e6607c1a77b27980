// One class a classifier proposes for an example, with its probability (the softmax of the head's logits, averaged
// over an ensemble's members).
namespace Recurrent.Classification;

/// <summary>A class name, its index and its probability.</summary>
public sealed record ClassPrediction(string Label, int Class, double Probability);
