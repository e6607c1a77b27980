// `recurrent classify predict`: the most probable classes of new texts with their probabilities: one or more --text,
// or --data FILE with one text a line; printed as a line per text, or as JSON.
using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Recurrent.Data;

namespace Recurrent.Cli;

internal static class ClassifyPredictCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string[]>("--model")
        {
            Description = "A classifier of texts (.safetensors), made by `recurrent classify train`; several: an ensemble, their probabilities averaged",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var text = new Option<string[]>("--text") { Description = "A text to classify (repeat for several)", AllowMultipleArgumentsPerToken = false };
        var data = new Option<string?>("--data") { Description = "A file of texts to classify, one a line" };
        var top = new Option<int>("--top") { Description = "The most probable classes shown per text (0: all)", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print one JSON document" };
        var command = new Command("predict", "The most probable classes of new texts, with their probabilities") { model, text, data, top, json };
        command.SetAction(parsed =>
        {
            string[] modelPaths = [.. parsed.GetValue(model)!.Select(path => Paths.Input("--model", path))];
            string[] texts = parsed.GetValue(text) ?? [];
            string? dataPath = parsed.GetValue(data) is string given ? Paths.Input("--data", given) : null;
            if ((texts.Length > 0) == (dataPath is not null))
                throw new UsageException("Give the texts to classify: --text \"...\" (one or more), or --data FILE with one text a line.");
            int shown = OptionChecks.AtLeast("--top", parsed.GetValue(top), 0);
            var classifier = ClassifyEvalCommand.LoadClassifier(modelPaths, "predict");
            if (!classifier.ReadsText)
                throw new UsageException("These models read numeric sequences; `recurrent classify eval` scores them on a CSV of rows.");
            if (dataPath is not null)
            {
                texts = [.. TextFile.Read(dataPath).Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.Length > 0)];
                if (texts.Length == 0)
                    throw new RecurrentException($"'{dataPath}' holds no text to classify.");
            }
            var predictions = classifier.Predict(texts, shown);
            if (parsed.GetValue(json))
            {
                var array = new JsonArray([.. texts.Select((t, n) => (JsonNode)new JsonObject
                {
                    ["text"] = t,
                    ["classes"] = new JsonArray([.. predictions[n].Select(p => (JsonNode)new JsonObject { ["label"] = p.Label, ["probability"] = p.Probability })]),
                })]);
                context.Out.WriteLine(array.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
                return CliApp.Ok;
            }
            for (int n = 0; n < texts.Length; n++)
                context.Out.WriteLine($"{texts[n]}\t" + string.Join("  ", predictions[n].Select(p => ForecastCommand.Invariant($"{p.Label} {p.Probability:F3}"))));
            return CliApp.Ok;
        });
        return command;
    }
}
