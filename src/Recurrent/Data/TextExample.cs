// One labelled text for a classifier, with where it came from so that a message can point at it.
namespace Recurrent.Data;

/// <summary>A text, its class label, and its origin ("'reviews.csv', line 12", "'female.txt', line 3", "'pos/17.txt'").</summary>
public sealed record TextExample(string Text, string Label, string Origin);
