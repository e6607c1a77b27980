// Asynchronous successive halving (ASHA, Li et al. 2020), the pruning of Ray Tune's ASHAScheduler and of Hyperband's
// brackets: trials run at rung 0 for the fewest steps; a trial whose score is in the best 1/η of the scores reported
// at its rung so far is promoted to the next rung, η times the steps; the top rung is the most steps. A free worker
// takes a promotion when there is one (the highest rung first), else starts a new trial, else waits for the running
// ones. Lower scores are better (validation losses). This class decides; it runs nothing and holds no files.
namespace Recurrent.Tuning;

/// <summary>The ASHA decisions over a fixed number of trials; thread-safe.</summary>
public sealed class Asha
{
    private readonly object _gate = new();
    private readonly List<SortedSet<(double Score, int Trial)>> _scores = [];
    private readonly HashSet<(int Trial, int Rung)> _promoted = [], _running = [];
    private readonly HashSet<int> _started = [];

    /// <param name="trials">How many trials start at rung 0.</param>
    /// <param name="minSteps">The steps of rung 0.</param>
    /// <param name="maxSteps">The steps of the top rung (at least <paramref name="minSteps"/>).</param>
    /// <param name="eta">The reduction factor: 1/η of a rung goes on, with η times the steps.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is not positive, the steps are inverted, or η is below 2.</exception>
    public Asha(int trials, long minSteps, long maxSteps, int eta)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(trials);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minSteps);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSteps, minSteps);
        ArgumentOutOfRangeException.ThrowIfLessThan(eta, 2);
        Trials = trials;
        Eta = eta;
        var rungs = new List<long>();
        for (long steps = minSteps; steps < maxSteps; steps = checked(steps * eta))
            rungs.Add(steps);
        rungs.Add(maxSteps);
        RungSteps = rungs;
        foreach (var _ in rungs)
            _scores.Add([]);
    }

    /// <summary>How many trials the search starts.</summary>
    public int Trials { get; }

    /// <summary>The reduction factor.</summary>
    public int Eta { get; }

    /// <summary>The steps of each rung, rung 0 first: min, min·η, min·η², …, max.</summary>
    public IReadOnlyList<long> RungSteps { get; }

    /// <summary>
    /// The next job for a free worker: a promotion (trial, rung) when one is due, else a new trial at rung 0; null when
    /// there is nothing to start now (<paramref name="finished"/> tells whether there never will be).
    /// </summary>
    public (int Trial, int Rung)? Next(out bool finished)
    {
        lock (_gate)
        {
            for (int rung = RungSteps.Count - 2; rung >= 0; rung--)
            {
                var ranked = _scores[rung];
                int keep = ranked.Count / Eta;
                foreach (var (_, trial) in ranked.Take(keep))
                    if (_promoted.Add((trial, rung)))
                        return Start(trial, rung + 1, out finished);
            }
            for (int trial = 0; trial < Trials; trial++)
                if (_started.Add(trial))
                    return Start(trial, 0, out finished);
            finished = _running.Count == 0;
            return null;
        }
    }

    private (int, int) Start(int trial, int rung, out bool finished)
    {
        _running.Add((trial, rung));
        finished = false;
        return (trial, rung);
    }

    /// <summary>Records a job's score (a NaN or missing score counts as the worst).</summary>
    public void Report(int trial, int rung, double score)
    {
        lock (_gate)
        {
            _running.Remove((trial, rung));
            _scores[rung].Add((double.IsFinite(score) ? score : double.PositiveInfinity, trial));
        }
    }

    /// <summary>A job that did not finish (a stop, a failure): it scores nothing and is not promoted.</summary>
    public void Abandon(int trial, int rung)
    {
        lock (_gate)
            _running.Remove((trial, rung));
    }

    /// <summary>
    /// Restores a job finished in an earlier session of the same search: its score, and for rung above 0 the promotion
    /// that led to it. A trial with no job restored starts again from rung 0.
    /// </summary>
    public void Restore(int trial, int rung, double score)
    {
        lock (_gate)
        {
            _started.Add(trial);
            _scores[rung].Add((double.IsFinite(score) ? score : double.PositiveInfinity, trial));
            if (rung > 0)
                _promoted.Add((trial, rung - 1));
        }
    }
}
