// The classification report on a small case worked by hand (the numbers scikit-learn's classification_report gives
// for it): accuracy, per-class precision, recall and F1, macro F1 and the majority baseline; a class never predicted
// scores 0, as scikit-learn's zero_division=0.
using Recurrent.Classification;

namespace Recurrent.Tests.Classification;

public sealed class ConfusionMatrixTests
{
    [Fact]
    public void The_scores_of_a_small_case_are_those_worked_by_hand()
    {
        // actual:    a a a a b b c
        // predicted: a a b c b b b
        var matrix = new ConfusionMatrix(["a", "b", "c"]);
        int[] actual = [0, 0, 0, 0, 1, 1, 2], predicted = [0, 0, 1, 2, 1, 1, 1];
        for (int i = 0; i < actual.Length; i++)
            matrix.Add(actual[i], predicted[i]);
        Assert.Equal(7, matrix.Total);
        Assert.Equal(4.0 / 7, matrix.Accuracy, 12);
        Assert.Equal((1.0, 0.5), (matrix.Precision(0), matrix.Recall(0)));
        Assert.Equal((0.5, 1.0), (matrix.Precision(1), matrix.Recall(1)));
        Assert.Equal((0.0, 0.0, 0.0), (matrix.Precision(2), matrix.Recall(2), matrix.F1(2)));
        Assert.Equal(2.0 / 3, matrix.F1(0), 12);
        Assert.Equal(2.0 / 3, matrix.F1(1), 12);
        Assert.Equal(4.0 / 9, matrix.MacroF1, 12);
        Assert.Equal((0, 4.0 / 7), (matrix.MajorityClass, matrix.MajorityAccuracy));
        Assert.Equal(4, matrix.Predicted(1));
        Assert.Equal(1, matrix.Count(0, 2));
    }

    [Fact]
    public void Macro_F1_averages_over_the_classes_seen_among_actual_or_predicted()
    {
        // A 3-class model scored on a test set of classes a and b that never predicts c: sklearn's
        // f1_score([a,a,b,b], [a,b,b,b], average="macro") = mean(2/3, 4/5) = 11/15, not a third lower.
        var matrix = new ConfusionMatrix(["a", "b", "c"]);
        foreach (var (actual, predicted) in new[] { (0, 0), (0, 1), (1, 1), (1, 1) })
            matrix.Add(actual, predicted);
        Assert.Equal(11.0 / 15, matrix.MacroF1, 12);
        matrix.Add(1, 2); // a prediction of c makes c a class seen, with an F1 of 0
        Assert.Equal((2.0 / 3 + 2.0 / 3 + 0) / 3, matrix.MacroF1, 12);
        Assert.True(double.IsNaN(new ConfusionMatrix(["a", "b"]).MacroF1));
    }

    [Fact]
    public void Classes_out_of_range_and_a_single_class_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new ConfusionMatrix(["only"]));
        var matrix = new ConfusionMatrix(["a", "b"]);
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.Add(2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.Add(0, -1));
        Assert.True(double.IsNaN(matrix.Accuracy));
    }
}
