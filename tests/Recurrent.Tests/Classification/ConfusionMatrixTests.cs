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
    public void Classes_out_of_range_and_a_single_class_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new ConfusionMatrix(["only"]));
        var matrix = new ConfusionMatrix(["a", "b"]);
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.Add(2, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.Add(0, -1));
        Assert.True(double.IsNaN(matrix.Accuracy));
    }
}
