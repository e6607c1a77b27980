// The embedded Reber grammar (Hochreiter & Schmidhuber 1997, experiment 1) as a many-to-one task. The classic
// formulation predicts every next symbol; all of those are local (the grammar's two choices per node) except one,
// the symbol before the final E, which repeats the second symbol across the whole inner Reber string. That one is
// the long-range part, and it is what this task asks for: the input is an embedded Reber string up to and including
// the inner string's E (B, T|P, B ... E), the target is the symbol that comes next, T or P (2 classes, chance 1/2).
// Strings vary in length; each is left-padded with a padding symbol to the window of T steps so that it ends at the
// last step, where the head reads. A string longer than T is drawn again, so T should comfortably exceed the
// typical length (about 11 here, at least 7).
using Recurrent.Models;
using Recurrent.Numerics;

namespace Recurrent.Tasks;

/// <summary>Read an embedded Reber string up to its inner E and say which of T or P comes next.</summary>
public sealed class EmbeddedReberTask : SequenceTask
{
    /// <summary>The padding symbol, after the grammar's seven.</summary>
    public const int Padding = 7;

    /// <summary>The shortest T the task is defined for: B, T|P, then the shortest Reber string BTXSE.</summary>
    public const int MinimumLength = 7;

    private readonly List<int> _symbols = new(64);

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is below 7.</exception>
    public EmbeddedReberTask(int length) : base(length, MinimumLength) { }

    /// <summary>"reber".</summary>
    public override string Name => "reber";

    /// <summary>One-hot symbols.</summary>
    public override InputKind Input => InputKind.OneHot;

    /// <summary>8: the grammar's seven symbols BTPSXVE and the padding symbol.</summary>
    public override int InputSize => ReberGrammar.Alphabet.Length + 1;

    /// <summary>Classification: T or P.</summary>
    public override HeadKind Head => HeadKind.Classification;

    /// <summary>2 classes: 0 is T, 1 is P (<see cref="ClassOf"/>).</summary>
    public override int OutputSize => 2;

    /// <summary>1/2: T and P are equally likely.</summary>
    public override double Chance => 0.5;

    /// <summary>Class 0 is T, class 1 is P.</summary>
    public static int ClassOf(int symbol) => symbol == ReberGrammar.T ? 0 : 1;

    /// <summary>
    /// Draws sequence b of <paramref name="batch"/>: an embedded Reber string up to its inner E (drawn again while
    /// longer than T), left-padded to T steps, and the class of the symbol that follows, T or P.
    /// </summary>
    protected override void Draw(Rng rng, TaskBatch batch, int b)
    {
        do
        {
            _symbols.Clear();
            ReberGrammar.DrawEmbedded(rng, _symbols);
        }
        while (_symbols.Count - 2 > Length);
        int inputs = _symbols.Count - 2, padding = Length - inputs;
        for (int t = 0; t < Length; t++)
            batch.Token(t, b) = t < padding ? Padding : _symbols[t - padding];
        batch.TargetClasses[b] = ClassOf(_symbols[^2]);
    }

    /// <inheritdoc/>
    public override string Describe() =>
        $"embedded Reber grammar, window T = {Length}: read B, T|P, B ... E (left-padded), classify the next symbol (T or P), " +
        "which repeats the second";
}
