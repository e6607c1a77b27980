// A held-out part drawn class by class (scikit-learn's train_test_split with stratify=y): each class's examples are
// shuffled with the seed and the last fraction of each goes to validation, so both parts keep the classes'
// proportions, a rare class included. Indices, not examples, so any labelled set can be split the same way.
using Recurrent.Numerics;

namespace Recurrent.Data;

/// <summary>Splits example indices into training and validation parts with the same class proportions.</summary>
public static class StratifiedSplit
{
    /// <summary>
    /// The training and validation indices of examples labelled <paramref name="labels"/>: from each class,
    /// round(n·<paramref name="fraction"/>) examples (at least one when the fraction is above 0 and the class has two or
    /// more) go to validation; both lists in ascending order.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The fraction is not in [0, 1).</exception>
    /// <exception cref="RecurrentException">A class would have no training or (with a fraction above 0) no validation example.</exception>
    public static (int[] Training, int[] Validation) Split<TLabel>(IReadOnlyList<TLabel> labels, double fraction, ulong seed)
        where TLabel : notnull
    {
        if (!(fraction >= 0 && fraction < 1))
            throw new ArgumentOutOfRangeException(nameof(fraction), fraction, "The fraction must be in [0, 1).");
        var rng = new Rng(seed);
        var training = new List<int>();
        var validation = new List<int>();
        foreach (var group in Enumerable.Range(0, labels.Count).GroupBy(i => labels[i]))
        {
            int[] members = [.. group];
            for (int k = members.Length - 1; k > 0; k--) // Fisher-Yates
            {
                int j = rng.NextInt(k + 1);
                (members[k], members[j]) = (members[j], members[k]);
            }
            int held = (int)Math.Round(members.Length * fraction);
            if (fraction > 0 && held == 0 && members.Length >= 2)
                held = 1;
            if (held >= members.Length || (fraction > 0 && held == 0))
                throw new RecurrentException(
                    $"The class '{group.Key}' has {members.Length} example(s), too few to both train and validate on; " +
                    "lower valFraction or give more examples.", "valFraction");
            training.AddRange(members[..^held]);
            validation.AddRange(members[^held..]);
        }
        training.Sort();
        validation.Sort();
        return ([.. training], [.. validation]);
    }
}
