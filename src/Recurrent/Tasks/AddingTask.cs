// The adding problem of Hochreiter & Schmidhuber (1997, experiment 4), in its common modern form: each step is a
// pair (value uniform in [-1, 1], marker in {0, 1}); exactly two pairs are marked, the first among the first 10
// steps, the second elsewhere before T/2; the target is 0.5 + (X1 + X2)/4, in [0, 1]. A sequence is solved when
// the prediction is within 0.04 of the target. Predicting the mean 0.5 whatever the input gives an expected
// squared error of Var((X1 + X2)/4) = 2·(1/3)/16 = 1/24 ≈ 0.0417, the baseline a model without memory sits at.
// (The original also set the first and last markers to -1 and the value of a marked first pair to 0; those
// details are left out here, as in most later work.)
using Recurrent.Models;
using Recurrent.Numerics;

namespace Recurrent.Tasks;

/// <summary>The adding problem: remember two marked values among T and output their scaled sum.</summary>
public sealed class AddingTask : SequenceTask
{
    /// <summary>The shortest T the task is defined for.</summary>
    public const int MinimumLength = 4;

    /// <summary>|prediction − target| below this solves a sequence.</summary>
    public const double Tolerance = 0.04;

    /// <summary>The first marked pair is among this many first steps.</summary>
    public const int FirstWindow = 10;

    /// <summary>E[(target − 0.5)²] = Var(X1 + X2)/16 = (2/3)/16 = 1/24: the squared error of the best constant predictor.</summary>
    public const double ConstantPredictorMse = 1.0 / 24;

    /// <summary>The prediction of the best constant predictor, E[target].</summary>
    public const double ConstantPrediction = 0.5;

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is below 4 (two marked steps before T/2).</exception>
    public AddingTask(int length) : base(length, MinimumLength) { }

    /// <summary>"adding".</summary>
    public override string Name => "adding";

    /// <summary>Dense: each step is a vector of real values.</summary>
    public override InputKind Input => InputKind.Dense;

    /// <summary>2: the value and the marker of a step.</summary>
    public override int InputSize => 2;

    /// <summary>Regression: the target 0.5 + (X1 + X2)/4.</summary>
    public override HeadKind Head => HeadKind.Regression;

    /// <summary>1: the scaled sum.</summary>
    public override int OutputSize => 1;

    /// <summary>No classes; a constant prediction solves about 23% of sequences (|X1 + X2| &lt; 0.16), not a chance level.</summary>
    public override double Chance => double.NaN;

    /// <summary>(0.5, 1/24): <see cref="ConstantPrediction"/> and <see cref="ConstantPredictorMse"/>.</summary>
    public override (double Prediction, double ExpectedMse) ConstantPredictor => (ConstantPrediction, ConstantPredictorMse);

    /// <summary>Whether |prediction − target| &lt; <see cref="Tolerance"/> (0.04).</summary>
    public override bool Solves(ReadOnlySpan<double> prediction, ReadOnlySpan<double> target) =>
        Math.Abs(prediction[0] - target[0]) < Tolerance;

    /// <summary>
    /// Draws sequence b of <paramref name="batch"/>: T pairs (value uniform in [-1, 1], marker), two of them marked
    /// (the first among the first 10 steps, the second elsewhere before T/2), and the target 0.5 + (X1 + X2)/4.
    /// </summary>
    protected override void Draw(Rng rng, TaskBatch batch, int b)
    {
        int half = Length / 2;
        int first = rng.NextInt(Math.Min(FirstWindow, half));
        int second = rng.NextInt(half - 1);
        if (second >= first)
            second++; // uniform over [0, T/2) without the first
        double sum = 0;
        for (int t = 0; t < Length; t++)
        {
            double value = 2 * rng.NextDouble() - 1;
            bool marked = t == first || t == second;
            batch.Input(t, b, 0) = value;
            batch.Input(t, b, 1) = marked ? 1 : 0;
            if (marked)
                sum += value;
        }
        batch.TargetValues[b] = 0.5 + sum / 4;
    }

    /// <inheritdoc/>
    public override string Describe() =>
        $"adding problem, T = {Length}: pairs (value in [-1, 1], marker); two marked, the first in steps 0-{Math.Min(FirstWindow, Length / 2) - 1}, " +
        $"the second before step {Length / 2}; target 0.5 + (X1 + X2)/4; solved when |error| < {Tolerance}";
}
