// `recurrent classify eval`: a trained classifier (or an ensemble) on labelled examples: accuracy and macro F1 beside
// the majority-class baseline, each class's precision, recall, F1 and support, the confusion matrix as a table (and
// a PNG with --png), and how many characters the model's vocabulary lacked; or all of it as one JSON document.
// Texts are cleaned as training cleaned them (repeats and conflicts), unless told to keep them; numeric sequences are
// read with the columns, windows and label rule the model was trained on. A test set may hold a single class.
using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Recurrent.Classification;
using Recurrent.Cli.Plotting;
using Recurrent.Models;

namespace Recurrent.Cli;

internal static class ClassifyEvalCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string[]>("--model")
        {
            Description = "A classifier (.safetensors), made by `recurrent classify train`; several: an ensemble trained on the same classes, their probabilities averaged",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var inputs = new ClassifyInputs();
        var keepRepeats = new Option<bool>("--keep-repeats") { Description = "Count every repeat of an example (default: the first of each)" };
        var keepConflicts = new Option<bool>("--keep-conflicts") { Description = "Count texts that appear under two labels (default: leave them out)" };
        var png = new Option<string?>("--png") { Description = "Draw the confusion matrix to this PNG" };
        var json = new Option<bool>("--json") { Description = "Print one JSON document instead of the tables" };
        var command = new Command("eval", "Score a classifier on labelled examples: accuracy, per-class precision, recall and F1, macro F1, confusion matrix, majority baseline");
        foreach (var option in new Option[] { model }.Concat(inputs.All).Concat([keepRepeats, keepConflicts, png, json]))
            command.Options.Add(option);
        command.SetAction(parsed =>
        {
            string[] modelPaths = [.. parsed.GetValue(model)!.Select(path => Paths.Input("--model", path))];
            string? pngPath = parsed.GetResult(png) is null ? null : PngOutput.Check("--png", parsed.GetValue(png));
            var classifier = LoadClassifier(modelPaths, "eval");
            ClassificationReport report;
            string source;
            if (!classifier.ReadsText)
            {
                if (new Option[] { keepRepeats, keepConflicts }.FirstOrDefault(o => parsed.GetResult(o) is { Implicit: false }) is { } text)
                    throw new UsageException($"{text.Name} is for texts; these models read numeric sequences.");
                var table = inputs.Sequences(parsed, minimumClasses: 1, classifier.Sequences);
                report = classifier.Evaluate(table);
                source = $"{table.Sequences.Count} sequences of {table.Source}";
            }
            else
            {
                if (inputs.Numeric(parsed))
                    throw new UsageException("These models read texts; give the examples with --data (and --text-column), --class or --folder.");
                var texts = inputs.Texts(parsed, minimumClasses: 1);
                // cleaned as training cleaned its own examples, unless told to keep more
                var cleaned = texts.Cleaned(parsed.GetValue(keepRepeats) || classifier.Settings.KeepRepeats,
                    parsed.GetValue(keepConflicts) || classifier.Settings.KeepConflicts, minimumClasses: 1);
                report = classifier.Evaluate(cleaned);
                source = $"{cleaned.Examples.Count} examples of {texts.Source}" +
                    (cleaned.Examples.Count < texts.Examples.Count ? $" ({texts.Examples.Count - cleaned.Examples.Count} repeats or texts under two labels left out)" : "");
            }
            if (parsed.GetValue(json))
                context.Out.WriteLine(Json(report, classifier.Members.Count).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            else
                Print(context.Out, report, source, classifier);
            if (pngPath is not null)
            {
                ConfusionPlot.Write(report.Matrix, pngPath);
                (parsed.GetValue(json) ? context.Error : context.Out).WriteLine($"plot: {pngPath}");
            }
            return CliApp.Ok;
        });
        return command;
    }

    /// <summary>The classifier of the models in <paramref name="paths"/> (several: an ensemble), or one line that says what a file is instead.</summary>
    internal static Classifier LoadClassifier(IReadOnlyList<string> paths, string verb)
    {
        var bundles = new List<ModelBundle>();
        foreach (string path in paths)
        {
            var bundle = ModelFile.Load(path);
            if (!Classifier.IsClassifier(bundle))
                throw new RecurrentException($"'{path}' is {bundle.Describe()}; `recurrent classify {verb}` reads classifiers, made by `recurrent classify train`.");
            bundles.Add(bundle);
        }
        return new Classifier(bundles, [.. paths.Select(path => $"'{path}'")]);
    }

    internal static void Print(TextWriter output, ClassificationReport report, string source, Classifier classifier)
    {
        var m = report.Matrix;
        if (classifier.Members.Count > 1)
            output.WriteLine($"ensemble of {classifier.Members.Count} models: their probabilities averaged");
        output.WriteLine($"examples: {source}");
        if (classifier.ReadsText)
            output.WriteLine(ForecastCommand.Invariant($"unknown characters: {report.UnknownCharacters} (not in the model's vocabulary; read as unknown)"));
        output.WriteLine(ForecastCommand.Invariant($"accuracy {m.Accuracy:F4}  macro F1 {m.MacroF1:F4}  loss {report.MeanLoss:F4} nats"));
        output.WriteLine(ForecastCommand.Invariant($"majority class '{m.Labels[m.MajorityClass]}' always: accuracy {m.MajorityAccuracy:F4}"));
        output.WriteLine();
        int width = Math.Max(9, m.Labels.Max(label => label.Length));
        output.WriteLine($"{"class".PadRight(width)}  precision  recall      F1  support");
        for (int c = 0; c < m.Classes; c++)
            output.WriteLine(ForecastCommand.Invariant($"{m.Labels[c].PadRight(width)}  {m.Precision(c),9:F4}  {m.Recall(c),6:F4}  {m.F1(c),6:F4}  {m.Support(c),7}"));
        output.WriteLine();
        output.WriteLine("confusion matrix (rows: actual, columns: predicted):");
        int cell = Math.Max(6, Math.Max(m.Labels.Max(label => label.Length), m.Total.ToString(System.Globalization.CultureInfo.InvariantCulture).Length));
        output.WriteLine("".PadRight(width) + "  " + string.Join("  ", m.Labels.Select(label => label.PadLeft(cell))));
        for (int a = 0; a < m.Classes; a++)
            output.WriteLine(m.Labels[a].PadRight(width) + "  " + string.Join("  ", Enumerable.Range(0, m.Classes).Select(p => m.Count(a, p).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(cell))));
    }

    internal static JsonObject Json(ClassificationReport report, int members)
    {
        var m = report.Matrix;
        return new JsonObject
        {
            ["models"] = members,
            ["examples"] = m.Total,
            ["accuracy"] = m.Accuracy,
            ["macro_f1"] = m.MacroF1,
            ["loss"] = report.MeanLoss,
            ["unknown_characters"] = report.UnknownCharacters,
            ["majority"] = new JsonObject { ["class"] = m.Labels[m.MajorityClass], ["accuracy"] = m.MajorityAccuracy },
            ["classes"] = new JsonArray([.. Enumerable.Range(0, m.Classes).Select(c => (JsonNode)new JsonObject
            {
                ["label"] = m.Labels[c],
                ["precision"] = m.Precision(c),
                ["recall"] = m.Recall(c),
                ["f1"] = m.F1(c),
                ["support"] = m.Support(c),
            })]),
            ["confusion"] = new JsonArray([.. Enumerable.Range(0, m.Classes).Select(a =>
                (JsonNode)new JsonArray([.. Enumerable.Range(0, m.Classes).Select(p => (JsonNode)JsonValue.Create(m.Count(a, p)))]))]),
        };
    }
}
