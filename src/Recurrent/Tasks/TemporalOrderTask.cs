// The temporal-order task of Hochreiter & Schmidhuber (1997, experiment 6a): a sequence of random distractor
// symbols a, b, c, d that starts with E and ends with B, with two relevant symbols, each X or Y, at a random step
// t1 in [T/10, 2T/10] and a random step t2 in [T/2, 6T/10]; the class is their order, XX, XY, YX or YY. At T = 100
// these are the paper's ranges [10, 20] and [50, 60] (the paper's lengths vary in 100-110; here every sequence has
// exactly T steps, so that a batch is one block). Input: one-hot over the 8 symbols. Chance: 1/4.
using Recurrent.Models;
using Recurrent.Numerics;

namespace Recurrent.Tasks;

/// <summary>Classify the order of two marked symbols (X/Y) far apart in a long distractor sequence.</summary>
public sealed class TemporalOrderTask : SequenceTask
{
    /// <summary>The shortest T the task is defined for.</summary>
    public const int MinimumLength = 10;

    /// <summary>The symbols, in one-hot index order.</summary>
    public static readonly string[] Symbols = ["a", "b", "c", "d", "X", "Y", "E", "B"];

    /// <summary>The classes, in index order: the relevant symbols in the order they appear.</summary>
    public static readonly string[] Classes = ["XX", "XY", "YX", "YY"];

    private const int Distractors = 4, X = 4, Start = 6, End = 7;

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is below 10.</exception>
    public TemporalOrderTask(int length) : base(length, MinimumLength) { }

    /// <summary>"temporal-order".</summary>
    public override string Name => "temporal-order";

    /// <summary>One-hot symbols.</summary>
    public override InputKind Input => InputKind.OneHot;

    /// <summary>8: the symbols of <see cref="Symbols"/>.</summary>
    public override int InputSize => Symbols.Length;

    /// <summary>Classification: the order of the two relevant symbols.</summary>
    public override HeadKind Head => HeadKind.Classification;

    /// <summary>4 classes: XX, XY, YX, YY (<see cref="Classes"/>).</summary>
    public override int OutputSize => Classes.Length;

    /// <summary>1/4: the four orders are equally likely.</summary>
    public override double Chance => 1.0 / Classes.Length;

    /// <summary>The inclusive range of the first relevant step, [T/10, 2T/10].</summary>
    public (int From, int To) FirstRange => (Length / 10, 2 * Length / 10);

    /// <summary>The inclusive range of the second relevant step, [T/2, 6T/10].</summary>
    public (int From, int To) SecondRange => (Length / 2, 6 * Length / 10);

    /// <summary>
    /// Draws sequence b of <paramref name="batch"/>: E, uniform distractors a-d, B, with X or Y at a uniform step of
    /// <see cref="FirstRange"/> and of <see cref="SecondRange"/>, and the class 2·first + second (X = 0, Y = 1).
    /// </summary>
    protected override void Draw(Rng rng, TaskBatch batch, int b)
    {
        var (from1, to1) = FirstRange;
        var (from2, to2) = SecondRange;
        int t1 = from1 + rng.NextInt(to1 - from1 + 1), t2 = from2 + rng.NextInt(to2 - from2 + 1);
        int first = rng.NextInt(2), second = rng.NextInt(2); // 0: X, 1: Y
        for (int t = 0; t < Length; t++)
            batch.Token(t, b) = t == 0 ? Start : t == Length - 1 ? End
                : t == t1 ? X + first : t == t2 ? X + second : rng.NextInt(Distractors);
        batch.TargetClasses[b] = 2 * first + second;
    }

    /// <inheritdoc/>
    public override string Describe()
    {
        var (from1, to1) = FirstRange;
        var (from2, to2) = SecondRange;
        return $"temporal order, T = {Length}: E, distractors a-d, B; X or Y at a step in [{from1}, {to1}] and at a step in [{from2}, {to2}]; " +
            "4 classes XX, XY, YX, YY";
    }
}
