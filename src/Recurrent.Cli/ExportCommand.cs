// `recurrent export`: a model file as an ONNX model, for ONNX Runtime and every other ONNX engine.
using System.CommandLine;
using System.Globalization;
using Recurrent.Models;
using Recurrent.Onnx;

namespace Recurrent.Cli;

public static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var model = new Option<string>("--model") { Description = "Model file (.safetensors) of any kind: character, task, forecaster, classifier, speech", Required = true };
        var output = new Option<string?>("--out") { Description = "The ONNX file to write (default: the model's path with .onnx)" };
        var command = new Command("export", "Write a model as an ONNX model (opset 17) for ONNX Runtime") { model, output };
        command.SetAction(parsed =>
        {
            string source = Paths.Input("--model", parsed.GetValue(model));
            string target = Paths.Output("--out", parsed.GetValue(output) ?? Path.ChangeExtension(source, ".onnx"));
            if (Path.GetFullPath(target) == Path.GetFullPath(source))
                throw new UsageException($"--out: '{target}' is the model file itself; give another path.");
            var loaded = ModelFile.Load(source);
            OnnxExport.Save(loaded, target);
            var spec = loaded.Spec;
            string input = spec.TakesTokens ? $"{OnnxNames.Tokens} [steps, batch]" : $"{OnnxNames.Inputs} [steps, batch, {spec.InputSize}]";
            string states = spec.Cell == CellKind.Lstm ? $"{OnnxNames.InitialHidden}, {OnnxNames.InitialCell}" : OnnxNames.InitialHidden;
            string outputs = spec.Head == HeadKind.Classification ? $"{OnnxNames.Logits}, {OnnxNames.Probabilities}" : OnnxNames.Values;
            string finals = spec.Cell == CellKind.Lstm ? $"{OnnxNames.FinalHidden}, {OnnxNames.FinalCell}" : OnnxNames.FinalHidden;
            context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {target} ({new FileInfo(target).Length / 1024.0:F1} KiB, ONNX opset {OnnxExport.Opset}, IR version {OnnxExport.IrVersion}): {loaded.Describe()}"));
            context.Out.WriteLine($"inputs: {input}; optional {OnnxNames.Lengths} [batch], {states}");
            context.Out.WriteLine($"outputs: {outputs}, {finals}");
            return CliApp.Ok;
        });
        return command;
    }
}
