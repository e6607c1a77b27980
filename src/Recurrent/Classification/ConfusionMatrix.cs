// How a classifier did on held-out examples, as scikit-learn's classification_report and confusion_matrix say it:
// counts of (actual, predicted) pairs, and from them the accuracy, each class's precision, recall and F1, the macro
// F1 (the plain mean over classes, so a rare class counts as much as a common one), and the majority-class
// baseline beside them (what always answering the most common class scores), so a user sees what the model earns.
namespace Recurrent.Classification;

/// <summary>Counts of actual against predicted classes, and the scores derived from them.</summary>
public sealed class ConfusionMatrix
{
    private readonly long[] _counts; // (C × C), row: actual, column: predicted

    /// <param name="labels">The class names, in index order (at least two).</param>
    /// <exception cref="ArgumentException">There are fewer than two labels.</exception>
    public ConfusionMatrix(IReadOnlyList<string> labels)
    {
        if (labels.Count < 2)
            throw new ArgumentException("A confusion matrix needs at least two classes.", nameof(labels));
        Labels = [.. labels];
        _counts = new long[labels.Count * labels.Count];
    }

    /// <summary>The class names, in index order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>C, the classes.</summary>
    public int Classes => Labels.Count;

    /// <summary>The examples counted.</summary>
    public long Total { get; private set; }

    /// <summary>Counts one example of class <paramref name="actual"/> predicted as <paramref name="predicted"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A class is not in [0, C).</exception>
    public void Add(int actual, int predicted)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(actual);
        ArgumentOutOfRangeException.ThrowIfNegative(predicted);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(actual, Classes);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(predicted, Classes);
        _counts[actual * Classes + predicted]++;
        Total++;
    }

    /// <summary>The examples of class <paramref name="actual"/> predicted as <paramref name="predicted"/>.</summary>
    public long Count(int actual, int predicted) => _counts[actual * Classes + predicted];

    /// <summary>The examples of class <paramref name="actual"/> (its support).</summary>
    public long Support(int actual) => Enumerable.Range(0, Classes).Sum(p => Count(actual, p));

    /// <summary>The examples predicted as <paramref name="predicted"/>.</summary>
    public long Predicted(int predicted) => Enumerable.Range(0, Classes).Sum(a => Count(a, predicted));

    /// <summary>The fraction predicted right; NaN before any example.</summary>
    public double Accuracy => Total == 0 ? double.NaN : (double)Enumerable.Range(0, Classes).Sum(c => Count(c, c)) / Total;

    /// <summary>Of the examples predicted as class c, the fraction that are c; 0 when none is predicted c (as scikit-learn's zero_division=0).</summary>
    public double Precision(int c) => Predicted(c) == 0 ? 0 : (double)Count(c, c) / Predicted(c);

    /// <summary>Of the examples of class c, the fraction predicted c; 0 when there is none.</summary>
    public double Recall(int c) => Support(c) == 0 ? 0 : (double)Count(c, c) / Support(c);

    /// <summary>The harmonic mean of precision and recall of class c; 0 when both are 0.</summary>
    public double F1(int c)
    {
        double p = Precision(c), r = Recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /// <summary>
    /// The mean of the classes' F1, each class counting once: over the classes that occur among the actual or the
    /// predicted classes (as scikit-learn's f1_score(average="macro") over the labels it sees), so that a class a test
    /// set lacks and the model never predicts does not count as an F1 of 0; NaN before any example.
    /// </summary>
    public double MacroF1
    {
        get
        {
            var seen = Enumerable.Range(0, Classes).Where(c => Support(c) > 0 || Predicted(c) > 0).ToList();
            return seen.Count == 0 ? double.NaN : seen.Average(F1);
        }
    }

    /// <summary>The class with the most examples (the first on ties).</summary>
    public int MajorityClass => Enumerable.Range(0, Classes).MaxBy(Support);

    /// <summary>The accuracy of always answering the majority class; NaN before any example.</summary>
    public double MajorityAccuracy => Total == 0 ? double.NaN : (double)Support(MajorityClass) / Total;
}
