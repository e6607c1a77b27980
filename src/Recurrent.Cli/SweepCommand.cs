// `recurrent sweep`: a hyperparameter search over any training verb. Each trial draws its options from the search
// space (Tuning.SearchParameter) and runs the verb given after `--`, in process, for a rung's steps; ASHA (Tuning.Asha)
// promotes the best 1/η of each rung to η times the steps. Promoted trials train again from their start with the
// larger budget, not resumed: a cosine schedule (and early stopping) depend on the total, so a run resumed past its
// planned end would not be the run its command describes. Workers run trials side by side (--parallel, each with
// --threads); a time limit stops them (each saves, as Ctrl+C does). DIR/sweep.json keeps every finished job, so the
// same command goes on after an interruption; DIR/leaderboard.csv ranks the jobs, DIR/curves.png draws their
// validation curves, and the best trial is printed as the exact command that trains it alone.
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Recurrent.Cli.Plotting;
using Recurrent.IO;
using Recurrent.Numerics;
using Recurrent.Training;
using Recurrent.Tuning;

namespace Recurrent.Cli;

public static class SweepCommand
{
    private static readonly string[] Verbs = ["train", "task", "forecast", "classify", "speech"];

    public static Command Create(CliContext context)
    {
        var output = new Option<string>("--out") { Description = "Folder of the sweep: its state (sweep.json), the trials' runs, leaderboard.csv and curves.png", Required = true };
        var parameters = new Option<string[]>("--param")
        {
            Description = "A searched option, NAME=SPEC: lr=log:1e-4..1e-2, dropout=uniform:0..0.5, hidden=int:64..512, hidden=intlog:64..1024, cell=choice:lstm,gru, or a fixed clip=1",
            AllowMultipleArgumentsPerToken = false,
        };
        var space = new Option<string?>("--space") { Description = "A file of NAME=SPEC lines (# starts a comment), searched with any --param" };
        var trials = new Option<int>("--trials") { Description = "Trials started at the first rung", DefaultValueFactory = _ => 27 };
        var minSteps = new Option<long>("--min-steps") { Description = "Steps of the first rung", DefaultValueFactory = _ => 100 };
        var maxSteps = new Option<long>("--max-steps") { Description = "Steps of the top rung", DefaultValueFactory = _ => 2700 };
        var eta = new Option<int>("--eta") { Description = "Reduction factor: the best 1/η of a rung go on with η times the steps", DefaultValueFactory = _ => 3 };
        var parallel = new Option<int>("--parallel") { Description = "Trials run side by side (default: one per core, each with --threads 1)", DefaultValueFactory = _ => 0 };
        var minutes = new Option<double>("--minutes") { Description = "Wall-clock budget of the whole sweep; the running trials stop and save when it is spent; 0 = none", DefaultValueFactory = _ => 0 };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the trials' draws", DefaultValueFactory = _ => 1 };
        var command = new Argument<string[]>("command") { Description = "After --: the training command each trial runs, without --steps, --out or --threads (as: -- train --data tinyshakespeare --hidden 256)", Arity = ArgumentArity.OneOrMore };
        var sweep = new Command("sweep", "Search training options with asynchronous successive halving (ASHA) under a time budget")
        {
            output, parameters, space, trials, minSteps, maxSteps, eta, parallel, minutes, seed, command,
        };
        sweep.SetAction(parsed =>
        {
            string folder = parsed.GetValue(output)!;
            if (File.Exists(folder))
                throw new UsageException($"--out: '{folder}' is a file; give the folder of the sweep.");
            var searched = (parsed.GetValue(parameters) ?? []).ToList();
            if (parsed.GetValue(space) is { } spaceFile)
                searched.InsertRange(0, File.ReadAllLines(Paths.Input("--space", spaceFile)).Select(l => l.Split('#')[0].Trim()).Where(l => l.Length > 0));
            if (searched.Count == 0)
                throw new UsageException("Give the options to search: --param NAME=SPEC (as lr=log:1e-4..1e-2) or --space FILE.");
            var space_ = searched.Select(SearchParameter.Parse).ToArray();
            string[] trialCommand = parsed.GetValue(command)!;
            CheckCommand(trialCommand, space_);
            int workers = parsed.GetValue(parallel) is int p and > 0 ? p : Math.Max(1, Environment.ProcessorCount);
            // Each trial's threads: --threads when given, else 1 (one trial per core is the default).
            var threadsOption = ThreadsOption(sweep);
            int threads = parsed.GetResult(threadsOption) is { Implicit: false } ? parsed.GetValue(threadsOption) : 1;
            var definition = new SweepDefinition([.. searched], OptionChecks.AtLeast("--trials", parsed.GetValue(trials), 1),
                OptionChecks.AtLeast("--min-steps", parsed.GetValue(minSteps), 1L), parsed.GetValue(maxSteps),
                OptionChecks.AtLeast("--eta", parsed.GetValue(eta), 2), parsed.GetValue(seed), trialCommand);
            if (definition.MaxSteps < definition.MinSteps)
                throw new UsageException($"--max-steps ({definition.MaxSteps}) must be at least --min-steps ({definition.MinSteps}).");
            double budget = OptionChecks.InRange("--minutes", parsed.GetValue(minutes), 0, double.PositiveInfinity);
            return new SweepRun(context, folder, definition, space_, workers, threads, budget).Run();
        });
        return sweep;
    }

