// One of the most likely next tokens a language model predicts after a step of a gate trace.
namespace Recurrent.Diagnostics;

/// <summary>A token (its character) and the probability the model's softmax gives it as the next one.</summary>
public sealed record NextToken(string Char, float Probability);
