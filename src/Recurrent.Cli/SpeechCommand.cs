// `recurrent speech`: spoken words from WAV files, in three verbs over one model file: train (a classifier of the
// words of a folder, {label}_{speaker}_{n}.wav or a folder per label, with --test-speakers held out of training),
// eval (accuracy, per-speaker accuracy and the confusion matrix on a folder's words) and predict (the most probable
// words of WAV files). The model file keeps how audio becomes features, so eval and predict compute them as training did.
using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Recurrent.Audio;
using Recurrent.Classification;
using Recurrent.Cli.Plotting;
using Recurrent.Models;
using Recurrent.Training;

namespace Recurrent.Cli;

public static class SpeechCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("speech", "Recognise spoken words from WAV files: train on a folder of recordings, evaluate on speakers held out, predict new files");
        command.Subcommands.Add(Train(context));
        command.Subcommands.Add(Eval(context));
        command.Subcommands.Add(Predict(context));
        return command;
    }

    /// <summary>Speech's training defaults: Adam 2e-3, clip 5, a validation every 100 steps, the best by accuracy.</summary>
    private static readonly TrainingOptions Defaults = new() { Steps = 2000, LearningRate = 2e-3, Clip = 5, EvalEvery = 100, ExplodeFactor = 0 };

    private static Command Train(CliContext context)
    {
        var data = new Option<string>("--data") { Description = "A folder of WAV files named label_speaker_n.wav, or of a folder per label holding speaker_n.wav", Required = true };
        var testSpeakers = new Option<string?>("--test-speakers") { Description = "Speakers left out of training, comma-separated (score them with `speech eval --speakers`)" };
        var featureFlags = new AudioFeatureFlags();
        var valFraction = new Option<double>("--val-fraction") { Description = "The share of each word of the training speakers held out for validation", DefaultValueFactory = _ => 0.1 };
        var cell = new Option<string>("--cell") { Description = "Recurrent cell: lstm, gru or rnn", DefaultValueFactory = _ => "gru" };
        var hidden = new Option<int>("--hidden") { Description = "Hidden units per layer and direction", DefaultValueFactory = _ => 64 };
        var layers = new Option<int>("--layers") { Description = "Stacked recurrent layers", DefaultValueFactory = _ => 1 };
        var bidirectional = new Option<bool>("--bidirectional") { Description = "Every layer also reads each word backwards" };
        var pool = new Option<string>("--pool") { Description = "What the head reads of each word: mean or max (over its frames), final (each direction's final state) or last", DefaultValueFactory = _ => "mean" };
        var dropout = new Option<double>("--dropout") { Description = "Dropout between layers and before the head, in [0, 1)", DefaultValueFactory = _ => 0.3 };
        var zoneout = new ZoneoutFlags();
        var batch = new Option<int>("--batch") { Description = "Words per training step", DefaultValueFactory = _ => 32 };
        var flags = new TrainingFlags(Defaults, "training batches, the augmentation and the validation split");
        var augment = new AugmentationFlags();
        var output = new Option<string>("--out") { Description = "Save the model here (.safetensors): a resumable checkpoint at every validation, the best model beside it, the metrics log", Required = true };
        var resume = new Option<string?>("--resume") { Description = "Continue the run saved in this checkpoint (on the same folder)" };
        Option[] fixedOnResume = [testSpeakers, .. featureFlags.All, valFraction, cell, hidden, layers, bidirectional, pool, dropout, .. zoneout.All, batch, .. augment.All, .. flags.FixedOnResume];
        var command = new Command("train", "Train a classifier of spoken words on a folder of WAV files");
        foreach (var option in new Option[] { data, testSpeakers }.Concat(featureFlags.All)
                     .Concat([valFraction, cell, hidden, layers, bidirectional, pool, dropout]).Concat(zoneout.All).Concat([batch]).Concat(augment.All).Concat(flags.All).Concat([output, resume]))
            command.Options.Add(option);
        command.SetAction(parsed =>
        {
            string folder = parsed.GetValue(data)!;
            string outPath = Paths.Output("--out", parsed.GetValue(output));
            using var runLock = RunLock.Acquire(outPath);
            ClassifierRun run;
            SpokenWords words;
            string[] heldOut;
            if (parsed.GetValue(resume) is string resumeValue)
            {
                string resumeFrom = Paths.Input("--resume", resumeValue);
                if (fixedOnResume.FirstOrDefault(o => parsed.GetResult(o) is { Implicit: false }) is { } given)
                    throw new UsageException($"{given.Name} cannot be given with --resume: the run continues with the settings saved in '{resumeFrom}'.");
                var saved = TrainingCheckpoint.Load(resumeFrom);
                var audio = new Classifier(saved.Model, $"'{resumeFrom}'").Audio
                    ?? throw new RecurrentException($"'{resumeFrom}' is not a speech model; `recurrent speech train --resume` continues runs of `speech train`.");
                heldOut = saved.Metadata.TryGetValue(HeldOutKey, out var held) ? ForecastCommand.Names(held) : [];
                var augmentation = saved.Metadata.TryGetValue(AugmentationKey, out var json) ? SavedAugmentation(json, resumeFrom) : AudioAugmentation.None;
                words = SpokenWords.Read(folder, audio);
                var (training, _) = words.SplitBySpeaker(heldOut);
                run = ClassifierRun.Resume(resumeFrom, (settings, seed) => ClassificationData.FromSpokenWords(words, training, settings, seed, augmentation),
                    flags.GivenSteps(parsed), outPath);
            }
            else
            {
                var settings = featureFlags.Read(parsed);
                heldOut = ForecastCommand.Names(parsed.GetValue(testSpeakers));
                words = SpokenWords.Read(folder, settings);
                var (training, _) = words.SplitBySpeaker(heldOut);
                var classifier = new ClassifierSettings
                {
                    Pooling = OptionChecks.Pooling("--pool", parsed.GetValue(pool)!),
                    ValidationFraction = OptionChecks.InRange("--val-fraction", parsed.GetValue(valFraction), 0, 1, maximumIncluded: false),
                };
                var cellKind = OptionChecks.Cell("--cell", parsed.GetValue(cell)!);
                var (zoneoutHidden, zoneoutCell) = zoneout.Read(parsed, cellKind);
                var model = new ClassifierModelOptions
                {
                    Cell = cellKind,
                    ZoneoutHidden = zoneoutHidden,
                    ZoneoutCell = zoneoutCell,
                    Hidden = OptionChecks.AtLeast("--hidden", parsed.GetValue(hidden), 1),
                    Layers = OptionChecks.AtLeast("--layers", parsed.GetValue(layers), 1),
                    Bidirectional = parsed.GetValue(bidirectional),
                    Dropout = OptionChecks.InRange("--dropout", parsed.GetValue(dropout), 0, 1, maximumIncluded: false),
                    Batch = OptionChecks.AtLeast("--batch", parsed.GetValue(batch), 1),
                };
                var options = flags.Read(parsed) with { SelectBy = classifier.ValidationFraction > 0 ? BestModelMetric.Accuracy : BestModelMetric.Loss };
                var augmentation = augment.Read(parsed);
                var prepared = ClassificationData.FromSpokenWords(words, training, classifier, options.Seed, augmentation);
                run = ClassifierRun.Start(prepared, model, options, outPath, new Dictionary<string, string>
                {
                    [HeldOutKey] = string.Join(",", heldOut),
                    [AugmentationKey] = augmentation.ToJson().ToJsonString(),
                });
            }
            var session = run.Session;
            if (session.IsComplete)
                return TrainingReport.AlreadyComplete(context.Out, session);
            var spec = session.Model.Spec;
            context.Out.WriteLine($"data: {words.Labels.Count} words of {words.SpeakerNames.Count} speakers from {words.Source}; " +
                $"training on {string.Join(", ", words.SpeakerNames.Except(heldOut))}" + (heldOut.Length > 0 ? $", held out: {string.Join(", ", heldOut)}" : ""));
            context.Out.WriteLine(ForecastCommand.Invariant($"words: {string.Join(", ", run.Data.Labels)} ({run.Data.TrainingCount} training, {run.Data.ValidationCount} validation)"));
            context.Out.WriteLine($"features: {run.Data.Audio}; augmentation: {run.Data.Augmentation}");
            context.Out.WriteLine(ForecastCommand.Invariant(
                $"model: {(spec.Bidirectional ? "bidirectional " : "")}{spec.Cell.ToName()} {spec.Layers}x{spec.Hidden} over {spec.InputSize} features a frame, {session.Model.Network.Parameters.Count} parameters; {session.Options.Steps} steps"));
            return TrainingReport.RunWithValidationLines(context, session, outPath, "speech",
                validation => ForecastCommand.Invariant($"val loss {validation.Loss:F5}  val accuracy {validation.Score.Accuracy ?? double.NaN:F4}"),
                outcome => outcome.BestValidationAccuracy is double accuracy ? ForecastCommand.Invariant($"; best validation accuracy {accuracy:F4}") : "",
                "--data ...");
        });
        return command;
    }

    /// <summary>
    /// The recordings whose statistics normalise the words for members trained with --normalize speaker: the --speaker-audio
    /// recordings (files, or every WAV file of a folder), else the words to recognise taken as one speaker's, said on
    /// stderr; null when no member normalises per speaker.
    /// </summary>
    /// <exception cref="UsageException">--speaker-audio when no member normalises per speaker.</exception>
    private static SpeakerRecordings? Speaker(CliContext context, IReadOnlyList<AudioFeatureSettings> settings, string[] speakerAudio, string[] wavPaths)
    {
        if (!settings.Any(s => s.Normalization == FeatureNormalization.Speaker))
            return speakerAudio.Length == 0 ? null
                : throw new UsageException("--speaker-audio applies to a model trained with --normalize speaker; this one normalises each word by itself.");
        if (speakerAudio.Length == 0)
        {
            context.Error.WriteLine($"note: the model normalises by the speaker's statistics; taking them from the {wavPaths.Length} file{(wavPaths.Length == 1 ? "" : "s")} given " +
                "as one speaker's (--speaker-audio gives more of the speaker's recordings: 10 words read nearly as well as 500)");
            return new SpeakerRecordings(wavPaths);
        }
        var recordings = new List<string>();
        foreach (string given in speakerAudio)
        {
            if (Directory.Exists(given))
            {
                var found = Directory.GetFiles(given).Where(f => f.EndsWith(".wav", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList();
                if (found.Count == 0)
                    throw new RecurrentException($"--speaker-audio: the folder '{given}' holds no .wav file.");
                recordings.AddRange(found);
            }
            else
                recordings.Add(Paths.Input("--speaker-audio", given));
        }
        return new SpeakerRecordings(recordings);
    }

    private static AudioAugmentation SavedAugmentation(string json, string path)
    {
        try
        {
            return AudioAugmentation.FromJson(JsonNode.Parse(json), $"'{path}'");
        }
        catch (JsonException)
        {
            throw new RecurrentException($"'{path}': the run's augmentation settings are damaged; it cannot be resumed.");
        }
    }

    /// <summary>The metadata keys of the speakers a speech run held out of training, and of its augmentation.</summary>
    private const string HeldOutKey = "train.test_speakers", AugmentationKey = "train.augmentation";

    private static Command Eval(CliContext context)
    {
        var model = new Option<string[]>("--model") { Description = "A speech model (.safetensors) made by `recurrent speech train`; several: an ensemble", Required = true, AllowMultipleArgumentsPerToken = false };
        var data = new Option<string>("--data") { Description = "A folder of WAV files named label_speaker_n.wav, or of a folder per label", Required = true };
        var speakers = new Option<string?>("--speakers") { Description = "Score only these speakers' words, comma-separated (default: every speaker)" };
        var png = new Option<string?>("--png") { Description = "Draw the confusion matrix to this PNG" };
        var json = new Option<bool>("--json") { Description = "Print one JSON document instead of the tables" };
        var command = new Command("eval", "Score a speech model on a folder of words: accuracy, per-speaker accuracy, per-word precision/recall/F1, confusion matrix") { model, data, speakers, png, json };
        command.SetAction(parsed =>
        {
            string[] modelPaths = [.. parsed.GetValue(model)!.Select(path => Paths.Input("--model", path))];
            string? pngPath = parsed.GetResult(png) is null ? null : PngOutput.Check("--png", parsed.GetValue(png));
            var classifier = ClassifyEvalCommand.LoadClassifier(modelPaths, "eval");
            var audio = classifier.Audio ?? throw new RecurrentException($"'{modelPaths[0]}' is not a speech model; `recurrent speech eval` reads models of `speech train`.");
            // Each way the members compute features reads the folder once (one, unless the ensemble mixes feature settings).
            string folder = parsed.GetValue(data)!;
            var read = classifier.AudioSettings.ToDictionary(settings => settings, settings => SpokenWords.Read(folder, settings));
            var words = read[audio];
            string[] chosen = ForecastCommand.Names(parsed.GetValue(speakers));
            if (chosen.FirstOrDefault(s => !words.SpeakerNames.Contains(s)) is { } unknown)
                throw new UsageException($"--speakers names '{unknown}', who is not in {words.Source}; its speakers are {string.Join(", ", words.SpeakerNames)}.");
            int[] members = [.. Enumerable.Range(0, words.Labels.Count).Where(n => chosen.Length == 0 || chosen.Contains(words.Speakers[n]))];
            IReadOnlyList<double[]> FeaturesOf(AudioFeatureSettings settings) => [.. members.Select(n => read[settings].Sequences[n])];
            var probabilities = classifier.Probabilities(FeaturesOf);
            var report = classifier.Report(probabilities, [.. members.Select(n => words.Labels[n])]);
            var perSpeaker = new List<(string Speaker, int Words, double Accuracy)>();
            foreach (var group in members.Select((n, k) => (n, k)).GroupBy(p => words.Speakers[p.n]).OrderBy(g => g.Key, StringComparer.Ordinal))
                perSpeaker.Add((group.Key, group.Count(), group.Average(p => classifier.Ranked(probabilities[p.k], 1)[0].Label == words.Labels[p.n] ? 1.0 : 0.0)));
            if (parsed.GetValue(json))
            {
                var document = ClassifyEvalCommand.Json(report, classifier.Members.Count);
                document["speakers"] = new JsonArray([.. perSpeaker.Select(s => (JsonNode)new JsonObject { ["speaker"] = s.Speaker, ["words"] = s.Words, ["accuracy"] = s.Accuracy })]);
                context.Out.WriteLine(document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            }
            else
            {
                ClassifyEvalCommand.Print(context.Out, report, $"{members.Length} words of {words.Source}", classifier);
                context.Out.WriteLine();
                foreach (var (speaker, count, accuracy) in perSpeaker)
                    context.Out.WriteLine(ForecastCommand.Invariant($"speaker {speaker}: accuracy {accuracy:F4} ({count} words)"));
            }
            if (pngPath is not null)
            {
                ConfusionPlot.Write(report.Matrix, pngPath);
                (parsed.GetValue(json) ? context.Error : context.Out).WriteLine($"plot: {pngPath}");
            }
            return CliApp.Ok;
        });
        return command;
    }

    private static Command Predict(CliContext context)
    {
        var model = new Option<string[]>("--model") { Description = "A speech model (.safetensors) made by `recurrent speech train`; several: an ensemble", Required = true, AllowMultipleArgumentsPerToken = false };
        var wav = new Option<string[]>("--wav") { Description = "A WAV file to recognise (repeat for several)", Required = true, AllowMultipleArgumentsPerToken = false };
        var top = new Option<int>("--top") { Description = "The most probable words shown per file (0: all)", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print one JSON document" };
        var speakerAudio = new Option<string[]>("--speaker-audio")
        {
            Description = "Recordings of the speaker (WAV files or folders of them, unlabelled) whose statistics normalise a model trained with --normalize speaker (default: the --wav files together)",
            AllowMultipleArgumentsPerToken = false,
        };
        var command = new Command("predict", "The most probable words of WAV files, with their probabilities") { model, wav, top, json, speakerAudio };
        command.SetAction(parsed =>
        {
            string[] modelPaths = [.. parsed.GetValue(model)!.Select(path => Paths.Input("--model", path))];
            var classifier = ClassifyEvalCommand.LoadClassifier(modelPaths, "predict");
            if (classifier.Audio is null)
                throw new RecurrentException($"'{modelPaths[0]}' is not a speech model; `recurrent speech predict` reads models of `speech train`.");
            int shown = OptionChecks.AtLeast("--top", parsed.GetValue(top), 0);
            var files = parsed.GetValue(wav)!;
            string[] wavPaths = [.. files.Select(file => Paths.Input("--wav", file))];
            var speaker = Speaker(context, classifier.AudioSettings, parsed.GetValue(speakerAudio) ?? [], wavPaths);
            var predictions = wavPaths.Select(file => classifier.PredictWav(file, shown, speaker)).ToList();
            if (parsed.GetValue(json))
            {
                context.Out.WriteLine(new JsonArray([.. files.Select((f, n) => (JsonNode)new JsonObject
                {
                    ["file"] = f,
                    ["words"] = new JsonArray([.. predictions[n].Select(p => (JsonNode)new JsonObject { ["label"] = p.Label, ["probability"] = p.Probability })]),
                })]).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                return CliApp.Ok;
            }
            for (int n = 0; n < files.Length; n++)
                context.Out.WriteLine($"{files[n]}\t" + string.Join("  ", predictions[n].Select(p => ForecastCommand.Invariant($"{p.Label} {p.Probability:F3}"))));
            return CliApp.Ok;
        });
        return command;
    }
}
