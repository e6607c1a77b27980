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

    public override string Name => "recall";
    public override InputKind Input => InputKind.OneHot;
    public override int InputSize => Values + Distractors;
    public override HeadKind Head => HeadKind.Classification;
    public override int OutputSize => Values;
    public override double Chance => 1.0 / Values;

    protected override void Draw(Rng rng, TaskBatch batch, int b)
    {
        int value = rng.NextInt(Values);
        batch.Token(0, b) = value;
        for (int t = 1; t < Length; t++)
            batch.Token(t, b) = Values + rng.NextInt(Distractors);
        batch.TargetClasses[b] = value;
    }

    public override string Describe() =>
        $"recall, T = {Length}: one of {Values} symbols at step 0, then {Length - 1} random distractors (of {Distractors}); classify the first symbol";
}
