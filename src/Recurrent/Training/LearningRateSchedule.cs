// Learning-rate schedules as a factor on the base rate, a pure function of the step (and epoch), so a
// resumed run recomputes exactly the rate an uninterrupted run would have used.
//   constant: 1
//   step:     char-rnn's decay: × decay per finished epoch after `after` epochs (char-rnn: 0.97 after 10)
//   cosine:   linear warm-up from 0 over `warmup` steps, then a half cosine from 1 down to `minFactor` at the
//             last step (as nanoGPT's get_lr)
namespace Recurrent.Training;

/// <summary>The factor applied to the base learning rate at a step.</summary>
public abstract record LearningRateSchedule
{
    /// <summary>The factor for the step about to be taken: <paramref name="step"/> is 0-based, <paramref name="epoch"/> its epoch.</summary>
    public abstract double Factor(long step, long epoch);

    /// <summary>The schedule's name and settings, for logs and checkpoint metadata.</summary>
    public abstract string Describe();

    /// <summary>Always 1.</summary>
    public sealed record Constant : LearningRateSchedule
    {
        /// <summary>1, whatever the step.</summary>
        public override double Factor(long step, long epoch) => 1;

        /// <summary>"constant".</summary>
        public override string Describe() => "constant";
    }

    /// <summary>decay^(epochs finished beyond <paramref name="After"/>): char-rnn's learning_rate_decay.</summary>
    public sealed record StepDecay(double Decay = 0.97, long After = 10) : LearningRateSchedule
    {
        /// <summary>1 while <paramref name="epoch"/> &lt; After; then Decay^(epoch − After + 1).</summary>
        public override double Factor(long step, long epoch) => epoch < After ? 1 : Math.Pow(Decay, epoch - After + 1);

        /// <summary>"step (×Decay per epoch after epoch After)".</summary>
        public override string Describe() => $"step (×{Decay} per epoch after epoch {After})";
    }

    /// <summary>Linear warm-up over <paramref name="Warmup"/> steps, then cosine decay to <paramref name="MinFactor"/> at <paramref name="TotalSteps"/>.</summary>
    public sealed record Cosine(long Warmup, long TotalSteps, double MinFactor = 0.1) : LearningRateSchedule
    {
        /// <summary>
        /// (step + 1)/Warmup during the warm-up; then MinFactor + (1 − MinFactor)·(1 + cos(π·progress))/2, with
        /// progress = (step − Warmup)/(TotalSteps − Warmup) capped at 1.
        /// </summary>
        public override double Factor(long step, long epoch)
        {
            if (step < Warmup)
                return (step + 1) / (double)Warmup;
            long span = Math.Max(1, TotalSteps - Warmup);
            double progress = Math.Min(1, (step - Warmup) / (double)span);
            return MinFactor + (1 - MinFactor) * 0.5 * (1 + Math.Cos(Math.PI * progress));
        }

        /// <summary>"cosine (warm-up Warmup steps, down to ×MinFactor at step TotalSteps)".</summary>
        public override string Describe() => $"cosine (warm-up {Warmup} steps, down to ×{MinFactor} at step {TotalSteps})";
    }
}
