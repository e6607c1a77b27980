// The hyperparameter search: search parameters parse and draw inside their ranges; ASHA starts every trial, promotes
// the best 1/η of each rung and picks up a saved search; `recurrent sweep` runs trials side by side, writes its
// leaderboard and curves, prints a winning command that, run alone, gives the winner's validation loss to the last
// digit, goes on after an interruption without redoing finished jobs, refuses another search under the same folder,
// and says bad input in one line.
using System.Globalization;
using Recurrent.IO;
using Recurrent.Numerics;
using Recurrent.Tests.Cli;
using Recurrent.Tests.IO;
using Recurrent.Tuning;

namespace Recurrent.Tests.Tuning;

public sealed class SweepTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("lr=log:1e-4..1e-2", SearchDistribution.LogUniform)]
    [InlineData("--dropout=uniform:0..0.5", SearchDistribution.Uniform)]
    [InlineData("hidden=int:64..512", SearchDistribution.Integer)]
    [InlineData("hidden=intlog:16..1024", SearchDistribution.LogInteger)]
    [InlineData("cell=choice:lstm,gru,rnn", SearchDistribution.Choice)]
    [InlineData("clip=1", SearchDistribution.Choice)]
    public void Parameters_draw_inside_their_ranges(string text, SearchDistribution kind)
    {
        var parameter = SearchParameter.Parse(text);
        Assert.Equal(kind, parameter.Distribution);
        Assert.DoesNotContain("-", parameter.Name[..1]);
        var rng = new Rng(5);
        var drawn = Enumerable.Range(0, 2000).Select(_ => parameter.Sample(rng)).ToList();
        switch (kind)
        {
            case SearchDistribution.Choice:
                Assert.Equal(parameter.Choices.Order(), drawn.Distinct().Order());
                break;
            default:
                var values = drawn.Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToList();
                Assert.All(values, v => Assert.InRange(v, parameter.Low, parameter.High));
                if (kind is SearchDistribution.Integer or SearchDistribution.LogInteger)
                    Assert.All(values, v => Assert.Equal(Math.Floor(v), v));
                if (kind == SearchDistribution.LogUniform) // a log scale: as many draws below the geometric mean as above
                    Assert.InRange(values.Count(v => v < Math.Sqrt(parameter.Low * parameter.High)), 850, 1150);
                break;
        }
    }

    [Theory]
    [InlineData("lr")]
    [InlineData("=log:1..2")]
    [InlineData("lr=log:0..1")]
    [InlineData("lr=log:2..1")]
    [InlineData("hidden=int:1.5..8")]
    [InlineData("lr=normal:0..1")]
    [InlineData("cell=choice:lstm,,gru")]
    public void Bad_parameters_are_refused_with_their_text(string text) =>
        Assert.Contains(text, Assert.Throws<RecurrentException>(() => SearchParameter.Parse(text)).Message);

    [Fact]
    public void Asha_starts_every_trial_and_promotes_the_best_third_of_each_rung()
    {
        var asha = new Asha(9, 10, 90, 3);
        Assert.Equal([10L, 30, 90], asha.RungSteps);
        var jobs = new List<(int Trial, int Rung)>();
        while (asha.Next(out bool finished) is (int trial, int rung))
        {
            Assert.False(finished);
            jobs.Add((trial, rung));
            asha.Report(trial, rung, score: trial * 1.0 + rung * 0.01); // trial 0 is the best at every rung
        }
        Assert.True(asha.Next(out bool done) is null && done);
        Assert.Equal(Enumerable.Range(0, 9), jobs.Where(j => j.Rung == 0).Select(j => j.Trial).Order());
        Assert.Equal([0, 1, 2], jobs.Where(j => j.Rung == 1).Select(j => j.Trial).Order());
        Assert.Equal([0], jobs.Where(j => j.Rung == 2).Select(j => j.Trial));
        // As soon as 3 trials have a rung-0 score, the best of them goes on before a new trial starts.
        Assert.Equal((0, 1), jobs[3]);

        var again = new Asha(9, 10, 90, 3);
        foreach (var (trial, rung) in jobs.Take(5))
            again.Restore(trial, rung, trial * 1.0 + rung * 0.01);
        var rest = new List<(int, int)>();
        while (again.Next(out _) is (int trial, int rung))
        {
            rest.Add((trial, rung));
            again.Report(trial, rung, trial * 1.0 + rung * 0.01);
        }
        Assert.Equal(jobs.Skip(5).OrderBy(j => j).ToList(), rest.OrderBy(j => j).ToList()); // nothing redone, nothing left out
    }

    private string[] Sweep(string folder, params string[] extra) =>
        ["sweep", "--out", folder, "--param", "lr=log:2e-3..3e-2", "--param", "hidden=choice:8,16", "--trials", "6", "--min-steps", "10",
         "--max-steps", "30", "--eta", "2", "--parallel", "2", .. extra,
         "--", "train", "--data", "demo", "--seq-len", "16", "--batch", "4", "--val-fraction", "0.02", "--eval-every", "10", "--print-every", "1000"];

    [Fact]
    public void A_sweep_ranks_its_jobs_and_prints_a_command_that_reproduces_the_winner()
    {
        string folder = _dir.File("sweep");
        var run = CliRunner.Run(Sweep(folder));
        Assert.True(run.ExitCode == 0, run.Error + run.Out);
        Assert.Contains("rungs of 10, 20, 30 steps (η = 2); 2 at a time, 1 thread(s) each", run.Out);
        string[] rows = File.ReadAllLines(Path.Combine(folder, "leaderboard.csv"));
        Assert.Equal("rank,trial,rung,steps,val_loss,seconds,lr,hidden", rows[0]);
        Assert.True(rows.Length >= 1 + 6 + 3, string.Join("\n", rows)); // six trials at rung 0, three at rung 1 at least
        Assert.True(new FileInfo(Path.Combine(folder, "curves.png")).Length > 10_000);

        // The winner's command, run alone, trains the same model: the same validation loss to the last digit.
        string line = run.OutLines.Single(l => l.StartsWith("  recurrent train ", StringComparison.Ordinal));
        string[] winner = line.Trim().Split(' ')[1..];
        string alone = _dir.File("alone.safetensors");
        winner[Array.IndexOf(winner, "--out") + 1] = alone;
        var retrained = CliRunner.Run(winner);
        Assert.True(retrained.ExitCode == 0, retrained.Error);
        string[] best = rows[1].Split(',');
        Assert.Equal(double.Parse(best[4], CultureInfo.InvariantCulture),
            double.Parse(SafetensorsFile.Read(alone).Metadata["val_loss"], CultureInfo.InvariantCulture));
        Assert.Contains($"--steps {best[3]} ", line);
    }

    [Fact]
    public void A_sweep_goes_on_after_an_interruption_and_refuses_another_search_in_its_folder()
    {
        string folder = _dir.File("again");
        Assert.Equal(0, CliRunner.Run(Sweep(folder)).ExitCode);
        string state = File.ReadAllText(Path.Combine(folder, "sweep.json"));
        int jobs = File.ReadAllLines(Path.Combine(folder, "leaderboard.csv")).Length - 1;

        var again = CliRunner.Run(Sweep(folder));
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Contains($"going on after {jobs} finished job(s)", again.Out);
        Assert.DoesNotContain("rung 0 (", again.Out); // nothing was trained twice
        Assert.Equal(state, File.ReadAllText(Path.Combine(folder, "sweep.json")));

        var other = CliRunner.Run(Sweep(folder, "--seed", "2"));
        CliRunner.AssertUserError(other, "holds another sweep");
    }

    [Theory]
    [InlineData(new[] { "sweep", "--out", "S", "--", "train", "--data", "demo" }, "Give the options to search")]
    [InlineData(new[] { "sweep", "--out", "S", "--param", "lr=log:1e-3..1e-2", "--", "train", "--data", "demo", "--steps", "5" }, "The sweep sets --steps")]
    [InlineData(new[] { "sweep", "--out", "S", "--param", "lr=log:1e-3..1e-2", "--", "eval", "--data", "demo" }, "not 'eval'")]
    [InlineData(new[] { "sweep", "--out", "S", "--param", "lr=log:1e-3..1e-2", "--", "train", "--lr", "0.1" }, "--lr is searched")]
    [InlineData(new[] { "sweep", "--out", "S", "--param", "lr=wide:1..2", "--", "train", "--data", "demo" }, "'wide' is not a distribution")]
    [InlineData(new[] { "sweep", "--out", "S", "--param", "lr=log:1e-3..1e-2", "--min-steps", "50", "--max-steps", "10", "--", "train" }, "--max-steps (10) must be at least --min-steps (50)")]
    [InlineData(new[] { "sweep", "--out", "S", "--param", "lr=log:1e-3..1e-2", "--trials", "5", "--min-steps", "5", "--max-steps", "10", "--", "train", "--data", "no-such-file.txt" },
        "fails before any trial finished, so the sweep stopped: The data file 'no-such-file.txt' does not exist")]
    public void Bad_sweeps_are_one_line(string[] args, string message) =>
        CliRunner.AssertUserError(CliRunner.Run([.. args.Select(a => a == "S" ? _dir.File("bad") : a)]), message);
}