    private static Option<int> ThreadsOption(Command command) => (Option<int>)command.Options.First(o => o.Name == "--threads");

    /// <summary>The trial command must name a training verb and leave --steps, --out, --resume and --threads to the sweep.</summary>
    private static void CheckCommand(string[] command, SearchParameter[] space)
    {
        if (!Verbs.Contains(command[0]))
            throw new UsageException($"After --, give the training command each trial runs ({string.Join(", ", Verbs)}), not '{command[0]}'.");
        foreach (string reserved in new[] { "--steps", "--out", "--resume", "--threads" })
            if (command.Any(arg => arg == reserved || arg.StartsWith(reserved + "=", StringComparison.Ordinal)))
                throw new UsageException($"The sweep sets {reserved} of every trial; leave it out of the command after --.");
        foreach (var parameter in space)
            if (command.Contains("--" + parameter.Name))
                throw new UsageException($"--{parameter.Name} is searched; leave it out of the command after --.");
    }

    /// <summary>One session of a sweep: its workers, the scheduler and the files.</summary>
    private sealed class SweepRun(CliContext context, string folder, SweepDefinition definition, SearchParameter[] space, int workers, int threads,
        double minutes)
    {
        private readonly object _gate = new();
        private SweepState _state = null!;
        private Asha _asha = null!;
        private string? _fatal; // set when the command itself is wrong: the first trials all fail alike, none finished
        private readonly List<string> _failures = [];

        public int Run()
        {
            Directory.CreateDirectory(Path.Combine(folder, "trials"));
            var saved = SweepState.Load(folder);
            if (saved is not null && !saved.Definition.SameAs(definition))
                throw new RecurrentException($"'{folder}' holds another sweep (its search, rungs or command differ); give another --out, or the same options to go on.");
            _state = saved ?? new SweepState { Definition = definition };
            _asha = new Asha(definition.Trials, definition.MinSteps, definition.MaxSteps, definition.Eta);
            foreach (var job in _state.Jobs)
                _asha.Restore(job.Trial, job.Rung, job.Score);
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"sweep of {definition.Trials} trials over {space.Length} option(s), rungs of {string.Join(", ", _asha.RungSteps)} steps (η = {definition.Eta}); {workers} at a time, {threads} thread(s) each{(minutes > 0 ? $", {minutes:0.##} minutes" : "")}{(saved is not null ? $"; going on after {_state.Jobs.Count} finished job(s)" : "")}"));

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation);
            if (minutes > 0)
                stop.CancelAfter(TimeSpan.FromMinutes(minutes));
            var clock = Stopwatch.StartNew();
            var tasks = Enumerable.Range(0, workers).Select(_ => Task.Run(() => Work(stop))).ToArray();
            Task.WaitAll(tasks);
            if (_fatal is not null)
                throw new RecurrentException($"The trials' command fails before any trial finished, so the sweep stopped: {_fatal}");
            WriteResults();
            var best = Best();
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sweep time: {clock.Elapsed.TotalMinutes:F1} min; {_state.Jobs.Count} job(s) finished"));
            if (best is null)
                throw new RecurrentException($"No trial finished (see the logs in '{Path.Combine(folder, "trials")}').");
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"best: trial {best.Trial}, validation loss {best.Score:F4} after {best.Steps} steps ({best.Seconds / 60:F1} min of training)"));
            context.Out.WriteLine("  recurrent " + string.Join(' ', CommandOf(best.Trial, best.Steps, "best.safetensors").Select(Quote)));
            if (context.Cancellation.IsCancellationRequested)
                return CliApp.Interrupted;
            return CliApp.Ok;
        }

        private void Work(CancellationTokenSource stopping)
        {
            var stop = stopping.Token;
            while (!stop.IsCancellationRequested)
            {
                var next = _asha.Next(out bool finished);
                if (next is not (int trial, int rung))
                {
                    if (finished)
                        return;
                    Thread.Sleep(200); // a promotion waits for the rung's running jobs
                    continue;
                }
                long steps = _asha.RungSteps[rung];
                string model = Path.Combine(folder, "trials", string.Create(CultureInfo.InvariantCulture, $"t{trial:D3}-r{rung}.safetensors"));
                string[] args = [.. CommandOf(trial, steps, model), "--threads", threads.ToString(CultureInfo.InvariantCulture)];
                var log = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
                log.WriteLine("recurrent " + string.Join(' ', args.Select(Quote)));
                var clock = Stopwatch.StartNew();
                int code = CliApp.Run(args, new CliContext(log, log, stop));
                double seconds = clock.Elapsed.TotalSeconds;
                File.WriteAllText(Path.ChangeExtension(model, ".log"), log.ToString());
                double? score = code == CliApp.Ok ? Score(model) : null;
                if (score is not double value)
                {
                    _asha.Abandon(trial, rung);
                    if (code != CliApp.Interrupted)
                        lock (_gate)
                        {
                            context.Out.WriteLine($"trial {trial} at {steps} steps failed (exit {code}); see {Path.ChangeExtension(model, ".log")}");
                            // A trial may fail on its own (a learning rate that explodes); three failing alike before any
                            // success is the command's fault, and the sweep stops with its message.
                            string error = log.ToString().Split('\n').LastOrDefault(l => l.StartsWith("error: ", StringComparison.Ordinal))?["error: ".Length..]
                                ?? $"exit {code}";
                            if (_state.Jobs.Count == 0 && code is CliApp.UserError or CliApp.BadUsage)
                            {
                                _failures.Add(error);
                                if (_failures.Count >= Math.Min(3, definition.Trials) && _failures.Distinct().Count() == 1)
                                {
                                    _fatal ??= error;
                                    stopping.Cancel();
                                }
                            }
                        }
                    continue;
                }
                _asha.Report(trial, rung, value);
                lock (_gate)
                {
                    _state.Jobs.Add(new SweepJob(trial, rung, steps, value, seconds, Path.GetFileName(model)));
                    _state.Save(folder);
                    context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"trial {trial,3} rung {rung} ({steps} steps): validation loss {value:F4} in {seconds:F0} s  {Describe(trial)}"));
                }
            }
        }

        /// <summary>The command of a trial at a budget: the verb's arguments, the trial's drawn options, --steps and --out.</summary>
        private string[] CommandOf(int trial, long steps, string model)
        {
            var values = ValuesOf(trial);
            return [.. definition.Command, .. space.SelectMany(p => new[] { "--" + p.Name, values[p.Name] }), "--steps",
                steps.ToString(CultureInfo.InvariantCulture), "--out", model];
        }

        /// <summary>The values trial <paramref name="trial"/> drew: from its own generator, so they do not depend on which worker ran first.</summary>
        private Dictionary<string, string> ValuesOf(int trial)
        {
            lock (_gate)
            {
                if (_state.Trials.FirstOrDefault(t => t.Id == trial) is { } known)
                    return known.Values;
                var rng = new Rng(definition.Seed * 0x9E37_79B9_7F4A_7C15UL + (ulong)trial + 1);
                var values = space.ToDictionary(p => p.Name, p => p.Sample(rng));
                _state.Trials.Add(new SweepTrial(trial, values));
                return values;
            }
        }

        private string Describe(int trial) => string.Join(' ', ValuesOf(trial).Select(pair => $"--{pair.Key} {pair.Value}"));

        /// <summary>The run's best validation loss, from its checkpoint's metadata; null when it has none.</summary>
        private static double? Score(string model)
        {
            try
            {
                var metadata = SafetensorsFile.Read(model).Metadata;
                return metadata.TryGetValue("val_loss", out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double loss)
                    ? loss : null;
            }
            catch (CheckpointException)
            {
                return null;
            }
        }

        /// <summary>The best job of the highest rung reached: the lowest validation loss among the most-trained.</summary>
        private SweepJob? Best() =>
            _state.Jobs.OrderByDescending(j => j.Rung).ThenBy(j => j.Score).ThenBy(j => j.Trial).FirstOrDefault();

        private void WriteResults()
        {
            var csv = new StringBuilder("rank,trial,rung,steps,val_loss,seconds," + string.Join(',', space.Select(p => p.Name)) + "\n");
            int rank = 1;
            foreach (var job in _state.Jobs.OrderByDescending(j => j.Rung).ThenBy(j => j.Score).ThenBy(j => j.Trial))
            {
                var values = ValuesOf(job.Trial);
                csv.Append(string.Create(CultureInfo.InvariantCulture, $"{rank++},{job.Trial},{job.Rung},{job.Steps},{job.Score:R},{job.Seconds:F1},"))
                    .AppendJoin(',', space.Select(p => values[p.Name])).Append('\n');
            }
            WholeFile.Write(Path.Combine(folder, "leaderboard.csv"), Encoding.UTF8.GetBytes(csv.ToString()), "the leaderboard");
            var curves = _state.Jobs
                .Select(job => (Label: $"trial {job.Trial}, {job.Steps} steps", Records: MetricsOf(Path.Combine(folder, "trials", job.Model))))
                .Where(c => c.Records.Count > 0)
                .ToList();
            if (curves.Count > 0)
                SweepPlot.Write(curves, Path.Combine(folder, "curves.png"));
        }

        private static IReadOnlyList<MetricsRecord> MetricsOf(string model)
        {
            try
            {
                return MetricsLog.Read(MetricsLog.PathFor(model));
            }
            catch (Exception e) when (e is RecurrentException or IOException)
            {
                return [];
            }
        }

        private static string Quote(string arg) => arg.Length > 0 && arg.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+".Contains(c)) ? arg : $"'{arg.Replace("'", "'\\''")}'";
    }
}
