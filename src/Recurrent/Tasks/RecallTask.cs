// A copy/recall task: the first step shows one of 8 value symbols, the other T - 1 steps random distractor
// symbols (4 of them, apart from the values); the class is the first symbol. The information is all at step 0 and
// the answer is read at step T - 1, so the model must carry it across T - 1 steps of noise. Chance: 1/8.
using Recurrent.Models;
using Recurrent.Numerics;

namespace Recurrent.Tasks;

/// <summary>Remember the first symbol across T - 1 distractors and classify it.</summary>
public sealed class RecallTask : SequenceTask
{
    /// <summary>The shortest T the task is defined for.</summary>
    public const int MinimumLength = 2;

    /// <summary>Value symbols 0-7 (the classes), then distractor symbols 8-11.</summary>
    public const int Values = 8, Distractors = 4;

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is below 2.</exception>
    public RecallTask(int length) : base(length, MinimumLength) { }

    /// <summary>"recall".</summary>
    public override string Name => "recall";

    /// <summary>One-hot symbols.</summary>
    public override InputKind Input => InputKind.OneHot;

    /// <summary>12: the 8 value symbols and the 4 distractors.</summary>
    public override int InputSize => Values + Distractors;

    /// <summary>Classification: which value symbol came first.</summary>
    public override HeadKind Head => HeadKind.Classification;

    /// <summary>8 classes, one per value symbol.</summary>
    public override int OutputSize => Values;

    /// <summary>1/8: the first symbol is uniform over the values.</summary>
    public override double Chance => 1.0 / Values;

    /// <summary>
    /// Draws sequence b of <paramref name="batch"/>: a uniform value symbol at step 0, uniform distractors at steps
    /// 1 to T − 1, and the value as the class.
    /// </summary>
    protected override void Draw(Rng rng, TaskBatch batch, int b)
    {
        int value = rng.NextInt(Values);
        batch.Token(0, b) = value;
        for (int t = 1; t < Length; t++)
            batch.Token(t, b) = Values + rng.NextInt(Distractors);
        batch.TargetClasses[b] = value;
    }

    /// <inheritdoc/>
    public override string Describe() =>
        $"recall, T = {Length}: one of {Values} symbols at step 0, then {Length - 1} random distractors (of {Distractors}); classify the first symbol";
}
